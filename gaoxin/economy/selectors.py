"""Every read of the economy pillar that a person (or the leaders' cockpit) triggers. Derived figures are computed
here from the stored levels and published growth rates, never stored:

- diff_points: the area's growth minus its city's, in percentage points;
- rank: the area's competition rank by growth among its peers — the ranked areas under the same city, which include
  the zone (as the city's own tables rank it: 居洛阳市第一). A rank is only given when every peer has a growth for
  that indicator and period; a partial table gives none (rank None, ranked_count < rank_of);
- trends over the years for the same part of the year (all full years, or every year's 1—5月).

Stable entry points for other apps (the cockpit): zone_area, city_of, latest_period, indicator_rows, ranking,
trend, overview, park_summaries, enterprise_list, enterprise_for, output_series_of, innovation_progress,
and bulletins.bulletin_text.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

from gaoxin.core.errors import NotFound
from gaoxin.economy import rules
from gaoxin.economy.figures import completion, diff_points, rank_by_growth
from gaoxin.economy.models import (
    Area,
    AreaKind,
    Enterprise,
    Indicator,
    IndicatorImport,
    IndicatorValue,
    IndicatorValueHistory,
    InnovationCategory,
    InnovationCount,
    InnovationKind,
    OutputMetric,
    OutputSeries,
    Park,
)
from gaoxin.economy.periods import Period, parse_period


def _require_reader(user) -> None:
    if not rules.may_read(user):
        raise NotFound(_("未找到"))


# --- areas and periods ----------------------------------------------------------------------------


def zone_area() -> Area | None:
    return Area.objects.filter(kind=AreaKind.ZONE).select_related("parent").order_by("sort_order").first()


def area_by_code(code: str, *, field: str = "area") -> Area:
    area = Area.objects.select_related("parent").filter(code=code).first()
    if area is None:
        raise NotFound(_("没有代码为“%(code)s”的地区") % {"code": code}, field=field)
    return area


def city_of(area: Area) -> Area | None:
    """The city an area is compared with: its parent (the city itself has none)."""
    return area.parent


def peers_of(area: Area) -> list[Area]:
    if area.parent_id is None or not area.ranked:
        return []
    return list(Area.objects.filter(parent_id=area.parent_id, ranked=True))


def periods_of(area: Area | None = None) -> list[Period]:
    """The periods with figures (for the area, if given), latest first."""
    rows = IndicatorValue.objects.all()
    if area is not None:
        rows = rows.filter(area=area)
    pairs = rows.values_list("year", "end_month").distinct()
    return sorted((Period(year, end) for year, end in pairs), reverse=True)


def latest_period(area: Area | None = None) -> Period | None:
    """The latest full year with figures for the area, else its latest period of any kind."""
    periods = periods_of(area)
    years = [p for p in periods if p.is_year]
    return (years or periods or [None])[0]


def read_period(text: str | None, *, area: Area | None = None, field: str = "period") -> Period | None:
    if text:
        return parse_period(text, field=field)
    return latest_period(area)


# --- one period's figures -------------------------------------------------------------------------


@dataclass
class Row:
    """One indicator of one area in one period, with the derived figures."""

    indicator: Indicator
    area: Area
    period: Period
    level: Decimal | None
    growth: Decimal | None
    city: Area | None
    city_level: Decimal | None
    city_growth: Decimal | None
    diff_points: Decimal | None
    rank: int | None
    rank_of: int
    ranked_count: int

    @property
    def diff_state(self) -> str:
        if self.diff_points is None:
            return ""
        return "above" if self.diff_points > 0 else "below" if self.diff_points < 0 else "equal"


class PeriodFigures:
    """All stored figures of one period, read in one query; rows and rankings computed from them."""

    def __init__(self, period: Period, *, indicators=None):
        self.period = period
        values = IndicatorValue.objects.filter(period=period.code)
        if indicators is not None:
            values = values.filter(indicator__in=indicators)
        self.values = {(v.indicator_id, v.area_id): v for v in values}
        self._peers: dict[int | None, list[Area]] = {}

    def value(self, indicator: Indicator, area: Area | None) -> IndicatorValue | None:
        return None if area is None else self.values.get((indicator.pk, area.pk))

    def has(self, indicator: Indicator, area: Area) -> bool:
        return (indicator.pk, area.pk) in self.values

    def _peers_of(self, area: Area) -> list[Area]:
        if area.parent_id not in self._peers:
            self._peers[area.parent_id] = peers_of(area)
        return self._peers[area.parent_id] if area.ranked else []

    def ranks(self, indicator: Indicator, area: Area) -> tuple[dict[int, int], int, int]:
        """({area id: rank} — empty unless every peer has a growth —, number of peers, peers with a growth)."""
        peers = self._peers_of(area)
        growths = {}
        for peer in peers:
            found = self.value(indicator, peer)
            growths[peer.pk] = found.growth if found else None
        known = sum(1 for g in growths.values() if g is not None)
        complete = bool(peers) and known == len(peers)
        return (rank_by_growth(growths) if complete else {}), len(peers), known

    def row(self, indicator: Indicator, area: Area) -> Row:
        own, city = self.value(indicator, area), city_of(area)
        city_value = self.value(indicator, city)
        level, growth = (own.level, own.growth) if own else (None, None)
        city_level, city_growth = (city_value.level, city_value.growth) if city_value else (None, None)
        ranks, rank_of, known = self.ranks(indicator, area)
        return Row(
            indicator=indicator,
            area=area,
            period=self.period,
            level=level,
            growth=growth,
            city=city,
            city_level=city_level,
            city_growth=city_growth,
            diff_points=diff_points(growth, city_growth),
            rank=ranks.get(area.pk),
            rank_of=rank_of,
            ranked_count=known,
        )


def indicator_rows(user, *, area: Area, period: Period, only_with_values: bool = True) -> list[Row]:
    """Every indicator of an area in a period (the ones it has figures for, unless only_with_values is False)."""
    _require_reader(user)
    figures = PeriodFigures(period)
    indicators = Indicator.objects.all()
    return [figures.row(i, area) for i in indicators if figures.has(i, area) or not only_with_values]


def ranking(user, *, indicator: Indicator, period: Period, city: Area) -> list[dict]:
    """The city's ranked areas by growth for one indicator and period, highest first; rank None when incomplete."""
    _require_reader(user)
    figures = PeriodFigures(period, indicators=[indicator])
    peers = list(Area.objects.filter(parent=city, ranked=True))
    growths = {p.pk: (figures.value(indicator, p).growth if figures.value(indicator, p) else None) for p in peers}
    complete = bool(peers) and all(g is not None for g in growths.values())
    ranks = rank_by_growth(growths) if complete else {}
    rows = [
        {
            "area": p,
            "level": figures.value(indicator, p).level if figures.value(indicator, p) else None,
            "growth": growths[p.pk],
            "rank": ranks.get(p.pk),
        }
        for p in peers
    ]
    rows.sort(key=lambda r: (r["growth"] is None, -(r["growth"] or 0), r["area"].sort_order))
    return rows


