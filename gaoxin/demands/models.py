"""万人助万企: every enterprise of the register paired with a cadre and a leader (包联), the cadres' visits (走访), and
the demands (诉求) of enterprises and residents, followed in working days from the dispatch to the unit that solves
them until the enterprise confirms it (销号). docs/decisions/0030-demands-loop.md says why the loop is so.

Every write goes through gaoxin.demands.actions and leaves an audit event on the demand's chain ("demand", id): the
timeline of a demand is its audit trail.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gaoxin.accounts.models import Department
from gaoxin.core.personal import DigestField, EncryptedField
from gaoxin.economy.models import Enterprise


class Category(models.Model):
    """A kind of demand (用地, 用工, 融资 …) with its time limits in working days: data an administrator edits.

    The defaults follow the 13710 rule of Henan's cities: assigned within 1 day, accepted within 1, a first response
    within 3, solved within 7 (a complex demand within 30), and a reopened one again within a shorter limit."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("类别名称"), max_length=50)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    assign_days = models.PositiveSmallIntegerField(_("交办时限（工作日）"), default=1)
    accept_days = models.PositiveSmallIntegerField(_("签收时限（工作日）"), default=1)
    respond_days = models.PositiveSmallIntegerField(_("首次响应时限（工作日）"), default=3)
    solve_days = models.PositiveSmallIntegerField(_("办结时限（工作日）"), default=7)
    complex_days = models.PositiveSmallIntegerField(_("复杂诉求办结时限（工作日）"), default=30)
    reopen_days = models.PositiveSmallIntegerField(_("重办时限（工作日）"), default=5)
    # The unit the office usually hands this kind to; the office may choose another.
    default_unit = models.ForeignKey(
        Department, verbose_name=_("默认承办单位"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("诉求类别")
        verbose_name_plural = pgettext_lazy("plural", "诉求类别")
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(assign_days__gte=1, accept_days__gte=1, respond_days__gte=1, solve_days__gte=1)
                & models.Q(complex_days__gte=models.F("solve_days"))
                & models.Q(reopen_days__gte=1, reopen_days__lte=models.F("solve_days")),
                name="demand_category_limits_sensible",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Pairing(models.Model):
    """包联: an enterprise's responsible cadre and leader from a day on. A change ends the current pairing (valid_to)
    and starts a new one, so the history stays; only the demands office makes it (actions.pairing_set)."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="pairings"
    )
    cadre = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("包联干部"), on_delete=models.PROTECT, related_name="pairings"
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("包联领导"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pairings_led",
    )
    chief_officer = models.BooleanField(_("首席服务官"), default=False)
    valid_from = models.DateField(_("起始日期"))
    valid_to = models.DateField(_("终止日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("包联关系")
        verbose_name_plural = pgettext_lazy("plural", "包联关系")
        ordering = ["enterprise", "-valid_from", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"], condition=models.Q(valid_to__isnull=True), name="pairing_one_current"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise.name}：{self.cadre}"


class Visit(models.Model):
    """走访: a cadre's visit to an enterprise; each problem found became a demand (Demand.visit)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="visits")
    cadre = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("走访干部"), on_delete=models.PROTECT, related_name="visits"
    )
    visited_on = models.DateField(_("走访日期"), db_index=True)
    met = models.CharField(_("接待人"), max_length=100)
    topics = models.CharField(_("走访内容"), max_length=300)
    notes = models.TextField(_("走访记录"), blank=True)
    created_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("走访记录")
        verbose_name_plural = pgettext_lazy("plural", "走访记录")
        ordering = ["-visited_on", "-created_at"]


class Channel(models.TextChoices):
    VISIT = "visit", _("走访收集")
    ONLINE = "online", _("企业网上提交")
    RESIDENT = "resident", _("群众网上提交")
    WINDOW = "window", _("窗口受理")
    HOTLINE = "hotline", _("12345热线")
    LEADER = "leader", _("领导交办")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("一般")
    URGENT = "urgent", _("紧急")


class Status(models.TextChoices):
    NEW = "new", _("待交办")
    ASSIGNED = "assigned", _("待签收")
    ACCEPTED = "accepted", _("待响应")
    IN_PROGRESS = "in_progress", _("办理中")
    REPLIED = "replied", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    CLOSED = "closed", _("已销号")


OPEN_STATUSES = (Status.NEW, Status.ASSIGNED, Status.ACCEPTED, Status.IN_PROGRESS)


class Result(models.TextChoices):
    SOLVED = "solved", _("已解决")
    PARTLY = "partly", _("部分解决")
    EXPLAINED = "explained", _("政策不允许，已解释说明")
    LONG_TERM = "long_term", _("长期推进（已制定计划）")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY = "basically", _("基本满意")
    NOT_SATISFIED = "not_satisfied", _("不满意")


class DemandCounter(models.Model):
    """Next human demand number per year (SQ2026000001); one row per year, locked when used."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)


# Every column the figures read, the period's first.
FIGURES_COLUMNS = [
    "raised_at",
    "unit",
    "category",
    "status",
    "assign_due",
    "assigned_at",
    "accept_due",
    "respond_due",
    "responded_at",
    "solve_due",
    "result",
    "satisfaction",
    "reopen_count",
]


class Demand(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(_("诉求编号"), max_length=20, unique=True)
    channel = models.CharField(_("来源渠道"), max_length=20, choices=Channel.choices)
    # An enterprise of the register, or a person (a resident, a hotline caller) named by the contact fields.
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), null=True, blank=True, on_delete=models.PROTECT, related_name="demands"
    )
    category = models.ForeignKey(Category, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="demands")
    title = models.CharField(_("诉求标题"), max_length=100)
    text = models.TextField(_("诉求内容"))
    urgency = models.CharField(_("紧急程度"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    contact_name = models.CharField(_("联系人"), max_length=50)
    # Personal data: encrypted at rest, found by the digest beside it (gaoxin.core.personal, docs/decisions/0029).
    contact_phone = EncryptedField(_("联系电话"), max_length=20)
    contact_phone_digest = DigestField(of="contact_phone")
    visit = models.ForeignKey(
        Visit, verbose_name=_("走访记录"), null=True, blank=True, on_delete=models.PROTECT, related_name="demands"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(_("提出时间"), db_index=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    unit = models.ForeignKey(
        Department,
        verbose_name=_("承办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="demands",
    )
    co_units = models.ManyToManyField(Department, verbose_name=_("协办单位"), blank=True, related_name="co_demands")
    is_complex = models.BooleanField(_("复杂诉求"), default=False)
    complex_reason = models.TextField(_("复杂原因"), blank=True)
    send_back_reason = models.TextField(_("退回理由"), blank=True)
    # The stages' due dates (working days of the category, gaoxin.workdays): each set when its stage starts.
    assign_due = models.DateTimeField(_("交办期限"))
    assigned_at = models.DateTimeField(_("交办时间"), null=True, blank=True)
    accept_due = models.DateTimeField(_("签收期限"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    respond_due = models.DateTimeField(_("响应期限"), null=True, blank=True)
    responded_at = models.DateTimeField(_("首次响应时间"), null=True, blank=True)
    # The solving clock starts at the assignment, and again at a reopening (重办).
    solve_from = models.DateTimeField(_("办结计时起点"), null=True, blank=True)
    solve_due = models.DateTimeField(_("办结期限"), null=True, blank=True, db_index=True)
    last_progress = models.TextField(_("最新进展"), blank=True)
    result = models.CharField(_("办理结果"), max_length=20, choices=Result.choices, blank=True)
    reply = models.TextField(_("答复内容"), blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    satisfaction = models.CharField(_("满意度"), max_length=20, choices=Satisfaction.choices, blank=True)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    # The cadre confirmed for the enterprise (代为确认), which the ledger shows.
    confirmed_on_behalf = models.BooleanField(_("包联干部代为确认"), default=False)
    reopen_count = models.PositiveSmallIntegerField(_("重办次数"), default=0)
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    # 疑似重复: an earlier demand of the same party found when this one was raised (selectors.earlier_repeat), with how
    # alike their texts are (0-100); the office clears a false mark.
    repeat_of = models.ForeignKey(
        "self", verbose_name=_("疑似重复"), null=True, blank=True, on_delete=models.SET_NULL, related_name="repeats"
    )
    repeat_score = models.PositiveSmallIntegerField(_("文本相似度"), null=True, blank=True)
    # A 12345 hotline work order's own number and call time (工单编号, 来电时间): one demand per work order.
    external_ref = models.CharField(_("热线工单编号"), max_length=40, blank=True)
    external_at = models.DateTimeField(_("来电时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("诉求")
        verbose_name_plural = pgettext_lazy("plural", "诉求")
        ordering = ["-raised_at"]
        indexes = [
            models.Index(fields=["unit", "status"], name="demand_unit_status"),
            # The figures (selectors.counts_by_unit_and_category) read these columns of the period's demands only:
            # the index alone answers them, a range of raised_at, never the table (docs/decisions/0031).
            models.Index(fields=FIGURES_COLUMNS, name="demand_figures"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_ref"],
                condition=~models.Q(external_ref=""),
                name="demand_external_ref_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def party_name(self) -> str:
        return self.enterprise.name if self.enterprise_id else self.contact_name


class EscalationLevel(models.TextChoices):
    UNIT_HEAD = "unit_head", _("承办单位负责人")
    LEADER = "leader", _("包联领导")


class Escalation(models.Model):
    """督办: a deadline of the unit's that passed, raised to the unit's head, and to the enterprise's responsible leader
    when it is still missed some working days later (actions.demands_supervise). One per demand, level and missed
    deadline: a new deadline (the next stage, a reopening) that is missed again is escalated again."""

    demand = models.ForeignKey(Demand, verbose_name=_("诉求"), on_delete=models.CASCADE, related_name="escalations")
    level = models.CharField(_("督办层级"), max_length=20, choices=EscalationLevel.choices)
    # The demand's status then, which names the stage whose deadline passed (selectors.running_stage).
    status = models.CharField(_("超期环节"), max_length=20, choices=Status.choices)
    due = models.DateTimeField(_("超过的期限"))
    at = models.DateTimeField(_("督办时间"))
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("督办对象"), blank=True, related_name="demand_escalations"
    )

    class Meta:
        verbose_name = _("诉求督办")
        verbose_name_plural = pgettext_lazy("plural", "诉求督办")
        ordering = ["at", "pk"]
        constraints = [models.UniqueConstraint(fields=["demand", "level", "due"], name="escalation_once")]


class Instruction(models.Model):
    """领导批示: a leader's written instruction on a demand, which the responsible unit answers."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    demand = models.ForeignKey(Demand, verbose_name=_("诉求"), on_delete=models.CASCADE, related_name="instructions")
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("批示领导"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("批示内容"))
    at = models.DateTimeField(_("批示时间"))
    answer = models.TextField(_("答复内容"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("领导批示")
        verbose_name_plural = pgettext_lazy("plural", "领导批示")
        ordering = ["at"]
        indexes = [models.Index(fields=["answered_at", "demand"], name="instruction_pending")]


class HotlineKey(models.Model):
    """A key the 12345 hotline's system sends work orders with (POST /api/demands/hotline, header X-Api-Key). Only its
    SHA-256 is stored, as for the accounts' bearer tokens; the key itself is shown once, when the system
    administrator makes it (the admin, or `manage.py demands_hotline_key`). Revoked, it no longer works."""

    name = models.CharField(_("调用系统"), max_length=100)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    # The key's first characters, which the administrator recognises it by; never enough to use it.
    prefix = models.CharField(_("密钥前缀"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("注销时间"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("热线接口密钥")
        verbose_name_plural = pgettext_lazy("plural", "热线接口密钥")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"


class Attachment(models.Model):
    """附件: a file of a demand (its party's evidence, the unit's document of the result) or a photo of a visit, checked
    by gaoxin.core.uploads and stored under a fresh name; served only to those who see its demand or visit."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    demand = models.ForeignKey(
        Demand, verbose_name=_("诉求"), null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    visit = models.ForeignKey(
        Visit, verbose_name=_("走访记录"), null=True, blank=True, on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField(_("文件"), upload_to="demands/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"))

    class Meta:
        verbose_name = _("诉求附件")
        verbose_name_plural = pgettext_lazy("plural", "诉求附件")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(demand__isnull=False, visit__isnull=True)
                | models.Q(demand__isnull=True, visit__isnull=False),
                name="attachment_of_demand_or_visit",
            )
        ]
