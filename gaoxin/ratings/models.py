"""Ratings of decided cases (好差评), the rectifications (整改) that a bad rating opens, the departments' appeals
(申诉复核), and the ways a walk-in applicant rates with no account: a link of their own (QR code) and the window's
evaluator tablet (评价器). Staff never rate: see docs/decisions/0020-rated-by-the-applicant.md."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gaoxin.accounts.models import Department
from gaoxin.cases.models import Case


class Level(models.IntegerChoices):
    """The five levels of the national 好差评 scheme, best first."""

    VERY_SATISFIED = 5, _("非常满意")
    SATISFIED = 4, _("满意")
    FAIRLY_SATISFIED = 3, _("基本满意")
    DISSATISFIED = 2, _("不满意")
    VERY_DISSATISFIED = 1, _("非常不满意")


# Levels counted as satisfied in the figures, and levels that open a rectification (差评).
SATISFIED_LEVELS = (Level.VERY_SATISFIED, Level.SATISFIED)
BAD_LEVELS = (Level.DISSATISFIED, Level.VERY_DISSATISFIED)


class RatingChannel(models.TextChoices):
    ONLINE = "online", _("网上评价")
    QR = "qr", _("扫码评价")
    EVALUATOR = "evaluator", _("窗口评价器")
    # Typed in by a clerk before 国办发〔2019〕51号's rule was kept (no staff rates for the applicant): old rows only.
    WINDOW = "window", _("窗口代为录入（已停用）")


class Rating(models.Model):
    """One rating per case (一事一评), by the applicant themselves: online, through their link, or on the evaluator."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.OneToOneField(Case, verbose_name=_("办件"), on_delete=models.PROTECT, related_name="rating")
    level = models.PositiveSmallIntegerField(_("满意程度"), choices=Level.choices)
    comment = models.TextField(_("评价内容"), blank=True)
    channel = models.CharField(_("评价渠道"), max_length=20, choices=RatingChannel.choices)
    # The department the rating counts for and that rectifies a bad one: the rater's choice among `departments`,
    # else the first of them (a denied case's: the first department that denied).
    department = models.ForeignKey(
        Department, verbose_name=_("责任部门"), on_delete=models.PROTECT, related_name="ratings"
    )
    # The departments that decided what the rating judges: those that denied a denied step, else those that granted.
    departments = models.ManyToManyField(Department, verbose_name=_("作出决定的部门"), related_name="+", blank=True)
    # Who decided for the responsible department (the step's 经办人; the clerk who refused a case not accepted).
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The applicant's account when they rated online; none when a walk-in rated through their link or the evaluator.
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评价人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rated_at = models.DateTimeField(_("评价时间"), db_index=True)
    # An appeal upheld by the administrator (申诉复核): the rating stays, shown with the outcome, but is not counted.
    excluded = models.BooleanField(_("不计入满意度"), default=False)

    class Meta:
        verbose_name = _("评价")
        verbose_name_plural = pgettext_lazy("plural", "评价")
        ordering = ["-rated_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=5), name="rating_level_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} · {self.get_level_display()}"

    @property
    def is_bad(self) -> bool:
        return self.level in BAD_LEVELS


class RectificationStatus(models.TextChoices):
    OPEN = "open", _("整改中")
    CLOSED = "closed", _("已整改")
    # The rating's appeal was upheld: a malicious or mistaken rating asks for no rectification.
    VOIDED = "voided", _("申诉成立，免于整改")


class Verdict(models.TextChoices):
    """What the applicant says of a closed rectification's result."""

    SATISFIED = "satisfied", _("满意")
    DISSATISFIED = "dissatisfied", _("不满意")


