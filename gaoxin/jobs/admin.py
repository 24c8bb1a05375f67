from django.contrib import admin

from gaoxin.jobs.models import ScheduledRun


@admin.register(ScheduledRun)
class ScheduledRunAdmin(admin.ModelAdmin):
    """Read-only: the scheduler writes the ledger; the task's outcome is under django-tasks' own results."""

    list_display = ["slot", "job", "enqueued_at", "task_result_id"]
    list_filter = ["job"]
    date_hierarchy = "slot"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
