"""Issued e-licenses. A license is a signed snapshot: its own copy of the company data, the canonical JSON
payload built from that copy, and the Ed25519 signature over the payload. Revocation is state beside it."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gaoxin.cases.models import Case
from gaoxin.economy.models import Enterprise
from gaoxin.identity.validators import validate_uscc


class LicenseState(models.TextChoices):
    VALID = "valid", _("有效")
    REVOKED = "revoked", _("已吊销")
    TAMPERED = "tampered", _("数据被篡改")


class License(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(_("执照编号"), max_length=20, unique=True)
    case = models.OneToOneField(Case, verbose_name=_("办件"), on_delete=models.PROTECT, related_name="license")
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="licenses"
    )
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, validators=[validate_uscc])
    # The company as registered when the license was issued (what the license shows and the payload signs).
    name = models.CharField(_("名称"), max_length=200)
    company_type = models.CharField(_("类型"), max_length=100)
    legal_representative = models.CharField(_("法定代表人"), max_length=100)
    registered_capital = models.DecimalField(
        _("注册资本（万元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    established_on = models.DateField(_("成立日期"))
    address = models.CharField(_("住所"), max_length=300, blank=True)
    business_scope = models.TextField(_("经营范围"), blank=True)
    authority = models.CharField(_("登记机关"), max_length=100)
    # [{"code", "name", "department"}, …]: the certificates and filings this license stands for, as issued.
    integrated = models.JSONField(_("集成的证照"), default=list)
    issued_at = models.DateTimeField(_("签发时间"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签发操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    payload = models.TextField(_("签名数据（规范 JSON）"))
    signature = models.CharField(_("签名（Base64）"), max_length=120)
    key_id = models.CharField(_("签名密钥标识"), max_length=16)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("吊销操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoke_reason = models.TextField(_("吊销理由"), blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("电子营业执照")
        ordering = ["-issued_at"]
        indexes = [models.Index(fields=["uscc"], name="license_uscc")]

    def __str__(self) -> str:
        return f"{self.number} · {self.name}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
