"""The scheduler's ledger: one row per job and slot, so that a slot is enqueued once however many schedulers run."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ScheduledRun(models.Model):
    # The task's import path, e.g. "gaoxin.cases.tasks.warn_deadlines".
    job = models.CharField(_("任务"), max_length=200)
    # The moment the cadence named (every 15 minutes: 10:15; daily at 02:30: that day's 02:30), not when it ran.
    slot = models.DateTimeField(_("计划时间"))
    enqueued_at = models.DateTimeField(_("入队时间"))
    # The django-tasks result row; not a foreign key, so pruning old results leaves the ledger alone.
    task_result_id = models.UUIDField(_("任务结果"))

    class Meta:
        verbose_name = _("定时任务记录")
        verbose_name_plural = pgettext_lazy("plural", "定时任务记录")
        ordering = ["-slot", "job"]
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="scheduled_run_once_per_slot")]

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot:%Y-%m-%d %H:%M}"
