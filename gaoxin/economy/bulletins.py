"""Statistical bulletin sentences (统计公报) written from the figures, in the style of the seed:

    2020年，洛阳高新区实现生产总值250.9亿元，同比增长5.4%，居洛阳市第一；规模以上工业增加值55亿元、同比增长4.4%，
    高于洛阳市0.9个百分点；固定资产投资115.5亿元、同比增长6.9%，高于洛阳市1个百分点。

One clause per bulletin indicator (Indicator.in_bulletin, in their order) that the area has a figure for:

- the first clause opens with the indicator's verb (实现) and its bulletin name; level and growth are joined by "，";
  the following clauses are "name level unit、growth";
- numbers are printed without trailing zeros (55, not 55.0; 1, not 1.0);
- growth: 同比增长 x% when positive, 同比下降 x% when negative, 同比持平 when zero;
- then one comparison: 居洛阳市第N (Chinese numerals) when the rank is known — every peer of the city has a growth —
  otherwise the difference from the city: 高于 / 低于洛阳市 x 个百分点, or 与洛阳市持平.

The text is Chinese data: it is the same whatever the page's language.
"""

from django.utils.translation import gettext as _

from gaoxin.core.errors import NotFound
from gaoxin.economy.figures import chinese_numeral, plain
from gaoxin.economy.models import Area, Indicator
from gaoxin.economy.periods import Period
from gaoxin.economy.selectors import PeriodFigures, Row


def growth_phrase(growth) -> str:
    if growth > 0:
        return f"同比增长{plain(growth)}%"
    if growth < 0:
        return f"同比下降{plain(-growth)}%"
    return "同比持平"


def comparison_phrase(row: Row) -> str:
    city = row.city.name if row.city else ""
    if row.rank is not None and city:
        return f"居{city}第{chinese_numeral(row.rank)}"
    if row.diff_points is None:
        return ""
    if row.diff_points > 0:
        return f"高于{city}{plain(row.diff_points)}个百分点"
    if row.diff_points < 0:
        return f"低于{city}{plain(-row.diff_points)}个百分点"
    return f"与{city}持平"


def clause(row: Row, *, lead: bool) -> str:
    indicator = row.indicator
    if row.level is not None:
        text = f"{indicator.bulletin_verb if lead else ''}{indicator.phrase}{plain(row.level)}{indicator.unit}"
        joiner = "，" if lead else "、"
    else:
        text, joiner = indicator.phrase, ""
    if row.growth is None:
        return text
    text += joiner + growth_phrase(row.growth)
    comparison = comparison_phrase(row)
    return f"{text}，{comparison}" if comparison else text


def bulletin_rows(*, area: Area, period: Period) -> list[Row]:
    indicators = list(Indicator.objects.filter(in_bulletin=True))
    figures = PeriodFigures(period, indicators=indicators)
    return [figures.row(i, area) for i in indicators if figures.has(i, area)]


def bulletin_text(*, area: Area, period: Period) -> str:
    """The bulletin sentence of an area for a period; NotFound when it has no figure of a bulletin indicator."""
    rows = bulletin_rows(area=area, period=period)
    if not rows:
        raise NotFound(
            _("%(area)s %(period)s 没有统计公报指标的数据") % {"area": area.name, "period": period.label},
            field="period",
        )
    clauses = [clause(row, lead=index == 0) for index, row in enumerate(rows)]
    return f"{period.label_zh}，{area.name}{'；'.join(clauses)}。"


def bulletin_or_none(*, area: Area, period: Period) -> str | None:
    try:
        return bulletin_text(area=area, period=period)
    except NotFound:
        return None
