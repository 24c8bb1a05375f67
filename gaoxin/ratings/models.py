"""Ratings of decided cases (好差评) and the rectifications (整改) that a bad rating opens."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gaoxin.accounts.models import Department
from gaoxin.cases.models import Case, Channel


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


class Rating(models.Model):
    """One rating per case (一事一评), by the applicant online or by the window for a walk-in applicant."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.OneToOneField(Case, verbose_name=_("办件"), on_delete=models.PROTECT, related_name="rating")
    level = models.PositiveSmallIntegerField(_("满意程度"), choices=Level.choices)
    comment = models.TextField(_("评价内容"), blank=True)
    channel = models.CharField(_("评价渠道"), max_length=20, choices=Channel.choices)
    # The department the rating counts for: the rater's choice among the case's departments, else the first step's.
    department = models.ForeignKey(
        Department, verbose_name=_("责任部门"), on_delete=models.PROTECT, related_name="ratings"
    )
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评价人"), on_delete=models.PROTECT, related_name="+"
    )
    rated_at = models.DateTimeField(_("评价时间"), db_index=True)

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
