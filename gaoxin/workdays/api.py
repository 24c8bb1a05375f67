"""The /api/calendar endpoints: deadlines as the platform computes them, the days off of a year, and the
administrators' entry of a year's notice."""

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Router, Schema
from pydantic import WithJsonSchema

from gaoxin.core.api import ERRORS, Line, Text, Year, gated, require
from gaoxin.core.errors import DomainError
from gaoxin.workdays.actions import calendar_year_enter, may_edit_calendar
from gaoxin.workdays.calendar import Day, current_calendar
from gaoxin.workdays.deadlines import add_office_hours, add_working_days

router = Router(tags=["工作日历 calendar"])

# Public and unauthenticated, so the loops behind a request stay short.
FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_WORKING_DAYS = 1000
MAX_OFFICE_HOURS = 2000
AMOUNT_LABELS = {"working_days": gettext_lazy("工作日数"), "office_hours": gettext_lazy("工作小时数")}

# A number, never the free text pydantic's Decimal schema would also allow.
OfficeHours = Annotated[Decimal, WithJsonSchema({"type": "number"})]

# An unencoded "+08:00" in a query string arrives as " 08:00".
_OFFSET_WITH_LOST_PLUS = re.compile(r"(T[\d:.]+) (\d{2}:?\d{2})$")


class DeadlineOut(Schema):
    deadline: str
    provisional: bool


class DayOut(Schema):
    date: date
    is_working_day: bool
    name: str


class DayIn(Schema):
    date: date
    is_working_day: bool
    name: Line


class YearOut(Schema):
    year: int
    provisional: bool
    days: list[DayOut]


class YearIn(Schema):
    """The notice of the State Council's General Office for the year: its reference and every day it names."""

    note: Text = ""
    days: list[DayIn] = []


class YearEnteredOut(YearOut):
    # How many stored deadlines each app changed because of the entry (cases, ratings, projects).
    recomputed: dict[str, int]


@router.get("/deadline", auth=None, response={200: DeadlineOut, **ERRORS}, summary="计算办理时限")
def deadline(request, start: str, working_days: int | None = None, office_hours: OfficeHours | None = None):
    """Exactly one of working_days (statutory, close of business) and office_hours (promised) is given.

    A start without an offset is read as Beijing time.
    """
    accepted_at = _parse_start(start)
    if (working_days is None) == (office_hours is None):
        raise DomainError(_("请在 working_days 与 office_hours 中提供且仅提供一个"), field="working_days")
    if working_days is not None:
        _require_within(working_days, MAX_WORKING_DAYS, "working_days", AMOUNT_LABELS["working_days"])
        result = add_working_days(accepted_at, working_days)
    else:
        _require_within(office_hours, MAX_OFFICE_HOURS, "office_hours", AMOUNT_LABELS["office_hours"])
        result = add_office_hours(accepted_at, office_hours)
    return {"deadline": result.at.isoformat(timespec="seconds"), "provisional": result.provisional}


@router.get("/days", auth=None, response={200: YearOut, **ERRORS}, summary="某年的节假日与调休上班日")
def days(request, year: int):
    """Holidays falling on weekdays and working days falling on weekends; every other day follows the week."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DomainError(
            _("年份须在 %(first)s 至 %(last)s 之间") % {"first": FIRST_YEAR, "last": LAST_YEAR}, field="year"
        )
    calendar = current_calendar()
    return {
        "year": year,
        "provisional": calendar.is_provisional(date(year, 1, 1)),
        "days": [day._asdict() for day in calendar.non_standard_days(year)],
    }


def _calendar_editor(user, **_path) -> None:
    require(may_edit_calendar(user), _("只有系统管理员可以维护工作日历"))


@router.put(
    "/years/{year}",
    auth=gated(_calendar_editor),
    response={200: YearEnteredOut, **ERRORS},
    summary="录入某年的放假安排",
)
def enter_year(request, year: Year, payload: YearIn):
    """Replace the year's days with the notice's and mark the year published; the stored deadlines that depended on
    its days are recomputed in the same transaction and their owners notified. The statutory days off need not be
    listed: they are off in every year anyway."""
    days = [Day(day.date, day.is_working_day, day.name) for day in payload.days]
    change = calendar_year_enter(actor=request.user, year=year, days=days, note=payload.note)
    calendar = current_calendar()
    return {
        "year": year,
        "provisional": calendar.is_provisional(date(year, 1, 1)),
        "days": [day._asdict() for day in calendar.non_standard_days(year)],
        "recomputed": change.recomputed,
    }


def _parse_start(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(_OFFSET_WITH_LOST_PLUS.sub(r"\1+\2", value.strip()))
    except ValueError:
        raise DomainError(
            _("开始时间格式无效，请使用 ISO 8601 格式，如 2026-09-30T10:00:00+08:00"), field="start"
        ) from None
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise DomainError(
            _("开始时间须在 %(first)s 至 %(last)s 年之间") % {"first": FIRST_YEAR, "last": LAST_YEAR}, field="start"
        )
    if timezone.is_naive(moment):
        return timezone.make_aware(moment, timezone.get_default_timezone())
    return moment


def _require_within(amount: int | Decimal, maximum: int, field: str, label) -> None:
    if amount < 0:
        raise DomainError(_("%(label)s不能为负数") % {"label": label}, field=field)
    if amount > maximum:
        raise DomainError(_("%(label)s不能超过 %(maximum)s") % {"label": label, "maximum": maximum}, field=field)