class Rectification(models.Model):
    """The responsible department's answer to a bad rating: call the applicant back, fix, report the result."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    rating = models.OneToOneField(
        Rating, verbose_name=_("评价"), on_delete=models.PROTECT, related_name="rectification"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("责任部门"), on_delete=models.PROTECT, related_name="rectifications"
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=RectificationStatus.choices, default=RectificationStatus.OPEN
    )
    opened_at = models.DateTimeField(_("开始时间"))
    deadline = models.DateTimeField(_("整改时限"))
    deadline_provisional = models.BooleanField(_("时限为暂定"), default=False)
    result = models.TextField(_("整改结果"), blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办结人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The applicant's word on the last result; 不满意 reopens the rectification for another round under the leaders'
    # eye (督办), so `rounds` above 1 means the applicant once found a result did not help.
    verdict = models.CharField(_("申请人意见"), max_length=20, choices=Verdict.choices, blank=True)
    verdict_note = models.TextField(_("申请人说明"), blank=True)
    verdict_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    rounds = models.PositiveSmallIntegerField(_("整改轮次"), default=1)

    class Meta:
        verbose_name = _("差评整改")
        verbose_name_plural = pgettext_lazy("plural", "差评整改")
        ordering = ["deadline"]
        indexes = [models.Index(fields=["status", "department", "deadline"], name="rectification_queue")]

    def __str__(self) -> str:
        return f"{self.rating.case.number} · {self.department.name}"


class Callback(models.Model):
    """A call back to the applicant (回访): who called, when, and what the applicant said."""

    rectification = models.ForeignKey(Rectification, on_delete=models.CASCADE, related_name="callbacks")
    at = models.DateTimeField(_("回访时间"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("回访人"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("申请人意见"))

    class Meta:
        verbose_name = _("回访")
        verbose_name_plural = pgettext_lazy("plural", "回访")
        ordering = ["at", "id"]


class AppealStatus(models.TextChoices):
    PENDING = "pending", _("待复核")
    UPHELD = "upheld", _("申诉成立，不计入")
    REJECTED = "rejected", _("申诉不成立")


class Appeal(models.Model):
    """A department's appeal against a bad rating it thinks malicious or mistaken (申诉复核), once per rating,
    decided by an administrator; upheld, the rating is not counted in the figures."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    rating = models.OneToOneField(Rating, verbose_name=_("评价"), on_delete=models.PROTECT, related_name="appeal")
    reason = models.TextField(_("申诉理由"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申诉人"), on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(_("申诉时间"))
    status = models.CharField(_("状态"), max_length=20, choices=AppealStatus.choices, default=AppealStatus.PENDING)
    decision_note = models.TextField(_("复核意见"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("复核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("复核时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("差评申诉")
        verbose_name_plural = pgettext_lazy("plural", "差评申诉")
        ordering = ["-filed_at"]

    def __str__(self) -> str:
        return f"{self.rating.case.number} · {self.get_status_display()}"


class RatingLink(models.Model):
    """A walk-in applicant's own way to rate their case, with no account: the address behind the QR code the window
    shows and the 办结通知书 prints. Bound to the case; once the case is rated it only shows that rating."""

    token = models.CharField(_("评价码"), max_length=32, unique=True)
    case = models.OneToOneField(Case, verbose_name=_("办件"), on_delete=models.CASCADE, related_name="rating_link")
    created_at = models.DateTimeField(_("生成时间"))
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("评价链接")
        verbose_name_plural = pgettext_lazy("plural", "评价链接")

    def __str__(self) -> str:
        return self.case.number


class Evaluator(models.Model):
    """A clerk's evaluator tablet (评价器) at the window: its secret address shows the clerk and the case the clerk
    last asked the applicant to rate, whose link it rates through."""

    clerk = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("窗口人员"), on_delete=models.CASCADE, related_name="evaluator"
    )
    token = models.CharField(_("评价器地址码"), max_length=32, unique=True)
    link = models.ForeignKey(
        RatingLink, verbose_name=_("当前评价"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pushed_at = models.DateTimeField(_("推送时间"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("评价器")

    def __str__(self) -> str:
        return str(self.clerk)
