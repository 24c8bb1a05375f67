"""Every write to the working-day calendar: one transaction that changes the days, audits the change on the year's
chain ("calendar", year) and recomputes the stored deadlines that depended on them (gaoxin.workdays.recompute).

The admin pages, the API and the management commands all call these; none writes CalendarDay or CalendarYear rows
itself. A save that changes nothing writes nothing, audits nothing and recomputes nothing.
"""

from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gaoxin.accounts.models import Role, User
from gaoxin.core.audit import AuditBatch
from gaoxin.core.errors import DomainError, Forbidden
from gaoxin.workdays import recompute
from gaoxin.workdays.calendar import Day, forget_cached_calendar
from gaoxin.workdays.models import CalendarDay, CalendarYear

FIRST_YEAR, LAST_YEAR = 1949, 2100  # as CalendarYear's validators
NAME_MAX = CalendarDay._meta.get_field("name").max_length


@dataclass(frozen=True)
class CalendarChange:
    """What one action changed, and how many stored deadlines each app recomputed because of it."""

    # The years whose days changed (empty when only a note did, or nothing).
    years: frozenset[int]
    recomputed: dict[str, int]


NOTHING = CalendarChange(frozenset(), {})


def may_edit_calendar(user) -> bool:
    """The system administrators (a superuser made on the command line counts as one)."""
    return bool(user and user.is_authenticated and (user.role == Role.ADMIN or user.is_superuser))


def calendar_day_save(*, actor: User, day: date, is_working_day: bool, name: str = "") -> CalendarChange:
    """Make one day a working day or a day off, with its name (an administrator's override)."""
    _require_editor(actor)
    _check_year(day.year, field="date")
    wanted = Day(day, bool(is_working_day), _checked_name(name))
    with _editing() as audits:
        changed = _set_days(audits, actor, [wanted], action="day_save")
        return _recomputed(actor, changed)


def calendar_days_delete(*, actor: User, days: Iterable[date]) -> CalendarChange:
    """Remove the overrides of these days: each follows chinese_calendar or the statutory rule again."""
    _require_editor(actor)
    days = sorted(set(days))
    with _editing() as audits:
        removed = list(CalendarDay.objects.select_for_update().filter(date__in=days).order_by("date"))
        for row in removed:
            _audit(audits, row.date.year).add(actor=actor, action="day_delete", data={"before": _day_data(row)})
        CalendarDay.objects.filter(pk__in=[row.pk for row in removed]).delete()
        return _recomputed(actor, {row.date.year for row in removed})


def calendar_year_save(*, actor: User, year: int, note: str = "") -> CalendarChange:
    """Mark a year's notice as entered (its deadlines stop being provisional), with the notice's reference."""
    _require_editor(actor)
    _check_year(year, field="year")
    with _editing() as audits:
        changed = _publish(audits, actor, year, note.strip())
        return _recomputed(actor, {year} if changed else set())


def calendar_year_delete(*, actor: User, year: int) -> CalendarChange:
    """The year is provisional again. Its days stay as they are: remove them one by one if they were wrong."""
    _require_editor(actor)
    with _editing() as audits:
        row = CalendarYear.objects.select_for_update().filter(year=year).first()
        if row is None:
            return NOTHING
        _audit(audits, year).add(actor=actor, action="year_delete", data={"note": row.note})
        row.delete()
        return _recomputed(actor, {year})


