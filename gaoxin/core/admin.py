from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.db.models.signals import post_save
from django.dispatch import receiver

from gaoxin.core.admin_tools import ReadOnlyAdmin
from gaoxin.core.audit import audit_record
from gaoxin.core.models import AuditEvent

ADMIN_ACTIONS = {1: "admin_add", 2: "admin_change", 3: "admin_delete"}


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """The audit trail as it was written: read, filtered and searched, never changed (the audit administrator's)."""

    list_display = ["at", "subject_type", "subject_id", "seq", "actor", "action", "from_state", "to_state"]
    list_filter = ["subject_type", "action"]
    search_fields = ["subject_id", "actor__username", "reason"]
    date_hierarchy = "at"
    list_select_related = ["actor"]


@receiver(post_save, sender=LogEntry, dispatch_uid="gaoxin.core.admin_changes_audited")
def admin_change_audited(sender, instance: LogEntry, created: bool, **kwargs) -> None:
    """Every change made in the admin site (安全审计) also goes into the tamper-evident trail, on the changed row's
    own chain, in the transaction of the change."""
    if not created:
        return
    content_type = instance.content_type
    audit_record(
        subject_type="admin",
        subject_id=f"{content_type.app_label}.{content_type.model}:{instance.object_id}"[:64],
        actor=instance.user,
        action=ADMIN_ACTIONS.get(instance.action_flag, "admin_change"),
        reason=instance.object_repr,
        data={"change": instance.get_change_message()[:500]},
        at=instance.action_time,
    )
