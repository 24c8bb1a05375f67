"""The economy API (/api/economy): indicators with their derived figures, trends, the bulletin sentence, the import
of the statistics bureau's tables, parks, enterprises with their output series, and the innovation double target.

Reads: anyone logged in (bearer token or session); the bulletin text is public. Import: statisticians and
administrators. Figures are Decimal strings without trailing zeros.
"""

from django.utils.translation import gettext as _
from ninja import File, Router, Status

from gaoxin.core.api import AUTH, ERRORS, Count, Line, NonEmptyUpload, Offset, gated, require
from gaoxin.core.errors import DomainError, NotFound
from gaoxin.economy import actions, imports, rules, selectors
from gaoxin.economy.bulletins import bulletin_text
from gaoxin.economy.figures import tidy
from gaoxin.economy.models import Area, Enterprise, Indicator
from gaoxin.economy.periods import parse_period
from gaoxin.economy.schemas import (
    BulletinOut,
    EnterpriseDetailOut,
    EnterpriseListOut,
    ImportBatchOut,
    ImportOut,
    ImportRejectedOut,
    IndicatorListOut,
    InnovationOut,
    ParkOut,
    TrendOut,
)

router = Router(auth=AUTH, tags=["经济运行 economy"])


def _may_import(user, **path):
    """Imports and their records are the statisticians' (as on the pages), decided before the file is read; an
    applicant may not know of them at all."""
    if not rules.may_read(user):
        raise NotFound(_("未找到"))
    require(rules.may_import(user), _("只有统计员和管理员可以导入经济指标"))


def row_out(row: selectors.Row) -> dict:
    return {
        "indicator": row.indicator.code,
        "indicator_name": row.indicator.name,
        "unit": row.indicator.unit,
        "comparable": row.indicator.comparable,
        "area": row.area.code,
        "area_name": row.area.name,
        "area_kind": row.area.kind,
        "period": row.period.code,
        "period_label": row.period.label,
        "level": tidy(row.level),
        "growth": tidy(row.growth),
        "city": row.city.code if row.city else None,
        "city_level": tidy(row.city_level),
        "city_growth": tidy(row.city_growth),
        "diff_points": tidy(row.diff_points),
        "rank": row.rank,
        "rank_of": row.rank_of,
    }


@router.get(
    "/indicators",
    response={200: IndicatorListOut, **ERRORS},
    summary="指标数值：总量、同比增长、与全市相差（百分点）、在全市区县中的增速排名",
)
def indicators(request, area: Line = "", period: Line = "", indicator: Line = ""):
    """area: an area code (all areas when empty); period: 2020, 2021Q1, 2021M01-05 … (the latest full year when
    empty); indicator: an indicator code (all when empty)."""
    the_area = selectors.area_by_code(area) if area else None
    the_period = selectors.read_period(period, area=the_area)
    if the_period is None:
        return {"period": None, "period_label": None, "items": []}
    areas = [the_area] if the_area else list(Area.objects.select_related("parent"))
    items = []
    for each in areas:
        rows = selectors.indicator_rows(request.user, area=each, period=the_period)
        items.extend(row_out(r) for r in rows if not indicator or r.indicator.code == indicator)
    return {"period": the_period.code, "period_label": the_period.label, "items": items}


@router.get("/trend", response={200: TrendOut, **ERRORS}, summary="趋势：同一时段（全年或1—N月）历年的数值与增速")
def trend(request, indicator: str, area: Line = "", end_month: Count = 12):
    the_indicator = Indicator.objects.filter(code=indicator).first()
    if the_indicator is None:
        raise NotFound(_("没有代码为“%(code)s”的指标") % {"code": indicator}, field="indicator")
    the_area = selectors.area_by_code(area) if area else selectors.zone_area()
    if not 1 <= end_month <= 12:
        raise DomainError(_("截止月份应为 1–12"), field="end_month")
    points = selectors.trend(request.user, indicator=the_indicator, area=the_area, end_month=end_month)
    return {
        "indicator": the_indicator.code,
        "area": the_area.code,
        "points": [
            {
                "period": p["period"].code,
                "period_label": p["period"].label,
                "level": tidy(p["level"]),
                "growth": tidy(p["growth"]),
                "city_growth": tidy(p["city_growth"]),
                "diff_points": tidy(p["diff_points"]),
                "rank": p["rank"],
            }
            for p in points
        ],
    }


@router.get("/bulletin", auth=None, response={200: BulletinOut, **ERRORS}, summary="统计公报语句（公开）")
def bulletin(request, area: Line = "", period: Line = ""):
    the_area = selectors.area_by_code(area) if area else selectors.zone_area()
    if the_area is None:
        raise NotFound(_("没有统计地区"), field="area")
    the_period = parse_period(period) if period else selectors.latest_period(the_area)
    if the_period is None:
        raise NotFound(_("%(area)s没有统计数据") % {"area": the_area.name}, field="period")
    return {"text": bulletin_text(area=the_area, period=the_period)}


