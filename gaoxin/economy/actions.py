"""Every write of the economy pillar: keyword-only, one transaction, checked, then changed, then audited.

actor=None is the system itself (the demo loader, a management command); a person is checked against rules.py.
Audit chains: ("indicator_period", period code) for imports, ("enterprise", id) for an enterprise's register entry,
classification and output figures (the chain gaoxin.certificates starts when it issues a license), and
("innovation_category", code) for year-end innovation counts.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.core import personal
from gaoxin.core.audit import AuditBatch
from gaoxin.core.errors import Conflict, DomainError, Forbidden
from gaoxin.economy import imports, rules
from gaoxin.economy.figures import plain
from gaoxin.economy.models import (
    Enterprise,
    EnterpriseStatus,
    ImportFormat,
    IndicatorImport,
    IndicatorValue,
    IndicatorValueHistory,
    InnovationCategory,
    InnovationCount,
    OutputMetric,
    OutputPoint,
    OutputSeries,
    Park,
)
from gaoxin.economy.periods import parse_period
from gaoxin.identity.validators import check_resident_id, check_uscc

# --- indicator import -----------------------------------------------------------------------------


@dataclass
class PeriodOutcome:
    period: str
    indicators: list[str] = field(default_factory=list)
    written: int = 0
    replaced: int = 0
    unchanged: int = 0


@dataclass
class ImportOutcome:
    batch: IndicatorImport | None
    written: int = 0
    replaced: int = 0
    unchanged: int = 0
    periods: list[PeriodOutcome] = field(default_factory=list)


def indicator_import(*, actor, file_name: str, content: bytes) -> ImportOutcome:
    """Import a table of the statistics bureau (Excel or CSV). All or nothing: a file with any bad cell raises
    imports.ImportRejected listing every problem, and nothing is written.

    A good file replaces, for each period and indicator it holds, that indicator's figures of the period for every
    area (a table is the whole published table of its indicators); indicators it does not hold are kept. Replaced
    figures move to IndicatorValueHistory with the import that replaced them. A slice identical to what is stored is
    left alone (no history, no audit event), so importing the same file twice changes nothing the second time."""
    if actor is not None and not rules.may_import(actor):
        raise Forbidden(_("只有统计员和管理员可以导入经济指标"))
    name = imports.safe_file_name(file_name)
    values = imports.read_upload(name=name, content=content)
    try:
        with transaction.atomic():
            return _apply(actor=actor, name=name, content=content, values=values)
    except IntegrityError:
        raise Conflict(_("同一统计期的数据正在被另一次导入写入，请稍后重试"), field="file") from None


def _apply(*, actor, name: str, content: bytes, values: list) -> ImportOutcome:
    now = timezone.now()
    slices = imports.rows_of(values)
    outcome = ImportOutcome(batch=None)
    by_period: dict[str, PeriodOutcome] = {}
    changed: list[tuple[str, int, list, list]] = []
    for (period, indicator_id), new in sorted(slices.items()):
        current = list(
            IndicatorValue.objects.select_for_update().filter(period=period, indicator_id=indicator_id).order_by("pk")
        )
        summary = by_period.setdefault(period, PeriodOutcome(period=period))
        if _same(current, new):
            summary.unchanged += len(new)
            continue
        changed.append((period, indicator_id, current, new))
    if changed:
        outcome.batch = IndicatorImport.objects.create(
            imported_at=now,
            imported_by=actor,
            file_name=name,
            file_format=ImportFormat.XLSX if imports.file_format(content) == "xlsx" else ImportFormat.CSV,
            sha256=hashlib.sha256(content).hexdigest(),
            periods=[p.code for p in sorted({parse_period(period) for period, *_rest in changed})],
        )
    for period, _indicator_id, current, new in changed:
        summary = by_period[period]
        summary.indicators.append(new[0].indicator.code)
        if current:
            IndicatorValueHistory.objects.bulk_create(
                IndicatorValueHistory(
                    indicator_id=v.indicator_id,
                    area_id=v.area_id,
                    period=v.period,
                    level=v.level,
                    growth=v.growth,
                    batch_id=v.batch_id,
                    replaced_by=outcome.batch,
                    replaced_at=now,
                )
                for v in current
            )
            IndicatorValue.objects.filter(pk__in=[v.pk for v in current]).delete()
        IndicatorValue.objects.bulk_create(
            IndicatorValue(
                indicator=v.indicator,
                area=v.area,
                period=v.period.code,
                year=v.period.year,
                end_month=v.period.end_month,
                level=v.level,
                growth=v.growth,
                batch=outcome.batch,
            )
            for v in new
        )
        summary.written += len(new)
        summary.replaced += len(current)
    for summary in by_period.values():
        outcome.written += summary.written
        outcome.replaced += summary.replaced
        outcome.unchanged += summary.unchanged
        if summary.indicators:
            _audit_period(actor=actor, summary=summary, batch=outcome.batch, name=name, at=now)
    if outcome.batch is not None:
        outcome.batch.written, outcome.batch.replaced = outcome.written, outcome.replaced
        outcome.batch.unchanged = outcome.unchanged
        outcome.batch.save(update_fields=["written", "replaced", "unchanged"])
    outcome.periods = sorted(by_period.values(), key=lambda s: parse_period(s.period))
    return outcome


def _same(current: list[IndicatorValue], new: list) -> bool:
    stored = {v.area_id: (v.level, v.growth) for v in current}
    incoming = {v.area.pk: (v.level, v.growth) for v in new}
    return stored == incoming


def _audit_period(*, actor, summary: PeriodOutcome, batch: IndicatorImport, name: str, at) -> None:
    audit = AuditBatch("indicator_period", summary.period)
    audit.add(
        actor=actor,
        action="replace" if summary.replaced else "import",
        at=at,
        data={
            "batch": str(batch.pk),
            "file": name,
            "sha256": batch.sha256,
            "indicators": summary.indicators,
            "written": summary.written,
            "replaced": summary.replaced,
        },
    )
    audit.write()


# --- the enterprise register ----------------------------------------------------------------------


def _check_writer(actor) -> None:
    if actor is not None and not rules.may_record(actor):
        raise Forbidden(_("只有统计员和管理员可以登记企业数据"))


@transaction.atomic
def enterprise_record(
    *,
    actor,
    uscc: str,
    name: str,
    legal_representative: str,
    established_on: date,
    legal_representative_id: str = "",
    park: Park | None = None,
    industry: str = "",
    address: str = "",
    registered_capital: Decimal | None = None,
    business_scope: str = "",
) -> Enterprise:
    """Enter an enterprise the zone did not license itself (one that came before the platform) into the register, or
    refresh its entry, found by USCC. An enterprise licensed through the service hall is entered by
    gaoxin.certificates; here it can only be classified (enterprise_classify)."""
    _check_writer(actor)
    check = check_uscc(uscc)
    if not check.valid:
        raise DomainError(check.error, field="uscc")
    if not name.strip():
        raise DomainError(_("请填写企业名称"), field="name")
    legal_representative_id = legal_representative_id.strip().upper()
    if legal_representative_id and not (checked := check_resident_id(legal_representative_id)).valid:
        raise DomainError(checked.error, field="legal_representative_id")
    values = {
        "name": name.strip(),
        "legal_representative": legal_representative.strip(),
        "legal_representative_id": legal_representative_id,
        "established_on": established_on,
        "park": park,
        "industry": industry.strip(),
        "address": address.strip(),
        "registered_capital": registered_capital,
        "business_scope": business_scope.strip(),
    }
    existing = Enterprise.objects.select_for_update().filter(uscc=uscc).first()
    if existing is None:
        enterprise = Enterprise.objects.create(uscc=uscc, status=EnterpriseStatus.ACTIVE, **values)
        audit = AuditBatch("enterprise", enterprise.pk, new_chain=True)
        audit.add(actor=actor, action="register", to_state=EnterpriseStatus.ACTIVE, data={"uscc": uscc})
        audit.write()
        return enterprise
    if existing.source_case_id is not None:
        raise Conflict(_("该企业经本区办理营业执照登记，其登记信息不能在此修改"), field="uscc")
    changes = {k: v for k, v in values.items() if getattr(existing, k) != v}
    if not changes:
        return existing
    before = {k: _audit_value(getattr(existing, k), k) for k in changes}
    for key, value in changes.items():
        setattr(existing, key, value)
    existing.save(update_fields=personal.with_digests(Enterprise, list(changes)))
    audit = AuditBatch("enterprise", existing.pk)
    audit.add(
        actor=actor, action="update", data={"from": before, "to": {k: _audit_value(v, k) for k, v in changes.items()}}
    )
    audit.write()
    return existing


def _audit_value(value, field: str = ""):
    if field == "legal_representative_id":
        return personal.mask_id_number(value)  # the trail keeps no personal data in the clear
    if isinstance(value, Park):
        return value.code
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


@transaction.atomic
def enterprise_classify(*, actor, enterprise: Enterprise, park: Park | None, industry: str) -> Enterprise:
    """Set the park and industry of any enterprise in the register (including one licensed through the hall)."""
    _check_writer(actor)
    locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    industry = industry.strip()
    if len(industry) > 100:
        raise DomainError(_("行业名称最多 100 个字"), field="industry")
    if locked.park_id == (park.pk if park else None) and locked.industry == industry:
        return locked
    before = {"park": locked.park.code if locked.park else None, "industry": locked.industry}
    locked.park, locked.industry = park, industry
    locked.save(update_fields=["park", "industry"])
    audit = AuditBatch("enterprise", locked.pk)
    audit.add(
        actor=actor,
        action="classify",
        data={"from": before, "to": {"park": park.code if park else None, "industry": industry}},
    )
    audit.write()
    return locked


@transaction.atomic
def output_record(
    *,
    actor,
    enterprise: Enterprise,
    metric: str,
    unit: str,
    points: list[tuple[date, Decimal]],
    product: str = "",
) -> OutputSeries:
    """Record figures of an enterprise's output series (created on first use); a date already recorded is corrected.
    One audit event lists the dates whose figures changed; nothing changed, nothing recorded."""
    _check_writer(actor)
    if metric not in OutputMetric.values:
        raise DomainError(_("未知的产出指标：%(metric)s") % {"metric": metric}, field="metric")
    if not unit.strip():
        raise DomainError(_("请填写单位"), field="unit")
    for _day, value in points:
        if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
            raise DomainError(_("产出数值应为非负数"), field="value")
    series, _created = OutputSeries.objects.get_or_create(
        enterprise=enterprise, metric=metric, product=product.strip(), defaults={"unit": unit.strip()}
    )
    if series.unit != unit.strip():
        raise Conflict(
            _("该序列的单位为“%(unit)s”，不能以“%(other)s”登记") % {"unit": series.unit, "other": unit}, field="unit"
        )
    stored = {p.on: p for p in OutputPoint.objects.select_for_update().filter(series=series)}
    changes, created, updated = [], [], []
    for day, value in sorted(points):
        point = stored.get(day)
        if point is None:
            created.append(OutputPoint(series=series, on=day, value=value))
            changes.append({"on": day.isoformat(), "from": None, "to": plain(value)})
        elif point.value != value:
            changes.append({"on": day.isoformat(), "from": plain(point.value), "to": plain(value)})
            point.value = value
            updated.append(point)
    if not changes:
        return series
    OutputPoint.objects.bulk_create(created)
    OutputPoint.objects.bulk_update(updated, ["value"])
    audit = AuditBatch("enterprise", enterprise.pk)
    audit.add(
        actor=actor,
        action="output_record",
        data={"metric": metric, "product": series.product, "unit": series.unit, "points": changes},
    )
    audit.write()
    return series


# --- innovation -----------------------------------------------------------------------------------


@transaction.atomic
def innovation_count_record(*, actor, category: InnovationCategory, year: int, count: int) -> InnovationCount:
    """Record (or correct) how many of a category the zone had at the end of a year."""
    _check_writer(actor)
    today = timezone.localdate()
    if not (category.baseline_year <= year <= today.year):
        raise DomainError(
            _("年度应在 %(first)s 至 %(last)s 之间") % {"first": category.baseline_year, "last": today.year},
            field="year",
        )
    if count < 0:
        raise DomainError(_("数量不能为负数"), field="count")
    existing = InnovationCount.objects.select_for_update().filter(category=category, year=year).first()
    if existing is not None and existing.count == count:
        return existing
    before = existing.count if existing else None
    row, _created = InnovationCount.objects.update_or_create(
        category=category,
        year=year,
        defaults={"count": count, "recorded_at": timezone.now(), "recorded_by": actor},
    )
    audit = AuditBatch("innovation_category", category.code)
    audit.add(
        actor=actor,
        action="count",
        from_state="" if before is None else str(before),
        to_state=str(count),
        data={"year": year},
    )
    audit.write()
    return row
