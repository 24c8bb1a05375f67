"""When the working days of some years change, every app recomputes the deadlines it stored: a registry.

The apps that store deadlines (cases, ratings, projects) sit above workdays, which may import none of them: each
registers its recomputer here from its AppConfig.ready(), as apps register their header entries with
gaoxin.core.navigation. See docs/decisions/0013-calendar-changes.md.

A recomputer is called as fn(years=..., actor=...) inside the transaction of the calendar's change, after the
change is written, and computes its deadlines the way its own actions do (through current_calendar(), which then
reads this transaction's rows). It changes only the deadlines that come out differently, audits each and tells its
owners, and returns how many it changed. `years` is a set of years, or None for everything open.
"""

from collections.abc import Callable, Iterable
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from gaoxin.core.audit import AuditBatch
from gaoxin.workdays.calendar import forget_cached_calendar

Recomputer = Callable[..., int]

_recomputers: dict[str, Recomputer] = {}


def register(name: str, recomputer: Recomputer) -> None:
    """Register (or replace) the app's recomputer under its name; ready() may run more than once."""
    _recomputers[name] = recomputer


def registered() -> dict[str, Recomputer]:
    return dict(_recomputers)


def calendar_changed(*, years: Iterable[int] | None, actor) -> dict[str, int]:
    """Recompute every registered app's open deadlines over the years, in one transaction: all or none.

    Returns the number of deadlines each app changed, by its registered name."""
    years = None if years is None else frozenset(years)
    try:
        with transaction.atomic():
            # The calendar must be read again inside this transaction, whatever this process cached before.
            forget_cached_calendar()
            return {name: recomputer(years=years, actor=actor) for name, recomputer in sorted(_recomputers.items())}
    finally:
        # Whether it committed or rolled back, nothing read inside it may outlive it in the cache.
        forget_cached_calendar()


def span(years: frozenset[int] | None) -> tuple[datetime, datetime] | None:
    """From the first moment of the first year to the first moment after the last one (Beijing time), or None.

    A deadline counted from `start` depends only on the days from start's date to the deadline's: one that starts
    at or after the span's end, or that ends before its beginning, never reaches a changed day and cannot move. A
    recomputer may leave those out and compute only the rest (the ones that stay the same are then skipped)."""
    if years is None:
        return None
    zone = timezone.get_default_timezone()
    return (
        datetime.combine(date(min(years), 1, 1), time(), tzinfo=zone),
        datetime.combine(date(max(years) + 1, 1, 1), time(), tzinfo=zone),
    )


def deadline_change(old: tuple[datetime, bool], new: datetime, provisional: bool) -> dict:
    """What a recompute audits of one deadline: the old and new moments (Beijing time) and provisional marks."""
    return {
        "old": timezone.localtime(old[0]).isoformat(),
        "new": timezone.localtime(new).isoformat(),
        "old_provisional": old[1],
        "provisional": provisional,
    }


def save_changed_deadlines(rows, *, subject_type: str, fresh: Callable, actor) -> tuple[int, list]:
    """For each row (a model with `deadline`, `deadline_provisional` and `status`, locked by the caller) whose
    deadline `fresh(row)` now computes differently: save it and audit the change on the row's own chain.

    Returns how many changed, and (row, old moment) for those whose moment moved (a provisional mark that only ends
    is saved and audited, but nobody needs to hear of it)."""
    changed, moved = 0, []
    for row in rows:
        deadline = fresh(row)
        old = row.deadline, row.deadline_provisional
        if (deadline.at, deadline.provisional) == old:
            continue
        row.deadline, row.deadline_provisional = deadline.at, deadline.provisional
        row.save(update_fields=["deadline", "deadline_provisional"])
        chain = AuditBatch(subject_type, row.pk)
        chain.add(
            actor=actor,
            action="deadline_recompute",
            from_state=row.status,
            to_state=row.status,
            data=deadline_change(old, deadline.at, deadline.provisional),
        )
        chain.write()
        changed += 1
        if deadline.at != old[0]:
            moved.append((row, old[0]))
    return changed, moved
