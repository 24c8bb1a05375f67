"""The days off that the law fixes by date, for years whose holiday notice is not published yet.

《全国年节及纪念日放假办法》(2024 revision, State Council decree No. 795, in force since 1 January 2025), article 2,
gives every citizen 13 days off: 元旦 1 (1 January); 春节 4 (农历除夕 and 正月初一 to 初三); 清明 1 (the day of the
清明 solar term); 劳动节 2 (1 and 2 May); 端午 1 (农历五月初五); 中秋 1 (农历八月十五); 国庆 3 (1 to 3 October).

What the yearly notice of the State Council's General Office adds — the bridge days and the weekend working days
(调休) around them, and the weekday that makes up for a holiday falling on a weekend — is decided anew every year and
cannot be derived from the law, so it is not guessed here: a year computed with these days alone stays provisional.

The lunar dates and the solar term come from borax (its tables cover the lunar years 1900–2100); outside them only
the days fixed on the Gregorian calendar are kept. A second, independently computed calendar (lunar_python's
ephemeris) gives the same 除夕, 清明, 端午 and 中秋 for every year 1950–2100 but one: for 中秋 2089 the two disagree
by a day, which the published notice will settle long before then.
"""

from collections.abc import Mapping
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

import chinese_calendar
from borax.calendars.lunardate import MAX_LUNAR_YEAR, MIN_LUNAR_YEAR, LunarDate, TermUtils

# The revision that gives these 13 days took effect in 2025; earlier years had fewer, so the rule is not applied to
# them (every year from 2004 to 2026 is in chinese_calendar's published data anyway).
FIRST_YEAR = 2025

# The names chinese_calendar gives the same holidays, so that a provisional year reads like a published one.
_NAME = {holiday: holiday.chinese for holiday in chinese_calendar.Holiday}
NEW_YEARS_DAY = _NAME[chinese_calendar.Holiday.new_years_day]
SPRING_FESTIVAL = _NAME[chinese_calendar.Holiday.spring_festival]
TOMB_SWEEPING_DAY = _NAME[chinese_calendar.Holiday.tomb_sweeping_day]
LABOUR_DAY = _NAME[chinese_calendar.Holiday.labour_day]
DRAGON_BOAT_FESTIVAL = _NAME[chinese_calendar.Holiday.dragon_boat_festival]
MID_AUTUMN_FESTIVAL = _NAME[chinese_calendar.Holiday.mid_autumn_festival]
NATIONAL_DAY = _NAME[chinese_calendar.Holiday.national_day]

# Joins the names of two holidays that fall on one day (国庆节、中秋).
_SAME_DAY = "、"


@lru_cache(maxsize=256)
def statutory_days_off(year: int) -> Mapping[date, str]:
    """The statutory days off that fall in the Gregorian year, each with its holiday's Chinese name, in date order.

    Two holidays on the same date (中秋 on 1 October, as in 2028 and 2031) are one day off with both names."""
    if year < FIRST_YEAR:
        return MappingProxyType({})
    days: dict[date, list[str]] = {}
    for day, name in _candidates(year):
        # A lunar holiday is looked up in the neighbouring lunar years too and kept only where it lands in `year`.
        if day.year == year and name not in days.setdefault(day, []):
            days[day].append(name)
    return MappingProxyType({day: _SAME_DAY.join(days[day]) for day in sorted(days)})


def _candidates(year: int):
    yield date(year, 1, 1), NEW_YEARS_DAY
    yield date(year, 5, 1), LABOUR_DAY
    yield date(year, 5, 2), LABOUR_DAY
    for offset in range(3):
        yield date(year, 10, 1) + timedelta(days=offset), NATIONAL_DAY
    if MIN_LUNAR_YEAR <= year <= MAX_LUNAR_YEAR:
        yield TermUtils.nth_term_day(year, term_name="清明"), TOMB_SWEEPING_DAY
    for lunar_year in range(max(year - 1, MIN_LUNAR_YEAR), min(year + 1, MAX_LUNAR_YEAR) + 1):
        new_year = LunarDate(lunar_year, 1, 1).to_solar_date()
        # 除夕 is the last day of the twelfth month, whether that month has 29 days or 30: the eve of 正月初一.
        for offset in range(-1, 3):
            yield new_year + timedelta(days=offset), SPRING_FESTIVAL
        yield LunarDate(lunar_year, 5, 5).to_solar_date(), DRAGON_BOAT_FESTIVAL
        yield LunarDate(lunar_year, 8, 15).to_solar_date(), MID_AUTUMN_FESTIVAL
