from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """The scheduled jobs: their schedule, the scheduler that enqueues each slot once, and the worker command."""

    name = "gaoxin.jobs"
    verbose_name = _("定时任务")
