"""Notifications: what the scheduled jobs (and later any action) tell a person, in the app and by e-mail."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    TASK_WARNING = "task_warning", _("审批任务临近法定时限")
    TASK_OVERDUE = "task_overdue", _("审批任务超期")
    CASE_WARNING = "case_warning", _("办件临近承诺时限")
    CASE_OVERDUE = "case_overdue", _("办件超期")
    REPORT_DUE = "report_due", _("月报提醒")
    RECTIFICATION_WARNING = "rectification_warning", _("整改临近时限")
    RECTIFICATION_OVERDUE = "rectification_overdue", _("整改超期")
    AUDIT_PROBLEMS = "audit_problems", _("审计链校验发现问题")
    # The working-day calendar changed and a stored deadline came out differently (gaoxin.workdays.recompute).
    DEADLINE_MOVED = "deadline_moved", _("时限因工作日历调整而变更")
    EXTENSION_REQUESTED = "extension_requested", _("延期申请待审批")
    EXTENSION_DECIDED = "extension_decided", _("延期申请已审批")
    TASK_EXTENDED = "task_extended", _("办理时限已延长")
    RECTIFICATION_RESULT = "rectification_result", _("差评整改结果")
    RECTIFICATION_REOPENED = "rectification_reopened", _("整改结果未获申请人认可")


class Notification(models.Model):
    """One message to one person. (recipient, kind, subject_key) is unique: the same warning about the same thing
    reaches a person once, however often and on however many workers the job that finds it runs."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("类型"), max_length=40, choices=Kind.choices)
    # What the notification is about, e.g. a task's id or "<project id>:2026-11"; with the kind it names the event.
    subject_key = models.CharField(_("事由标识"), max_length=100)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    # A path inside the site where the person acts on it.
    link = models.CharField(_("链接"), max_length=300, blank=True)
    # The address when the notification was made; blank means no e-mail is due.
    email_to = models.EmailField(_("邮件地址"), blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = pgettext_lazy("plural", "通知")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "subject_key"], name="notification_once"),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at", "created_at"], name="notification_inbox"),
            models.Index(
                fields=["created_at"],
                name="notification_mail_pending",
                condition=models.Q(emailed_at__isnull=True) & ~models.Q(email_to=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.title}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