def trend(user, *, indicator: Indicator, area: Area, end_month: int = 12) -> list[dict]:
    """The area's figures (and its city's growth, and its rank) for the same part of every year, oldest first."""
    _require_reader(user)
    years = (
        IndicatorValue.objects.filter(indicator=indicator, area=area, end_month=end_month)
        .values_list("year", flat=True)
        .distinct()
    )
    out = []
    for year in sorted(years):
        figures = PeriodFigures(Period(year, end_month), indicators=[indicator])
        row = figures.row(indicator, area)
        out.append(
            {
                "period": row.period,
                "level": row.level,
                "growth": row.growth,
                "city_growth": row.city_growth,
                "diff_points": row.diff_points,
                "rank": row.rank,
            }
        )
    return out


def overview(user, *, area: Area, period: Period) -> dict:
    """What the overview page and the cockpit show: the area against its city for a period, the ranking of the lead
    bulletin indicator, and the trends of the bulletin indicators."""
    from gaoxin.economy.bulletins import bulletin_or_none

    rows = indicator_rows(user, area=area, period=period)
    headline = [r for r in rows if r.indicator.in_bulletin]
    lead = headline[0].indicator if headline else (rows[0].indicator if rows else None)
    city = city_of(area) if area.parent_id else area
    return {
        "area": area,
        "city": city,
        "period": period,
        "rows": rows,
        "headline": headline,
        "bulletin": bulletin_or_none(area=area, period=period),
        "lead": lead,
        "ranking": ranking(user, indicator=lead, period=period, city=city) if lead and city else [],
        "trends": [
            {
                "indicator": r.indicator,
                "points": trend(user, indicator=r.indicator, area=area, end_month=period.end_month),
            }
            for r in headline
        ],
    }


