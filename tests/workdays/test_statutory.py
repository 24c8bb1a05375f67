"""The statutory days off (放假办法 art. 2) in years without a published notice, and the deadlines counted over them.

The expected dates were checked against a second calendar computed independently of borax's tables (lunar_python's
ephemeris, run once by hand; it is not a dependency) and, for 除夕, against borax's own solar-to-lunar conversion.
"""

from datetime import date, datetime, time, timedelta

import pytest
from borax.calendars.lunardate import LunarDate
from hypothesis import given
from hypothesis import strategies as st

from gaoxin.workdays.calendar import Day, WorkCalendar
from gaoxin.workdays.deadlines import add_working_days
from gaoxin.workdays.statutory import statutory_days_off
from tests.workdays.helpers import BEIJING, beijing

CALENDAR = WorkCalendar()


def off(year: int) -> dict[date, str]:
    return dict(statutory_days_off(year))


# Year: 除夕, 清明, 端午, 中秋 (春节 is the three days after 除夕).
KNOWN = {
    2027: (date(2027, 2, 5), date(2027, 4, 5), date(2027, 6, 9), date(2027, 9, 15)),
    2028: (date(2028, 1, 25), date(2028, 4, 4), date(2028, 5, 28), date(2028, 10, 3)),
    2030: (date(2030, 2, 2), date(2030, 4, 5), date(2030, 6, 5), date(2030, 9, 12)),
    2035: (date(2035, 2, 7), date(2035, 4, 5), date(2035, 6, 10), date(2035, 9, 16)),
    2040: (date(2040, 2, 11), date(2040, 4, 4), date(2040, 6, 14), date(2040, 9, 20)),
}


@pytest.mark.parametrize("year", sorted(KNOWN))
def test_known_dates(year):
    eve, tomb_sweeping, dragon_boat, mid_autumn = KNOWN[year]
    days = off(year)
    assert [d for d, name in days.items() if name == "春节"] == [eve + timedelta(days=i) for i in range(4)]
    assert [d for d, name in days.items() if "清明" in name] == [tomb_sweeping]
    assert [d for d, name in days.items() if "端午" in name] == [dragon_boat]
    assert [d for d, name in days.items() if "中秋" in name] == [mid_autumn]
    assert days[date(year, 1, 1)] == "元旦"
    assert days[date(year, 5, 1)] == days[date(year, 5, 2)] == "劳动节"
    assert date(year, 5, 3) not in days


def test_2027_in_full():
    assert off(2027) == {
        date(2027, 1, 1): "元旦",
        date(2027, 2, 5): "春节",  # 除夕
        date(2027, 2, 6): "春节",
        date(2027, 2, 7): "春节",
        date(2027, 2, 8): "春节",
        date(2027, 4, 5): "清明",
        date(2027, 5, 1): "劳动节",
        date(2027, 5, 2): "劳动节",
        date(2027, 6, 9): "端午",
        date(2027, 9, 15): "中秋",
        date(2027, 10, 1): "国庆节",
        date(2027, 10, 2): "国庆节",
        date(2027, 10, 3): "国庆节",
    }


@pytest.mark.parametrize(
    ("year", "eve", "last_day_of_the_month"),
    [
        pytest.param(2027, date(2027, 2, 5), 29, id="2027-29th"),
        pytest.param(2028, date(2028, 1, 25), 29, id="2028-29th-in-january"),
        pytest.param(2030, date(2030, 2, 2), 30, id="2030-30th"),
    ],
)
def test_new_years_eve_is_the_last_day_of_the_twelfth_month_however_long(year, eve, last_day_of_the_month):
    lunar = LunarDate.from_solar(eve)
    assert (lunar.month, lunar.day, lunar.leap) == (12, last_day_of_the_month, 0)
    assert LunarDate.from_solar(eve + timedelta(days=1)).cn_md == "正月初一"
    assert off(year)[eve] == "春节"
    assert eve - timedelta(days=1) not in off(year)


