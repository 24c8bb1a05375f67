"""An applicant's material wallet: each material they handed in once, kept for their next application."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gaoxin.catalog.models import MaterialKind


class WalletDocument(models.Model):
    """The newest file an applicant handed in for one kind of material and one subject (a person, a company, a
    property). The stored file is shared, not copied."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wallet")
    material = models.ForeignKey(MaterialKind, verbose_name=_("材料"), on_delete=models.PROTECT)
    file = models.FileField(_("文件"), max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField("SHA-256", max_length=64)
    # Whose paper it is, as its case stated it: a resident ID number, a USCC, or a property's certificate number or
    # address, by its kind's reuse scope (gaoxin.wallet.rules). Only a case of the same subject is offered it.
    subject = models.CharField(_("所属对象"), max_length=300)
    source_case_number = models.CharField(_("来源办件"), max_length=20)
    kept_at = models.DateTimeField(_("存入时间"))
    valid_until = models.DateField(_("可复用至"))

    class Meta:
        verbose_name = verbose_name_plural = _("钱包材料")
        ordering = ["material__code", "-kept_at"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "material", "subject"], name="wallet_one_per_material_subject")
        ]

    def __str__(self) -> str:
        return f"{self.owner} · {self.material}"
