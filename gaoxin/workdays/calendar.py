"""Which days are working days: chinese_calendar's published schedules plus the administrators' overrides.

A year that chinese_calendar does not cover keeps the weekends and the statutory days off (gaoxin.workdays.statutory)
until an administrator enters its notice; the notice's days are overrides on top of them.
"""

import time
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import NamedTuple

import chinese_calendar
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from gaoxin.workdays.models import CalendarDay, CalendarYear
from gaoxin.workdays.statutory import statutory_days_off

# Other processes learn about an administrator's edit only through this expiry.
CACHE_SECONDS = 60


class Day(NamedTuple):
    date: date
    is_working_day: bool
    name: str


def _chinese_name(english: str) -> str:
    return chinese_calendar.Holiday(english).chinese


_LIBRARY_HOLIDAYS = {day: _chinese_name(name) for day, name in chinese_calendar.holidays.items()}
_LIBRARY_MAKEUP_DAYS = {day: f"{_chinese_name(name)}调休" for day, name in chinese_calendar.workdays.items()}
_LIBRARY_YEARS = range(min(_LIBRARY_HOLIDAYS).year, max(_LIBRARY_HOLIDAYS).year + 1)


def _is_weekend(d: date) -> bool:
    return d.weekday() >= 5


class WorkCalendar:
    """An immutable snapshot of the calendar; safe to share between threads."""

    def __init__(self, overrides: Iterable[Day] = (), published_years: Iterable[int] = ()):
        self._overrides: Mapping[date, Day] = {day.date: day for day in overrides}
        self._published_years = frozenset(published_years)

    def is_working_day(self, d: date) -> bool:
        if d in self._overrides:
            return self._overrides[d].is_working_day
        if d.year in _LIBRARY_YEARS:
            return d in _LIBRARY_MAKEUP_DAYS or not (_is_weekend(d) or d in _LIBRARY_HOLIDAYS)
        # Also in a year whose notice is entered: the notice never makes a statutory day a working day, so the
        # administrator enters only what it adds, and publishing the year before its days moves no deadline.
        return not (_is_weekend(d) or d in statutory_days_off(d.year))

    def is_provisional(self, d: date) -> bool:
        """True when d's year has no published schedule: only weekends and the statutory days off are known."""
        return d.year not in _LIBRARY_YEARS and d.year not in self._published_years

    def day_name(self, d: date) -> str:
        if d in self._overrides:
            return self._overrides[d].name
        if d.year in _LIBRARY_YEARS:
            return _LIBRARY_HOLIDAYS.get(d) or _LIBRARY_MAKEUP_DAYS.get(d, "")
        return statutory_days_off(d.year).get(d, "")

    def non_standard_days(self, year: int) -> list[Day]:
        """Holidays on weekdays and working days on weekends, in date order."""
        first, last = date(year, 1, 1), date(year, 12, 31)
        days = (first + timedelta(days=offset) for offset in range((last - first).days + 1))
        return [
            Day(d, self.is_working_day(d), self.day_name(d)) for d in days if self.is_working_day(d) == _is_weekend(d)
        ]


_cached: tuple[float, WorkCalendar] | None = None
_generation = 0


def current_calendar() -> WorkCalendar:
    """The calendar with the database overrides, rebuilt after an edit here or CACHE_SECONDS after the last build."""
    global _cached
    cached = _cached
    if cached is not None and time.monotonic() - cached[0] < CACHE_SECONDS:
        return cached[1]
    generation = _generation
    calendar = _calendar_from_database()
    # An edit saved while this build was reading must not be hidden behind the build's older data.
    if generation == _generation:
        _cached = (time.monotonic(), calendar)
    return calendar


def _calendar_from_database() -> WorkCalendar:
    overrides = [Day(*row) for row in CalendarDay.objects.values_list("date", "is_working_day", "name")]
    return WorkCalendar(overrides, CalendarYear.objects.values_list("year", flat=True))


def forget_cached_calendar() -> None:
    """Make the next current_calendar() read the database, e.g. after a test rolled back its edits."""
    global _cached, _generation
    _generation += 1
    _cached = None


def _calendar_edited(**_kwargs) -> None:
    forget_cached_calendar()
    # Forgetting it again at commit drops a build that another connection made before the edit was visible to it.
    transaction.on_commit(forget_cached_calendar)


def connect_cache_invalidation() -> None:
    for model in (CalendarDay, CalendarYear):
        post_save.connect(_calendar_edited, sender=model, dispatch_uid=f"workdays-saved-{model.__name__}")
        post_delete.connect(_calendar_edited, sender=model, dispatch_uid=f"workdays-deleted-{model.__name__}")
