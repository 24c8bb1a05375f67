"""Deadline arithmetic: time limits counted in working days or in office hours, with the clock paused at times.

Statutory limits count working days: the day of acceptance is not counted and the limit ends at close of business
on the N-th working day after it. Promised limits may count office hours instead. While a case waits for the
applicant the clock stops; only office time inside a pause is lost, and the deadline moves later by exactly that.
"""

import operator
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gaoxin.workdays.calendar import WorkCalendar, current_calendar

Interval = tuple[datetime, datetime]

ONE_DAY = timedelta(days=1)
ONE_SECOND = timedelta(seconds=1)
MICROSECONDS_PER_HOUR = 3_600_000_000


@dataclass(frozen=True)
class Deadline:
    at: datetime
    # True when the computation crossed a year whose notice is not published yet (weekends and statutory days only).
    provisional: bool


class SlaState(models.TextChoices):
    ON_TIME = "on_time", _("正常")
    WARNING = "warning", _("预警")
    OVERDUE = "overdue", _("超期")


def add_working_days(
    start: datetime, n: int, *, pauses: Sequence[Interval] = (), calendar: WorkCalendar | None = None
) -> Deadline:
    """Close of business on the n-th working day after start's date, later by the office time paused.

    n=0 means close of business on the acceptance day, or on the next working day if that one has closed.
    """
    n = operator.index(n)
    if n < 0:
        raise ValueError("The number of working days must not be negative.")
    calendar = calendar or current_calendar()
    start = _local(start)
    clock = _Clock(calendar, pauses)
    counted_until = clock.run(clock.end_of_acceptance_day(start), n * clock.office_day)
    at = clock.next_close_of_business(counted_until)
    return Deadline(at, _touches_provisional_year(calendar, start.date(), at.date()))


def add_office_hours(
    start: datetime,
    hours: int | float | Decimal,
    *,
    pauses: Sequence[Interval] = (),
    calendar: WorkCalendar | None = None,
) -> Deadline:
    """The moment the clock, started at start, has run for the given office hours."""
    budget = _duration_of_hours(hours)
    calendar = calendar or current_calendar()
    start = _local(start)
    at = _Clock(calendar, pauses).run(start, budget)
    return Deadline(at, _touches_provisional_year(calendar, start.date(), at.date()))


def office_seconds_between(
    start: datetime, end: datetime, *, pauses: Sequence[Interval] = (), calendar: WorkCalendar | None = None
) -> int:
    """Whole seconds the clock ran from start to end: office time on working days outside pauses; 0 if end <= start."""
    clock = _Clock(calendar or current_calendar(), pauses)
    return clock.counted(_local(start), _local(end)) // ONE_SECOND


def share_used(
    *,
    start: datetime,
    deadline: datetime,
    now: datetime,
    pauses: Sequence[Interval] = (),
    calendar: WorkCalendar | None = None,
) -> float:
    """Office time counted up to now over office time counted up to the deadline.

    0 at start, exactly 1.0 at the deadline, above 1 once office time runs past it. A deadline at close of business
    on a later day than start is taken to be a working-day limit, so the rest of the acceptance day counts neither
    as used nor as available. A limit with no office time at all is used up at its deadline.
    """
    start, deadline, now = _local(start), _local(deadline), _local(now)
    clock = _Clock(calendar or current_calendar(), pauses)
    counting_from = clock.limit_start(start, deadline)
    available = clock.counted(counting_from, deadline)
    if not available:
        return 1.0 if now >= deadline else 0.0
    return clock.counted(counting_from, now) / available


def sla_state(
    *,
    start: datetime,
    deadline: datetime,
    now: datetime,
    pauses: Sequence[Interval] = (),
    calendar: WorkCalendar | None = None,
) -> SlaState:
    """Overdue once now is past the deadline; a warning from GAOXIN["SLA_WARNING_SHARE"] of the limit used."""
    if _local(now) > _local(deadline):
        return SlaState.OVERDUE
    share = share_used(start=start, deadline=deadline, now=now, pauses=pauses, calendar=calendar)
    if share >= settings.GAOXIN["SLA_WARNING_SHARE"]:
        return SlaState.WARNING
    return SlaState.ON_TIME


