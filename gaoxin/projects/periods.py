"""Dates of the project calendar: when a monthly report is due and closes, what counts as "due soon", months elapsed.

A month's report is due at close of business on the 5th working day of the next month (REPORT_DUE_WORKING_DAYS).
Until then it may be filed and corrected; once that moment has passed the month is closed (关账) and its report is
locked: a filing or correction is refused with a conflict. A milestone is due soon (yellow) when its planned date is
no later than the 10th working day from today (SOON_WORKING_DAYS).
"""

import calendar
from datetime import date, datetime, time

from django.utils import timezone

from gaoxin.workdays.deadlines import Deadline, add_working_days

REPORT_DUE_WORKING_DAYS = 5
SOON_WORKING_DAYS = 10


def _local_noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def report_due(year: int, month: int) -> Deadline:
    """Close of business on the 5th working day after the month's last day, i.e. of the next month."""
    return add_working_days(_local_noon(month_end(year, month)), REPORT_DUE_WORKING_DAYS)


def month_closed(year: int, month: int, now: datetime) -> bool:
    return now > report_due(year, month).at


def month_started(year: int, month: int, now: datetime) -> bool:
    return timezone.localtime(now).date() >= date(year, month, 1)


def soon_limit(now: datetime) -> date:
    """The last planned date that counts as due soon: the 10th working day from today."""
    return timezone.localtime(add_working_days(now, SOON_WORKING_DAYS).at).date()


def months_elapsed(year: int, as_of: date) -> int:
    """Whole months of the year ended by as_of: 10 on 31 October and all through November; 12 after the year."""
    if as_of.year < year:
        return 0
    if as_of.year > year:
        return 12
    ended = as_of.month - 1
    if as_of == month_end(as_of.year, as_of.month):
        ended += 1
    return ended


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1
