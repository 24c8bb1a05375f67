"""Notifications: what the scheduled jobs (and later any action) tell a person, in the app and by e-mail."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gaoxin.core import personal
from gaoxin.core.personal import DigestField, EncryptedField


class Kind(models.TextChoices):
    TASK_WARNING = "task_warning", _("审批任务临近法定时限")
    TASK_OVERDUE = "task_overdue", _("审批任务超期")
    CASE_WARNING = "case_warning", _("办件临近承诺时限")
    CASE_OVERDUE = "case_overdue", _("办件超期")
    REPORT_DUE = "report_due", _("月报提醒")
    RECTIFICATION_WARNING = "rectification_warning", _("整改临近时限")
    RECTIFICATION_OVERDUE = "rectification_overdue", _("整改超期")
    AUDIT_PROBLEMS = "audit_problems", _("审计链校验发现问题")
    # The login throttle locked an account itself (gaoxin.accounts.throttle): its security administrators hear it.
    ACCOUNT_LOCKED = "account_locked", _("账户因登录失败过多被锁定")
    # The working-day calendar changed and a stored deadline came out differently (gaoxin.workdays.recompute).
    DEADLINE_MOVED = "deadline_moved", _("时限因工作日历调整而变更")
    EXTENSION_REQUESTED = "extension_requested", _("延期申请待审批")
    EXTENSION_DECIDED = "extension_decided", _("延期申请已审批")
    TASK_EXTENDED = "task_extended", _("办理时限已延长")
    RECTIFICATION_RESULT = "rectification_result", _("差评整改结果")
    RECTIFICATION_REOPENED = "rectification_reopened", _("整改结果未获申请人认可")
    # What the applicant of a case hears (gaoxin.cases.messages); the wording is a template (MessageTemplate).
    CASE_ACCEPTED = "case_accepted", _("办件已受理")
    CASE_NOT_ACCEPTED = "case_not_accepted", _("办件不予受理")
    CORRECTIONS_REQUESTED = "corrections_requested", _("请补正材料")
    STEP_DECIDED = "step_decided", _("办理环节已办结")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("退回补充材料")
    CASE_DECIDED = "case_decided", _("办件已办结")
    NOTICE_STARTED = "notice_started", _("公示开始")
    NOTICE_ENDED = "notice_ended", _("公示结束")
    # An objection to a public notice: its applicant and the notice's department hear of it.
    NOTICE_OBJECTED = "notice_objected", _("公示期内收到异议")
    RATING_INVITED = "rating_invited", _("邀请评价")
    # What the staff hear of what is theirs.
    TASK_NEW = "task_new", _("新的审批任务")
    SUPPLEMENT_ANSWERED = "supplement_answered", _("申请人已补充材料")
    RATING_BAD = "rating_bad", _("收到差评")
    REQUEST_ESCALATED = "request_escalated", _("要素保障需求超期提级")
    # 万人助万企 (gaoxin.demands): the unit of a new assignment, the enterprise of the reply, the leader of a reopening.
    DEMAND_ASSIGNED = "demand_assigned", _("新交办的企业诉求")
    DEMAND_REPLIED = "demand_replied", _("诉求已答复，请确认")
    DEMAND_REOPENED = "demand_reopened", _("企业不满意，诉求重办")
    # 督办 (gaoxin.demands.supervision): the unit of a deadline near (80 %), the unit's head and then the leader of one
    # missed; the unit of a leader's instruction (批示), the leader of the unit's answer.
    DEMAND_WARNING = "demand_warning", _("诉求临近办理期限")
    DEMAND_ESCALATED = "demand_escalated", _("超期诉求提请督办")
    DEMAND_INSTRUCTED = "demand_instructed", _("领导批示待答复")
    DEMAND_INSTRUCTION_ANSWERED = "demand_instruction_answered", _("批示已答复")
    # Digests: one message per person listing everything of its kind.
    REPORTS_DUE = "reports_due", _("月报提醒（汇总）")
    DAILY_DIGEST = "daily_digest", _("每日到期提醒")
    # A code to reset a forgotten password (gaoxin.accounts.actions.password_reset_request): e-mail and SMS only.
    SIGN_IN_CODE = "sign_in_code", _("登录验证码")


class Channel(models.TextChoices):
    """How a message reaches a person besides the notification centre, which everyone has."""

    INAPP = "inapp", _("站内通知")
    EMAIL = "email", _("邮件")
    SMS = "sms", _("短信")


# The channels a delivery goes out on (in-app is the notification itself).
SENT_CHANNELS = (Channel.EMAIL, Channel.SMS)


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("待发送")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


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
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = pgettext_lazy("plural", "通知")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "subject_key"], name="notification_once"),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at", "created_at"], name="notification_inbox"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.title}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Delivery(models.Model):
    """One message sent on one channel to one address: an e-mail or an SMS, with how its sending went.

    Most belong to a notification; an SMS to a walk-in applicant's phone (a case without an account) has none. The
    same event reaches an address on a channel once, as a notification reaches a person once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    notification = models.ForeignKey(
        Notification,
        verbose_name=_("通知"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    kind = models.CharField(_("类型"), max_length=40, choices=Kind.choices)
    subject_key = models.CharField(_("事由标识"), max_length=100)
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    # An e-mail address or a phone: personal data, encrypted at rest (gaoxin.core.personal).
    address = EncryptedField(_("地址"), max_length=254)
    address_digest = DigestField(of="address")
    subject = models.CharField(_("标题"), max_length=200, blank=True)
    body = models.TextField(_("内容"), blank=True)
    # An SMS goes out as the gateway's template (registered and approved there) with its parameters.
    template_code = models.CharField(_("短信模板编号"), max_length=50, blank=True)
    params = models.JSONField(_("模板参数"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("已尝试次数"), default=0)
    last_error = models.TextField(_("最近一次错误"), blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    # A queued delivery is tried at or after this moment: now at first, later after each failure (backoff).
    next_attempt_at = models.DateTimeField(_("下次尝试时间"), default=timezone.now)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("发送记录")
        verbose_name_plural = pgettext_lazy("plural", "发送记录")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "address_digest", "kind", "subject_key"], name="delivery_once"),
        ]
        indexes = [
            models.Index(fields=["next_attempt_at"], name="delivery_pending", condition=models.Q(status="queued")),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.masked_address} · {self.subject}"

    @property
    def masked_address(self) -> str:
        return personal.mask_email(self.address) if "@" in self.address else personal.mask_phone(self.address)

    masked_address.fget.short_description = _("地址")


class MessageTemplate(models.Model):
    """What a kind of message says on a channel, as an administrator words it, with {placeholders} the sending code
    fills (gaoxin.notifications.wording lists each kind's). An SMS also names the template the gateway has approved:
    the gateway sends its own text, filled with the placeholders this text uses."""

    kind = models.CharField(_("类型"), max_length=40, choices=Kind.choices)
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    title = models.CharField(_("标题"), max_length=200, blank=True)
    body = models.TextField(_("内容"))
    template_code = models.CharField(_("短信模板编号"), max_length=50, blank=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("消息模板")
        verbose_name_plural = pgettext_lazy("plural", "消息模板")
        ordering = ["kind", "channel"]
        constraints = [models.UniqueConstraint(fields=["kind", "channel"], name="message_template_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.get_channel_display()}"


class Preference(models.Model):
    """How a person wants to be told, besides the notification centre that everyone has. No row: the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    email = models.BooleanField(_("邮件通知"), default=True)
    sms = models.BooleanField(_("短信通知"), default=True)
    # Approvers may ask for one message each morning listing their tasks that fall due soon.
    daily_digest = models.BooleanField(_("每日到期提醒"), default=False)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("通知偏好")
        verbose_name_plural = pgettext_lazy("plural", "通知偏好")

    def __str__(self) -> str:
        return str(self.user)


def new_optout_token() -> str:
    """11 URL-safe characters (64 random bits): short enough for an SMS, too many to guess."""
    return secrets.token_urlsafe(8)


class SmsNumber(models.Model):
    """A phone number SMS go to, with the token of its opt-out link (/t/<token>/, in every SMS): whoever holds the
    phone stops or resumes SMS to it there without an account, and a clerk may stop them for a walk-in who asks."""

    # Personal data, encrypted at rest like every phone (gaoxin.core.personal); one row per number by its digest.
    phone = EncryptedField(_("手机号"), max_length=20)
    phone_digest = DigestField(of="phone", unique=True)
    token = models.CharField(_("退订链接标识"), max_length=11, unique=True, default=new_optout_token)
    stopped = models.BooleanField(_("不接收短信"), default=False)
    changed_at = models.DateTimeField(_("修改时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("短信号码")
        verbose_name_plural = pgettext_lazy("plural", "短信号码")

    def __str__(self) -> str:
        return self.phone