class _Clock:
    """Runs during office hours on working days, except during pauses. All moments are local and aware."""

    def __init__(self, calendar: WorkCalendar, pauses: Sequence[Interval]):
        self.calendar = calendar
        self.pauses = _checked_pauses(pauses)
        self.hours = _office_hours()
        self.zone = timezone.get_default_timezone()
        self.office_day = sum((_length(opens, closes) for opens, closes in self.hours), timedelta())

    def run(self, since: datetime, budget: timedelta) -> datetime:
        """The moment the clock, running from since, has counted budget (an interval's end, not the next start)."""
        if not budget:
            return since
        for begin, end in self._running(since):
            if end - begin >= budget:
                return begin + budget
            budget -= end - begin
        raise AssertionError("the clock's intervals never end")

    def counted(self, since: datetime, until: datetime) -> timedelta:
        total = timedelta()
        for begin, end in self._running(since):
            if begin >= until:
                break
            total += min(end, until) - begin
        return total

    def end_of_acceptance_day(self, start: datetime) -> datetime:
        """Where a working-day limit starts counting: no office time of the acceptance day is left after it."""
        return max(start, self.close_of_business(start.date()))

    def limit_start(self, start: datetime, deadline: datetime) -> datetime:
        if deadline.date() > start.date() and deadline == self.close_of_business(deadline.date()):
            return self.end_of_acceptance_day(start)
        return start

    def close_of_business(self, day: date) -> datetime:
        return self._at(day, self.hours[-1][1])

    def next_close_of_business(self, moment: datetime) -> datetime:
        """Close of business of the first working day that has not closed before moment."""
        day = moment.date()
        while not (self.calendar.is_working_day(day) and self.close_of_business(day) >= moment):
            day += ONE_DAY
        return self.close_of_business(day)

    def _running(self, since: datetime) -> Iterator[Interval]:
        return _without_pauses(self._office_intervals(since), self.pauses)

    def _office_intervals(self, since: datetime) -> Iterator[Interval]:
        """Office intervals of working days from since on, endless; skips days off a whole day at a time."""
        day = since.date()
        while True:
            if self.calendar.is_working_day(day):
                for opens, closes in self.hours:
                    begin, end = max(self._at(day, opens), since), self._at(day, closes)
                    if begin < end:
                        yield begin, end
            day += ONE_DAY

    def _at(self, day: date, clock_time: time) -> datetime:
        return datetime.combine(day, clock_time, tzinfo=self.zone)


def _without_pauses(intervals: Iterable[Interval], pauses: list[Interval]) -> Iterator[Interval]:
    """The parts of ascending intervals outside the pauses (sorted by their start; they may overlap)."""
    remaining = iter(pauses)
    pause = next(remaining, None)
    for begin, end in intervals:
        while begin < end:
            while pause is not None and pause[1] <= begin:
                pause = next(remaining, None)
            if pause is None or pause[0] >= end:
                yield begin, end
                break
            if pause[0] > begin:
                yield begin, pause[0]
            begin = pause[1]


def _checked_pauses(pauses: Sequence[Interval]) -> list[Interval]:
    checked = []
    for begin, end in pauses:
        if begin is None or end is None:
            raise ValueError("A pause must be closed; close a running one with the current time.")
        begin, end = _local(begin), _local(end)
        if end < begin:
            raise ValueError("A pause must not end before it begins.")
        checked.append((begin, end))
    return sorted(checked)


def _local(moment: datetime) -> datetime:
    if timezone.is_naive(moment):
        raise ValueError(f"Deadline arithmetic needs timezone-aware datetimes, got naive {moment.isoformat()}.")
    return moment.astimezone(timezone.get_default_timezone())


def _duration_of_hours(hours: int | float | Decimal) -> timedelta:
    amount = Decimal(str(hours)) if isinstance(hours, float) else Decimal(hours)
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"Office hours must be a finite, non-negative number, got {hours!r}.")
    return timedelta(microseconds=int((amount * MICROSECONDS_PER_HOUR).to_integral_value()))


def _touches_provisional_year(calendar: WorkCalendar, first: date, last: date) -> bool:
    return any(calendar.is_provisional(date(year, 1, 1)) for year in range(first.year, last.year + 1))


def _length(opens: time, closes: time) -> timedelta:
    return datetime.combine(date.min, closes) - datetime.combine(date.min, opens)


def _office_hours() -> tuple[tuple[time, time], ...]:
    return _parse_office_hours(tuple(tuple(span) for span in settings.GAOXIN["OFFICE_HOURS"]))


@lru_cache
def _parse_office_hours(spans: tuple[tuple[str, str], ...]) -> tuple[tuple[time, time], ...]:
    hours = tuple((time.fromisoformat(opens), time.fromisoformat(closes)) for opens, closes in spans)
    boundaries = [moment for span in hours for moment in span]
    if not hours or boundaries != sorted(boundaries) or any(opens >= closes for opens, closes in hours):
        raise ImproperlyConfigured(
            'GAOXIN["OFFICE_HOURS"] must be ascending, non-overlapping ("HH:MM", "HH:MM") pairs.'
        )
    return hours
