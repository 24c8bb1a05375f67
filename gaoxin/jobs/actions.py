"""The scheduler's one write: enqueue each job whose latest slot nobody has enqueued yet."""

import logging
from collections.abc import Iterable
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from gaoxin.jobs.models import ScheduledRun
from gaoxin.jobs.schedule import SCHEDULE, Job

logger = logging.getLogger(__name__)


def runs_enqueue_due(*, now: datetime | None = None, schedule: Iterable[Job] = SCHEDULE) -> list[str]:
    """Enqueue every job whose latest slot has no ScheduledRun yet; return the keys of the jobs this call enqueued.

    The task row and the ledger row are written in one transaction. Two schedulers on one slot both try; the
    unique (job, slot) constraint lets one commit, and the other's insert fails and takes its task row with it."""
    now = now or timezone.now()
    due = {job.key: (job, job.cadence.latest_slot(now)) for job in schedule}
    taken = set(
        ScheduledRun.objects.filter(job__in=due, slot__in={slot for _job, slot in due.values()}).values_list(
            "job", "slot"
        )
    )
    enqueued = []
    for key, (job, slot) in due.items():
        if (key, slot) in taken:  # the common case, read without a write; the constraint below is the guarantee
            continue
        try:
            with transaction.atomic():
                result = job.task.enqueue()
                ScheduledRun.objects.create(job=key, slot=slot, enqueued_at=now, task_result_id=result.id)
        except IntegrityError:
            continue  # another scheduler enqueued this slot first
        logger.info("Enqueued %s for %s", key, slot.isoformat())
        enqueued.append(key)
    return enqueued