def recent_imports(user, *, limit: int = 20):
    _require_reader(user)
    return IndicatorImport.objects.select_related("imported_by").order_by("-imported_at")[:limit]


def import_history(user, *, batch: IndicatorImport):
    """The figures an import replaced (kept in the history table)."""
    _require_reader(user)
    return IndicatorValueHistory.objects.filter(replaced_by=batch).select_related("indicator", "area")


# --- parks and enterprises ------------------------------------------------------------------------


def park_summaries(user) -> list[dict]:
    _require_reader(user)
    parks = Park.objects.annotate(
        enterprise_count=Count("enterprises", filter=Q(enterprises__status="active"), distinct=True)
    ).order_by("sort_order", "code")
    return [{"park": p, "enterprise_count": p.enterprise_count} for p in parks]


def park_for(user, code: str) -> Park:
    _require_reader(user)
    park = Park.objects.filter(code=code).first()
    if park is None:
        raise NotFound(_("没有代码为“%(code)s”的园区") % {"code": code}, field="park")
    return park


NO_PARK = "none"


def enterprise_list(user, *, park: str = "", q: str = ""):
    """The register, newest first; park is a park code, or "none" for enterprises in no park (such as the ones the
    zone licensed through the service hall before anyone classified them)."""
    _require_reader(user)
    rows = Enterprise.objects.select_related("park", "source_case").order_by("park__sort_order", "-created_at")
    if park == NO_PARK:
        rows = rows.filter(park__isnull=True)
    elif park:
        rows = rows.filter(park=park_for(user, park))
    if q:
        rows = rows.filter(Q(name__icontains=q) | Q(uscc__icontains=q) | Q(industry__icontains=q))
    return rows


def enterprise_for(user, uscc: str) -> Enterprise:
    _require_reader(user)
    enterprise = Enterprise.objects.select_related("park", "source_case").filter(uscc=uscc).first()
    if enterprise is None:
        raise NotFound(_("未找到该企业"))
    return enterprise


def output_series_of(user, enterprise: Enterprise) -> list[dict]:
    """Each output series of the enterprise with its points (date, value), oldest first, and its latest figure."""
    _require_reader(user)
    series = OutputSeries.objects.filter(enterprise=enterprise).prefetch_related("points")
    out = []
    for s in series:
        points = list(s.points.all())
        out.append({"series": s, "points": points, "latest": points[-1] if points else None})
    order = list(OutputMetric.values)
    out.sort(key=lambda r: (order.index(r["series"].metric), r["series"].product))
    return out


# --- innovation -----------------------------------------------------------------------------------


def innovation_progress(user) -> dict:
    """Each category with its baseline, target, latest count and progress, and totals per kind (entities,
    platforms). completion = latest count / target; increase = (latest − baseline) / (target − baseline)."""
    _require_reader(user)
    categories = list(InnovationCategory.objects.prefetch_related("counts", "units"))
    rows = []
    for category in categories:
        counts = sorted(category.counts.all(), key=lambda c: c.year)
        latest = counts[-1] if counts else None
        current = latest.count if latest else None
        rows.append(
            {
                "category": category,
                "baseline": category.baseline_count,
                "target": category.target,
                "current": current,
                "year": latest.year if latest else None,
                "completion": completion(current, category.target),
                "increase": _increase(current, category.baseline_count, category.target),
                "counts": counts,
                "units": list(category.units.all()),
            }
        )
    totals = []
    for kind, label in InnovationKind.choices:
        group = [r for r in rows if r["category"].kind == kind]
        if not group:
            continue
        baseline = sum(r["baseline"] for r in group)
        target = sum(r["target"] for r in group)
        current = sum(r["current"] or 0 for r in group) if any(r["current"] is not None for r in group) else None
        totals.append(
            {
                "kind": kind,
                "label": str(label),
                "baseline": baseline,
                "target": target,
                "current": current,
                "completion": completion(current, target),
                "increase": _increase(current, baseline, target),
                "rows": group,
            }
        )
    latest_year = InnovationCount.objects.aggregate(y=Max("year"))["y"]
    return {"categories": rows, "kinds": totals, "latest_year": latest_year}


def _increase(current: int | None, baseline: int, target: int) -> Decimal | None:
    if current is None or target <= baseline:
        return None
    return completion(current - baseline, target - baseline)
