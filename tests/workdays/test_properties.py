"""Properties of the deadline arithmetic over random starts, limits and pauses (library calendar, no database)."""

from datetime import date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from gaoxin.workdays.calendar import WorkCalendar
from gaoxin.workdays.deadlines import add_office_hours, add_working_days, office_seconds_between, share_used
from tests.workdays.helpers import BEIJING

CALENDAR = WorkCalendar()
CLOSE_OF_BUSINESS = time(17)
LAST_PUBLISHED_YEAR = 2026

starts = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 6, 30), timezones=st.just(BEIJING))
minute_starts = st.builds(
    lambda day, minute: datetime.combine(day, time(), tzinfo=BEIJING) + timedelta(minutes=minute),
    st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 6, 30)),
    st.integers(0, 24 * 60 - 1),
)
working_days = st.integers(0, 60)
whole_hours = st.integers(0, 300)


@st.composite
def pauses_after(draw, start: datetime) -> list[tuple[datetime, datetime]]:
    """Up to three pauses, possibly overlapping, within six weeks of start, on whole minutes."""
    pauses = []
    for _ in range(draw(st.integers(0, 3))):
        begin = start + timedelta(minutes=draw(st.integers(-24 * 60, 42 * 24 * 60)))
        pauses.append((begin, begin + timedelta(minutes=draw(st.integers(0, 5 * 24 * 60)))))
    return pauses


@st.composite
def start_with_pauses(draw, start_strategy=minute_starts):
    start = draw(start_strategy)
    return start, draw(pauses_after(start))


def working_days_in(first: date, last: date) -> int:
    days = (first + timedelta(days=offset) for offset in range((last - first).days + 1))
    return sum(CALENDAR.is_working_day(day) for day in days)


@given(start_with_pauses(starts), working_days)
def test_working_day_deadline_is_close_of_business_on_a_working_day(start_and_pauses, n):
    start, pauses = start_and_pauses
    at = add_working_days(start, n, pauses=pauses, calendar=CALENDAR).at
    assert at.tzinfo == BEIJING
    assert at.time() == CLOSE_OF_BUSINESS
    assert CALENDAR.is_working_day(at.date())
    assert at >= start


@given(starts, st.integers(1, 250))
def test_working_day_deadline_is_the_nth_working_day_after_acceptance(start, n):
    at = add_working_days(start, n, calendar=CALENDAR).at
    assert working_days_in(start.date() + timedelta(days=1), at.date()) == n


@given(start_with_pauses(starts), working_days, working_days)
def test_working_day_deadline_grows_with_n(start_and_pauses, n, m):
    start, pauses = start_and_pauses
    fewer, more = sorted((n, m))
    assert (
        add_working_days(start, fewer, pauses=pauses, calendar=CALENDAR).at
        <= add_working_days(start, more, pauses=pauses, calendar=CALENDAR).at
    )


@given(starts, working_days)
def test_provisional_exactly_when_an_unpublished_year_is_touched(start, n):
    deadline = add_working_days(start, n, calendar=CALENDAR)
    assert deadline.provisional == (deadline.at.year > LAST_PUBLISHED_YEAR)


@given(starts, whole_hours)
def test_office_hours_deadline_is_that_much_office_time_away(start, hours):
    at = add_office_hours(start, hours, calendar=CALENDAR).at
    assert office_seconds_between(start, at, calendar=CALENDAR) == hours * 3600


@given(start_with_pauses(), whole_hours)
def test_office_hours_count_around_pauses(start_and_pauses, hours):
    start, pauses = start_and_pauses
    at = add_office_hours(start, hours, pauses=pauses, calendar=CALENDAR).at
    assert office_seconds_between(start, at, pauses=pauses, calendar=CALENDAR) == hours * 3600


@given(minute_starts, st.integers(1, 300), st.data())
def test_pause_delays_an_office_hours_deadline_by_the_office_time_paused(start, hours, data):
    unpaused = add_office_hours(start, hours, calendar=CALENDAR).at
    window_minutes = int((unpaused - start).total_seconds()) // 60
    begin = start + timedelta(minutes=data.draw(st.integers(0, window_minutes)))
    end = begin + timedelta(minutes=data.draw(st.integers(0, int((unpaused - begin).total_seconds()) // 60)))
    paused = office_seconds_between(begin, end, calendar=CALENDAR)

    delayed = add_office_hours(start, hours, pauses=[(begin, end)], calendar=CALENDAR).at

    assert office_seconds_between(unpaused, delayed, calendar=CALENDAR) == paused


@given(start_with_pauses(), working_days, whole_hours)
def test_share_is_zero_at_start_and_one_at_the_deadline(start_and_pauses, n, hours):
    start, pauses = start_and_pauses
    for deadline in (
        add_working_days(start, n, pauses=pauses, calendar=CALENDAR).at,
        add_office_hours(start, hours, pauses=pauses, calendar=CALENDAR).at,
    ):
        share = {
            moment: share_used(start=start, deadline=deadline, now=moment, pauses=pauses, calendar=CALENDAR)
            for moment in (start, deadline)
        }
        assert share[deadline] == 1.0
        assert share[start] == (1.0 if deadline == start else 0.0)
