"""The schedule: which job runs how often. Slots are moments every server computes alike from the clock alone, so
that several schedulers agree on them and the ledger (ScheduledRun) lets exactly one enqueue each.

Only the latest slot is ever due: a scheduler that was down for a day runs each job once when it comes back, not
once per missed slot. Every job looks at the state of things when it runs, so one run makes up for those missed.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol

from django.utils import timezone
from django_tasks.base import Task

from gaoxin.accounts.tasks import disable_unused_accounts, tidy_login_throttle
from gaoxin.cases.tasks import digest_due_tasks, end_notices, warn_deadlines
from gaoxin.core.tasks import checkpoint_audit
from gaoxin.demands.tasks import supervise_demands
from gaoxin.jobs.tasks import prune_history
from gaoxin.notifications.tasks import send_deliveries, verify_audit
from gaoxin.projects.tasks import escalate_requests, remind_reports
from gaoxin.ratings.tasks import warn_rectifications


class Cadence(Protocol):
    def latest_slot(self, now: datetime) -> datetime:
        """The last slot at or before now."""


@dataclass(frozen=True)
class EveryMinutes:
    minutes: int

    def __post_init__(self):
        if not 1 <= self.minutes <= 24 * 60:
            raise ValueError("A cadence in minutes runs at least once a day and at most once a minute.")

    def latest_slot(self, now: datetime) -> datetime:
        # Counted from the Unix epoch in whole seconds: the same slots on every server.
        step = self.minutes * 60
        return datetime.fromtimestamp(int(now.timestamp()) // step * step, UTC)


@dataclass(frozen=True)
class DailyAt:
    at: time  # local time (Asia/Shanghai)

    def latest_slot(self, now: datetime) -> datetime:
        today = timezone.localtime(now).date()
        slot = _local(today, self.at)
        return slot if slot <= now else _local(today - timedelta(days=1), self.at)


@dataclass(frozen=True)
class MonthlyOn:
    day: int  # 1-28, a day every month has
    at: time

    def __post_init__(self):
        if not 1 <= self.day <= 28:
            raise ValueError("A monthly job runs on a day from 1 to 28, which every month has.")

    def latest_slot(self, now: datetime) -> datetime:
        local = timezone.localtime(now)
        slot = _local(date(local.year, local.month, self.day), self.at)
        if slot <= now:
            return slot
        previous = (
            date(local.year - 1, 12, self.day) if local.month == 1 else date(local.year, local.month - 1, self.day)
        )
        return _local(previous, self.at)


def _local(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


@dataclass(frozen=True)
class Job:
    task: Task
    cadence: Cadence

    @property
    def key(self) -> str:
        return self.task.module_path


SCHEDULE: tuple[Job, ...] = (
    # Public notices end on the minute their 20 days run out; a few minutes late is within the day.
    Job(end_notices, EveryMinutes(5)),
    # SLA warnings and overdue notices to approvers and clerks: a warning starts at 80% of a limit of hours or days.
    Job(warn_deadlines, EveryMinutes(15)),
    Job(escalate_requests, EveryMinutes(30)),
    # 万人助万企: a unit's deadline in warning, then missed, reaches its head and then the leader (督办).
    Job(supervise_demands, EveryMinutes(30)),
    Job(warn_rectifications, EveryMinutes(60)),
    # A month's report is due on the 5th working day of the next month: remind officers in the last week.
    Job(remind_reports, MonthlyOn(25, time(9, 0))),
    # The approvers who asked for it hear each working morning, before the office opens, what falls due.
    Job(digest_due_tasks, DailyAt(time(8, 30))),
    # The audit trail's heads, signed, outside the database: a chain cut back or deleted is dated to a quarter hour.
    Job(checkpoint_audit, EveryMinutes(15)),
    Job(verify_audit, DailyAt(time(2, 30))),
    # E-mail and SMS go as notifications are made; this retries those that failed, when their wait (1, 2, 4 … minutes)
    # is over.
    Job(send_deliveries, EveryMinutes(1)),
    Job(prune_history, DailyAt(time(3, 30))),
    Job(tidy_login_throttle, EveryMinutes(15)),
    # Accounts unused for GAOXIN["ACCOUNT_UNUSED_DAYS"] are disabled before the office opens.
    Job(disable_unused_accounts, DailyAt(time(3, 45))),
)
