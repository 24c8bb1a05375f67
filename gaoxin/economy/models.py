"""The enterprise register (企业库). Minimal for now: the enterprises the zone registers itself when it issues
their business license; the economy pillar (indicators, parks, bulletins) extends it later."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gaoxin.identity.validators import validate_uscc


class EnterpriseStatus(models.TextChoices):
    ACTIVE = "active", _("存续")
    DEREGISTERED = "deregistered", _("注销")


class Enterprise(models.Model):
    name = models.CharField(_("企业名称"), max_length=200, db_index=True)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, validators=[validate_uscc])
    legal_representative = models.CharField(_("法定代表人"), max_length=100)
    address = models.CharField(_("住所"), max_length=300, blank=True)
    # 万元 (ten thousand yuan), as registration records state it; unknown when the application gave none.
    registered_capital = models.DecimalField(
        _("注册资本（万元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    business_scope = models.TextField(_("经营范围"), blank=True)
    established_on = models.DateField(_("成立日期"))
    status = models.CharField(
        _("登记状态"), max_length=20, choices=EnterpriseStatus.choices, default=EnterpriseStatus.ACTIVE
    )
    source_case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("来源办件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("企业")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name}（{self.uscc}）"