def calendar_year_enter(*, actor: User, year: int, days: Iterable[Day], note: str = "") -> CalendarChange:
    """Enter a year's notice at once: its days replace the year's overrides and the year is published.

    One recompute for the whole notice, so that a deadline moves (and its owners hear of it) once, not once for
    every day the administrator typed in."""
    _require_editor(actor)
    _check_year(year, field="year")
    wanted = [Day(d.date, bool(d.is_working_day), _checked_name(d.name)) for d in days]
    outside = [d.date.isoformat() for d in wanted if d.date.year != year]
    if outside:
        raise DomainError(
            _("以下日期不在 %(year)s 年：%(dates)s") % {"year": year, "dates": _("、").join(outside)}, field="days"
        )
    dates = [d.date for d in wanted]
    if len(set(dates)) != len(dates):
        twice = sorted({d.isoformat() for d in dates if dates.count(d) > 1})
        raise DomainError(_("以下日期重复：%(dates)s") % {"dates": _("、").join(twice)}, field="days")
    with _editing() as audits:
        stale = list(
            CalendarDay.objects.select_for_update().filter(date__year=year).exclude(date__in=dates).order_by("date")
        )
        for row in stale:
            _audit(audits, year).add(actor=actor, action="day_delete", data={"before": _day_data(row)})
        CalendarDay.objects.filter(pk__in=[row.pk for row in stale]).delete()
        changed = _set_days(audits, actor, wanted, action="day_save") | ({year} if stale else set())
        if _publish(audits, actor, year, note.strip()):
            changed.add(year)
        return _recomputed(actor, changed)


# --- shared steps ---------------------------------------------------------------------------------


@contextmanager
def _editing():
    """One transaction; the audit batches of the years it touched are written at its end."""
    batches: dict[int, AuditBatch] = {}
    try:
        with transaction.atomic():
            yield batches
            for batch in batches.values():
                batch.write()
    except BaseException:
        # A calendar read inside the rolled-back transaction may have been cached: it must not outlive it.
        forget_cached_calendar()
        raise


def _audit(batches: dict[int, AuditBatch], year: int) -> AuditBatch:
    if year not in batches:
        batches[year] = AuditBatch("calendar", year)
    return batches[year]


def _set_days(batches, actor: User, wanted: list[Day], *, action: str) -> set[int]:
    """Create or update the days' rows; the years of those that changed."""
    rows = CalendarDay.objects.select_for_update().filter(date__in=[d.date for d in wanted])
    existing = {row.date: row for row in rows}
    changed: set[int] = set()
    for day in sorted(wanted):
        row = existing.get(day.date)
        if row is not None and (row.is_working_day, row.name) == (day.is_working_day, day.name):
            continue
        before = _day_data(row) if row else None
        if row is None:
            try:
                with transaction.atomic():
                    row = CalendarDay.objects.create(date=day.date, is_working_day=day.is_working_day, name=day.name)
            except IntegrityError:  # another administrator created it meanwhile
                raise DomainError(_("%(date)s 刚被他人修改，请刷新后重试") % {"date": day.date}, field="date") from None
        else:
            row.is_working_day, row.name = day.is_working_day, day.name
            row.save(update_fields=["is_working_day", "name"])
        _audit(batches, day.date.year).add(actor=actor, action=action, data={"before": before, "after": _day_data(row)})
        changed.add(day.date.year)
    return changed


def _publish(batches, actor: User, year: int, note: str) -> bool:
    row = CalendarYear.objects.select_for_update().filter(year=year).first()
    if row is not None and row.note == note:
        return False
    if row is None:
        CalendarYear.objects.create(year=year, note=note)
        _audit(batches, year).add(actor=actor, action="year_save", data={"note": note})
        return True
    before, row.note = row.note, note
    row.save(update_fields=["note"])
    _audit(batches, year).add(actor=actor, action="year_note", data={"before": before, "note": note})
    # Only the reference changed: no day did, so no deadline can move.
    return False


def _recomputed(actor: User, years: set[int]) -> CalendarChange:
    if not years:
        return NOTHING
    return CalendarChange(frozenset(years), recompute.calendar_changed(years=years, actor=actor))


def _day_data(row: CalendarDay) -> dict:
    return {"date": row.date.isoformat(), "is_working_day": row.is_working_day, "name": row.name}


def _require_editor(actor: User) -> None:
    if not may_edit_calendar(actor):
        raise Forbidden(_("只有系统管理员可以维护工作日历"))


def _check_year(year: int, *, field: str) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DomainError(
            _("年份须在 %(first)s 至 %(last)s 之间") % {"first": FIRST_YEAR, "last": LAST_YEAR}, field=field
        )


def _checked_name(name: str) -> str:
    name = (name or "").strip()
    if len(name) > NAME_MAX:
        raise DomainError(_("名称不能超过 %(limit)s 个字") % {"limit": NAME_MAX}, field="name")
    return name
