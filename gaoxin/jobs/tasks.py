"""Housekeeping of the worker's own tables."""

from datetime import datetime, timedelta

from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from gaoxin.jobs.models import ScheduledRun

KEEP = timedelta(days=90)
# Longer than any job runs; a task still "running" after this lost its worker (kill -9, a machine gone).
LOST_AFTER = timedelta(hours=1)


@task()
def prune_history(now: datetime | None = None) -> dict:
    """Close the tasks whose worker died, then forget finished task results and ledger rows older than KEEP: a
    5-minute job alone adds 288 of each a day."""
    now = now or timezone.now()
    lost = fail_lost_tasks(now)
    results, _ = DBTaskResult.objects.finished().filter(finished_at__lt=now - KEEP).delete()
    runs, _ = ScheduledRun.objects.filter(slot__lt=now - KEEP).delete()
    return {"lost_tasks": lost, "task_results": results, "scheduled_runs": runs}


def fail_lost_tasks(now: datetime) -> int:
    """django-tasks-db never reclaims a task whose worker was killed: its row would stay "running" for ever. Mark it
    failed, saying why; the jobs look at the state of things when they run, so the next slot does its work."""
    return (
        DBTaskResult.objects.running()
        .filter(started_at__lt=now - LOST_AFTER)
        .update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path="gaoxin.jobs.WorkerLost",
            traceback=f"The worker stopped before the task finished: still running {LOST_AFTER} after it started.",
        )
    )
