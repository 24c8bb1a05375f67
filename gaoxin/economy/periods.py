"""Statistical periods (统计期) of the indicators: a year, or a cumulative part of it from January.

Chinese statistics publish figures cumulatively within a year ("1—5月", "一季度", "上半年"), each compared with the
same months of the year before. A period is therefore a year and the month it ends with; it always starts in
January. Its code is canonical, one per period:

    2020         the whole year (1—12月)                 label 2020年
    2021Q1       January to March  (一季度)               label 2021年一季度
    2021Q2       January to June   (上半年)               label 2021年上半年
    2021Q3       January to September (前三季度)           label 2021年前三季度
    2021M01-05   January to May, any other end month      label 2021年1—5月 (2021M01-01: 2021年1月)

What a person types is read leniently (parse_period): "2021Q4" and "2021M01-12" are the year "2021", "2021M01-03" is
"2021Q1", and Chinese forms such as "2021年1-5月", "2021年一季度", "2021年上半年" are understood. A period that does not
start in January (a single month other than January, "2021M03-05") is refused: the platform keeps cumulative figures
only.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from gaoxin.core.errors import DomainError

FIRST_YEAR, LAST_YEAR = 1949, 2100

QUARTER_ENDS = {3: 1, 6: 2, 9: 3}
# The Chinese names of the cumulative quarters, as bulletins write them (data, not UI text).
QUARTER_WORDS = {3: "一季度", 6: "上半年", 9: "前三季度"}
# Cumulative names a person may type. "二季度" or "三季度" alone usually mean the quarter by itself, which is not kept.
CUMULATIVE_WORDS = {"一季度": 3, "第一季度": 3, "上半年": 6, "前三季度": 9, "全年": 12}


@dataclass(frozen=True, order=True)
class Period:
    """A cumulative period: January to end_month of year. Orders by time."""

    year: int
    end_month: int = 12

    def __post_init__(self):
        if not (FIRST_YEAR <= self.year <= LAST_YEAR) or not (1 <= self.end_month <= 12):
            raise ValueError(f"no such period: {self.year} / {self.end_month}")

    @property
    def code(self) -> str:
        if self.end_month == 12:
            return str(self.year)
        if self.end_month in QUARTER_ENDS:
            return f"{self.year}Q{QUARTER_ENDS[self.end_month]}"
        return f"{self.year}M01-{self.end_month:02d}"

    @property
    def is_year(self) -> bool:
        return self.end_month == 12

    @property
    def label_zh(self) -> str:
        """The Chinese name a bulletin uses: 2020年, 2021年一季度, 2021年1—5月. Data: the same in every language."""
        if self.end_month == 12:
            return f"{self.year}年"
        if self.end_month in QUARTER_WORDS:
            return f"{self.year}年{QUARTER_WORDS[self.end_month]}"
        if self.end_month == 1:
            return f"{self.year}年1月"
        return f"{self.year}年1—{self.end_month}月"

    @property
    def label(self) -> str:
        """The name pages show, in the active language."""
        if self.end_month == 12:
            return _("%(year)s年") % {"year": self.year}
        if self.end_month == 3:
            return _("%(year)s年一季度") % {"year": self.year}
        if self.end_month == 6:
            return _("%(year)s年上半年") % {"year": self.year}
        if self.end_month == 9:
            return _("%(year)s年前三季度") % {"year": self.year}
        if self.end_month == 1:
            return _("%(year)s年1月") % {"year": self.year}
        return _("%(year)s年1—%(month)s月") % {"year": self.year, "month": self.end_month}

    def same_time_in(self, year: int) -> "Period":
        return Period(year, self.end_month)

    def __str__(self) -> str:
        return self.code


YEAR = r"(?P<year>\d{4})"
PATTERNS = [
    re.compile(rf"^{YEAR}年?$"),
    re.compile(rf"^{YEAR}Q(?P<quarter>[1-4])$"),
    re.compile(rf"^{YEAR}M(?P<start>\d{{1,2}})(?:-(?P<end>\d{{1,2}}))?$"),
    re.compile(rf"^{YEAR}年(?P<start>\d{{1,2}})(?:[-—–~～至](?P<end>\d{{1,2}}))?月(?:份)?(?:累计)?$"),
]


def parse_period(text, *, field: str = "period") -> Period:
    """The period a person typed, in any of the forms above; a DomainError on the field says what is expected."""
    raw = "" if text is None else str(text)
    if isinstance(text, float) and text.is_integer():
        raw = str(int(text))
    cleaned = "".join(raw.split()).upper()
    for word, end_month in CUMULATIVE_WORDS.items():
        match = re.fullmatch(rf"{YEAR}年?{word}", cleaned)
        if match:
            return _period(int(match["year"]), end_month, raw, field)
    for pattern in PATTERNS:
        match = pattern.fullmatch(cleaned)
        if not match:
            continue
        year = int(match["year"])
        parts = match.groupdict()
        if parts.get("quarter"):
            return _period(year, int(parts["quarter"]) * 3, raw, field)
        if parts.get("start"):
            start = int(parts["start"])
            end = int(parts["end"]) if parts.get("end") else start
            if start != 1:
                raise DomainError(
                    _("统计期“%(value)s”不是自1月起的累计期：只接受累计数，如 2021M01-05（1—5月）") % {"value": raw},
                    field=field,
                )
            return _period(year, end, raw, field)
        return _period(year, 12, raw, field)
    raise DomainError(
        _("统计期“%(value)s”无法识别：应写作 2020（全年）、2021Q1（一季度）或 2021M01-05（1—5月累计）")
        % {"value": raw},
        field=field,
    )


def _period(year: int, end_month: int, raw: str, field: str) -> Period:
    try:
        return Period(year, end_month)
    except ValueError:
        raise DomainError(_("统计期“%(value)s”不存在") % {"value": raw}, field=field) from None


def period_from_code(code: str) -> Period:
    """The period of a stored canonical code (no leniency needed, but the same reader)."""
    return parse_period(code)