@pytest.mark.parametrize("year", [2027, 2029, 2030, 2035, 2050, 2099])
def test_thirteen_days_a_year(year):
    assert len(off(year)) == 13


@pytest.mark.parametrize(("year", "day"), [(2028, date(2028, 10, 3)), (2031, date(2031, 10, 1))])
def test_mid_autumn_on_a_national_day_is_one_day_with_both_names(year, day):
    assert off(year)[day] == "国庆节、中秋"
    assert len(off(year)) == 12


def test_every_day_falls_in_its_own_gregorian_year():
    for year in range(2025, 2101):
        assert {d.year for d in off(year)} == {year}


def test_years_before_the_2024_revision_took_effect_get_none():
    assert off(2003) == {}


def test_cached_per_year():
    assert statutory_days_off(2033) is statutory_days_off(2033)


class TestInTheCalendar:
    def test_statutory_days_are_off_and_named(self):
        assert not CALENDAR.is_working_day(date(2027, 2, 5))  # 除夕, a Friday
        assert CALENDAR.day_name(date(2027, 2, 5)) == "春节"
        assert not CALENDAR.is_working_day(date(2027, 4, 5))  # 清明, a Monday
        assert CALENDAR.is_working_day(date(2027, 2, 9))  # the Tuesday after: no notice, no bridge day
        assert CALENDAR.is_provisional(date(2027, 4, 5))

    def test_non_standard_days_are_the_statutory_days_on_weekdays(self):
        listed = CALENDAR.non_standard_days(2027)
        weekdays = {d: name for d, name in off(2027).items() if d.weekday() < 5}
        assert listed == [Day(d, False, name) for d, name in weekdays.items()]
        # 2027: 初一 and 初二 (6–7 February) fall on the weekend, 初三 (the 8th) on a Monday.
        assert date(2027, 2, 7) not in {day.date for day in listed}
        assert date(2027, 2, 8) in {day.date for day in listed}

    def test_an_override_beats_the_statutory_day(self):
        calendar = WorkCalendar([Day(date(2027, 2, 5), True, "值班")])
        assert calendar.is_working_day(date(2027, 2, 5))
        assert calendar.day_name(date(2027, 2, 5)) == "值班"

    def test_a_published_year_keeps_the_statutory_days_and_is_not_provisional(self):
        calendar = WorkCalendar([Day(date(2027, 2, 9), False, "春节")], published_years=[2027])
        assert not calendar.is_working_day(date(2027, 2, 5))
        assert not calendar.is_working_day(date(2027, 2, 9))
        assert not calendar.is_provisional(date(2027, 2, 9))

    def test_deadline_over_the_spring_festival(self):
        # Thursday 4 February 2027: 除夕 (Fri 5th) to 初三 (Mon 8th) are off, so the first working day is Tuesday 9th.
        deadline = add_working_days(beijing(2027, 2, 4, 10), 1, calendar=CALENDAR)
        assert deadline.at == beijing(2027, 2, 9, 17)
        assert deadline.provisional


# Years without a notice from 2027 on (chinese_calendar ends with 2026), well inside borax's range.
unpublished_starts = st.datetimes(
    min_value=datetime(2027, 1, 1), max_value=datetime(2098, 12, 31), timezones=st.just(BEIJING)
)


def counted_days(first: date, last: date) -> list[date]:
    """Weekdays from first to last that are no statutory day off: worked out here without the calendar."""
    days = (first + timedelta(days=offset) for offset in range((last - first).days + 1))
    return [d for d in days if d.weekday() < 5 and d not in statutory_days_off(d.year)]


@given(unpublished_starts, st.integers(0, 60))
def test_no_deadline_lands_on_or_counts_a_statutory_day_off(start, n):
    deadline = add_working_days(start, n, calendar=CALENDAR)
    at = deadline.at.date()
    assert at not in statutory_days_off(at.year)
    assert at.weekday() < 5
    assert deadline.at.time() == time(17)
    assert deadline.provisional
    if n:
        # The n days counted are exactly the weekdays after acceptance that the law does not give off.
        assert len(counted_days(start.date() + timedelta(days=1), at)) == n
