"""Seals (印章), the templates of the written instruments, and the instruments issued on cases (文书).

A document is a signed snapshot like a license: the canonical JSON payload of what it says (the template's text as it
was filled in when the decision was made), the seal's signature over that payload and, for a national verifier, the
same signature as a GB/T 38540 SES_Signature. The PDF is drawn from the payload whenever it is downloaded and signed
over its bytes then. See docs/decisions/0017-documents-and-seals.md.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gaoxin.accounts.models import Department
from gaoxin.cases.models import Case, Task


class SealAlgorithm(models.TextChoices):
    ED25519 = "ed25519", "Ed25519"
    SM2 = "sm2", _("SM2/SM3（国密）")


class Seal(models.Model):
    """An authority's seal. With no department it is the zone's approval seal (行政审批专用章), which seals every
    document that no department issues in its own name."""

    code = models.CharField(
        _("印章编码"), max_length=13, unique=True, help_text=_("公安机关备案的 13 位印章编码，印在印章下弧")
    )
    authority = models.CharField(_("用章机关"), max_length=60, help_text=_("印文：环绕在印章上弧的机关全称"))
    purpose = models.CharField(_("印章用途"), max_length=12, default="行政审批专用章")
    department = models.ForeignKey(
        Department,
        verbose_name=_("所属部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="seals",
        help_text=_("留空即全区的行政审批专用章；填写则该部门以自己名义作出的决定用此章"),
    )
    algorithm = models.CharField(_("签名算法"), max_length=10, choices=SealAlgorithm.choices)
    valid_from = models.DateField(_("启用日期"))
    valid_until = models.DateField(_("有效期至"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("注销时间"), null=True, blank=True)
    revoke_reason = models.TextField(_("注销理由"), blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("印章")
        ordering = ["department_id", "-valid_from"]

    def __str__(self) -> str:
        return f"{self.authority} · {self.purpose}（{self.code}）"


class SealKey(models.Model):
    """A public key a seal has signed with, as made (制章): its certificate and the GB/T 38540 SES_Seal built on it.

    Only public material: the private key lives in a file or the environment (documents.keys). A row is written the
    first time a seal signs with a key, so that after a rotation the seal record of old documents is still here."""

    seal = models.ForeignKey(Seal, on_delete=models.PROTECT, related_name="keys")
    key_id = models.CharField(_("密钥标识"), max_length=16)
    public_key = models.TextField(_("公钥（PEM）"))
    certificate = models.BinaryField(_("印章证书（X.509 DER）"))
    ses_seal = models.BinaryField(_("电子印章数据（GB/T 38540 SES_Seal，DER）"))
    created_at = models.DateTimeField(_("制作时间"))

    class Meta:
        verbose_name = verbose_name_plural = _("印章密钥")
        constraints = [models.UniqueConstraint(fields=["seal", "key_id"], name="seal_key_once")]

    def __str__(self) -> str:
        return f"{self.seal.code} · {self.key_id}"


class DocumentKind(models.TextChoices):
    ACCEPTANCE = "acceptance", _("受理通知书")
    REFUSAL = "refusal", _("不予受理通知书")
    CORRECTIONS = "corrections", _("补正材料通知书")
    GRANT = "grant", _("准予行政许可决定书")
    DENIAL = "denial", _("不予行政许可决定书")
    EXTENSION = "extension", _("延期通知书")
    COMPLETION = "completion", _("办结通知书")


class DocumentTemplate(models.Model):
    """What a kind of document says, with {占位符} that the decision fills in. Editing it changes the next
    document only: an issued one keeps the text it was issued with, in its signed payload."""

    kind = models.CharField(_("文书种类"), max_length=20, choices=DocumentKind.choices, unique=True)
    title = models.CharField(_("标题"), max_length=40)
    number_word = models.CharField(
        _("文号代字"), max_length=6, help_text=_("文号中区分文书种类的字，如“受”得到 洛高审受〔2026〕12号")
    )
    body = models.TextField(_("正文"), help_text=_("每段一行；可用的占位符见下方说明"))
    closing = models.TextField(_("结尾"), blank=True, help_text=_("列表之后的段落，如救济途径告知；每段一行"))
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = _("文书模板")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.title


class DocumentCounter(models.Model):
    """The last number given per kind and year: 文号 run without gaps, and one row lock keeps two apart."""

    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="document_counter_once")]


class Document(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("文书种类"), max_length=20, choices=DocumentKind.choices)
    number = models.CharField(_("文号"), max_length=40, unique=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    sequence = models.PositiveIntegerField(_("序号"))
    title = models.CharField(_("标题"), max_length=40)
    case = models.ForeignKey(Case, verbose_name=_("办件"), on_delete=models.PROTECT, related_name="documents")
    task = models.ForeignKey(
        Task, verbose_name=_("办理环节"), null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    seal = models.ForeignKey(Seal, verbose_name=_("印章"), on_delete=models.PROTECT, related_name="documents")
    issued_at = models.DateTimeField(_("签发时间"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("document", "签发操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    payload = models.TextField(_("签名数据（规范 JSON）"))
    signature = models.CharField(_("签名（Base64）"), max_length=120)
    key_id = models.CharField(_("签名密钥标识"), max_length=16)
    # The GB/T 38540 SES_Signature is rebuilt from these two, the row and its seal key (SealKey) whenever it is
    # needed: stored whole it would repeat the seal's 17 KB in every document.
    ses_signature_value = models.CharField(_("电子签章签名值（GB/T 38540，Base64）"), max_length=120)
    ses_property_info = models.CharField(_("电子签章原文属性（propertyInfo）"), max_length=200)

    class Meta:
        verbose_name = verbose_name_plural = _("文书")
        ordering = ["issued_at", "number"]
        constraints = [models.UniqueConstraint(fields=["kind", "year", "sequence"], name="document_number_once")]
        indexes = [models.Index(fields=["case", "issued_at"], name="document_case")]

    def __str__(self) -> str:
        return f"{self.title} {self.number}"
