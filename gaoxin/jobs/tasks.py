"""Housekeeping of the worker's own tables."""

from datetime import datetime, timedelta

from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from gaoxin.jobs.models import ScheduledRun

KEEP = timedelta(days=90)


@task()
def prune_history(now: datetime | None = None) -> dict:
    """Forget finished task results and ledger rows older than KEEP: a 5-minute job alone adds 288 of each a day."""
    cutoff = (now or timezone.now()) - KEEP
    results, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    runs, _ = ScheduledRun.objects.filter(slot__lt=cutoff).delete()
    return {"task_results": results, "scheduled_runs": runs}
