"""The audit trail: append-only events, hash-chained per subject (a case, a project …)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AuditEvent(models.Model):
    subject_type = models.CharField(_("对象类型"), max_length=40)
    subject_id = models.CharField(_("对象标识"), max_length=64)
    seq = models.PositiveIntegerField(_("序号"))
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("动作"), max_length=40)
    from_state = models.CharField(_("原状态"), max_length=40, blank=True)
    to_state = models.CharField(_("新状态"), max_length=40, blank=True)
    reason = models.TextField(_("理由"), blank=True)
    data = models.JSONField(_("数据"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("审计事件")
        verbose_name_plural = pgettext_lazy("plural", "审计事件")
        ordering = ["subject_type", "subject_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["subject_type", "subject_id", "seq"], name="audit_event_unique_seq")
        ]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RuntimeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit events are append-only.")


class AuditHead(models.Model):
    """The last event of each chain, so that deleting the newest events is detected too, authenticated by `mac`
    (HMAC under the audit key, which is not in the database: gaoxin.core.keys) so that a chain recomputed after an
    edit is detected as well."""

    subject_type = models.CharField(max_length=40)
    subject_id = models.CharField(max_length=64)
    seq = models.PositiveIntegerField(default=0)
    hash = models.CharField(max_length=64, default="")
    mac = models.CharField(max_length=64, default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subject_type", "subject_id"], name="audit_head_unique_subject")]