@router.post(
    "/import",
    auth=gated(_may_import),
    response={**ERRORS, 200: ImportOut, 400: ImportRejectedOut},
    summary="导入统计局报表（Excel 或 CSV；统计员、管理员）；有任何错误则全部不导入并列出每个问题",
)
def import_figures(request, file: File[NonEmptyUpload]):
    try:
        outcome = actions.indicator_import(actor=request.user, file_name=file.name or "", content=file.read())
    except imports.ImportRejected as rejected:
        return Status(
            400,
            {
                "detail": rejected.message,
                "code": rejected.code,
                "field": rejected.field,
                "problems": [p.as_dict() for p in rejected.problems],
            },
        )
    return {
        "batch": str(outcome.batch.pk) if outcome.batch else None,
        "written": outcome.written,
        "replaced": outcome.replaced,
        "unchanged": outcome.unchanged,
        "periods": [vars(p) for p in outcome.periods],
    }


@router.get(
    "/imports",
    auth=gated(_may_import),
    response={200: list[ImportBatchOut], **ERRORS},
    summary="导入记录（最近 50 次）",
)
def import_batches(request):
    return [
        {
            "id": str(b.pk),
            "imported_at": b.imported_at,
            "imported_by": b.imported_by.username if b.imported_by else None,
            "file_name": b.file_name,
            "periods": b.periods,
            "written": b.written,
            "replaced": b.replaced,
            "unchanged": b.unchanged,
        }
        for b in selectors.recent_imports(request.user, limit=50)
    ]


@router.get("/parks", response={200: list[ParkOut], **ERRORS}, summary="园区及在册企业数")
def parks(request):
    return [
        {
            "code": s["park"].code,
            "name": s["park"].name,
            "short_name": s["park"].short_name,
            "enterprise_count": s["enterprise_count"],
        }
        for s in selectors.park_summaries(request.user)
    ]


def enterprise_out(e: Enterprise) -> dict:
    return {
        "uscc": e.uscc,
        "name": e.name,
        "park": e.park.code if e.park else None,
        "park_name": e.park.name if e.park else None,
        "industry": e.industry,
        "legal_representative": e.legal_representative,
        "established_on": e.established_on,
        "registered_capital": tidy(e.registered_capital),
        "status": e.status,
        "licensed_here": e.source_case_id is not None,
        "source_case": e.source_case.number if e.source_case_id else None,
    }


@router.get(
    "/enterprises",
    response={200: EnterpriseListOut, **ERRORS},
    summary="企业库（park=园区代码，none 为未入园企业；q 搜索名称、信用代码、行业）",
)
def enterprises(request, park: Line = "", q: Line = "", limit: Count = 100, offset: Offset = 0):
    rows = selectors.enterprise_list(request.user, park=park, q=q.strip())
    limit, offset = max(1, min(limit, 500)), max(offset, 0)
    return {"count": rows.count(), "items": [enterprise_out(e) for e in rows[offset : offset + limit]]}


@router.get(
    "/enterprises/{uscc}", response={200: EnterpriseDetailOut, **ERRORS}, summary="企业及其产能、产量、产值序列"
)
def enterprise(request, uscc: str):
    found = selectors.enterprise_for(request.user, uscc)
    series = selectors.output_series_of(request.user, found)
    return {
        **enterprise_out(found),
        "address": found.address,
        "business_scope": found.business_scope,
        "series": [
            {
                "metric": s["series"].metric,
                "metric_label": s["series"].get_metric_display(),
                "product": s["series"].product,
                "unit": s["series"].unit,
                "points": [{"on": p.on, "value": tidy(p.value)} for p in s["points"]],
            }
            for s in series
        ],
    }


@router.get(
    "/innovation",
    response={200: InnovationOut, **ERRORS},
    summary="创新主体、创新平台“双倍增”：基数、目标、现有数量与完成率",
)
def innovation(request):
    data = selectors.innovation_progress(request.user)
    return {
        "latest_year": data["latest_year"],
        "kinds": [
            {**{k: v for k, v in kind.items() if k != "rows"}, "completion": tidy(kind["completion"])}
            | {"increase": tidy(kind["increase"])}
            for kind in data["kinds"]
        ],
        "categories": [
            {
                "code": r["category"].code,
                "name": r["category"].name,
                "kind": r["category"].kind,
                "baseline_year": r["category"].baseline_year,
                "baseline": r["baseline"],
                "target_year": r["category"].target_year,
                "target": r["target"],
                "year": r["year"],
                "current": r["current"],
                "completion": tidy(r["completion"]),
                "increase": tidy(r["increase"]),
                "units": [u.name for u in r["units"]],
            }
            for r in data["categories"]
        ],
    }
