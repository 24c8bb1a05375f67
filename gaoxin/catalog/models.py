"""The service catalog: items (事项), the materials they ask for, and bundles (一件事) built from items."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gaoxin.accounts.models import Department
from gaoxin.catalog.search import searchable_text
from gaoxin.core.names import EnglishNamed


class ItemType(models.TextChoices):
    LICENSING = "licensing", _("行政许可")
    CONFIRMATION = "confirmation", _("行政确认")
    PUBLIC_SERVICE = "public_service", _("公共服务")
    PAYMENT = "payment", _("行政给付")
    INSPECTION = "inspection", _("行政检查")
    REWARD = "reward", _("行政奖励")
    RULING = "ruling", _("行政裁决")
    OTHER = "other", _("其他行政权力")


class Level(models.TextChoices):
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    DISTRICT = "district", _("区级")


class PromiseKind(models.TextChoices):
    WORKING_DAYS = "working_days", _("工作日")
    OFFICE_HOURS = "office_hours", _("工作小时")
    IMMEDIATE = "immediate", _("即办")


class MaxVisits(models.IntegerChoices):
    """少跑腿: how often an applicant may have to come to the hall for an item or bundle at most."""

    NONE = 0, _("零跑动（全程网办）")
    ONCE = 1, _("最多跑一次")


def max_visits_field():
    return models.PositiveSmallIntegerField(
        _("最多跑动次数"),
        choices=MaxVisits.choices,
        default=MaxVisits.ONCE,
        help_text=_("申请人为办成此事最多需要到大厅的次数（登记、补正、领取结果都算一次）"),
    )


class ServiceObject(models.TextChoices):
    """Whom an item serves, for browsing 个人办事 / 法人办事."""

    PERSON = "person", _("个人")
    COMPANY = "company", _("法人")
    BOTH = "both", _("个人和法人")


def service_object_field():
    return models.CharField(
        _("服务对象"), max_length=20, choices=ServiceObject.choices, default=ServiceObject.COMPANY, db_index=True
    )


class Searchable(EnglishNamed):
    """A name, an English name and keywords that people search for, kept with their pinyin in one column."""

    keywords = models.CharField(
        _("检索关键词"),
        max_length=500,
        blank=True,
        help_text=_("群众常用的说法，以空格或逗号分隔，如：开公司 营业执照 刻章"),
    )
    # Derived from the name, the English name, the keywords and the code (gaoxin.catalog.search): what a search
    # looks in, so that it is one query over one column and never computes pinyin for the whole catalog.
    search_text = models.TextField(_("检索文本"), blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # A derived column, not a rule: filled here so that no way of saving a row (the admin, a shell) leaves it
        # stale. Bulk writes, which skip save(), fill it themselves (the demo loader).
        self.search_text = searchable_text(code=self.code, name=self.name, name_en=self.name_en, keywords=self.keywords)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)


class CertificateKind(models.TextChoices):
    """Certificates the platform can prove by itself, so an applicant never uploads them again."""

    RESIDENT_ID = "resident_id", _("居民身份证")
    BUSINESS_LICENSE = "business_license", _("营业执照")
    PROPERTY_CERTIFICATE = "property_certificate", _("不动产权证书")


class ReuseScope(models.TextChoices):
    """Whose a kept material is, and so which later case may take it from the wallet (decision 0018).

    A person's papers are theirs whatever they apply for; a company's papers are that company's; a property's
    papers are that property's. A form, or a paper written for one case (an application, a lease for one address),
    is never handed in again."""

    PERSON = "person", _("本人证件（按身份证号复用）")
    COMPANY = "company", _("企业证照（按统一社会信用代码复用）")
    PROPERTY = "property", _("不动产证件（按不动产权证号或坐落复用）")
    NEVER = "never", _("不复用（表单、一案一用的材料）")


class MaterialKind(models.Model):
    """A kind of material, shared by every item that asks for it, so a bundle can ask for it once."""

    code = models.SlugField(_("代码"), max_length=60, unique=True)
    name = models.CharField(_("材料名称"), max_length=200)
    certificate_kind = models.CharField(_("可替代的证照"), max_length=40, choices=CertificateKind.choices, blank=True)
    reuse_scope = models.CharField(
        _("复用范围"), max_length=20, choices=ReuseScope.choices, default=ReuseScope.NEVER, db_default=ReuseScope.NEVER
    )
    reuse_valid_days = models.PositiveIntegerField(
        _("复用有效期（天）"),
        default=0,
        db_default=0,
        help_text=_("存入材料钱包之日起可再次使用的天数；不复用的材料为 0"),
    )
    # The paper by which an agent acts for the applicant (授权委托书): with it handed in, an agent may apply where
    # only the company's legal representative could otherwise (cases.rules.standing_error).
    authorizes_agent = models.BooleanField(
        _("授权他人代理"), default=False, db_default=False, help_text=_("授权委托书一类：提交后受托人可代为申请")
    )

    class Meta:
        verbose_name = _("材料")
        verbose_name_plural = pgettext_lazy("plural", "材料")
        ordering = ["code"]
        constraints = [
            # A reusable kind says for how long: a kept paper is not good for ever.
            models.CheckConstraint(
                condition=models.Q(reuse_scope="never", reuse_valid_days=0)
                | (~models.Q(reuse_scope="never") & models.Q(reuse_valid_days__gt=0)),
                name="material_reuse_has_validity",
                violation_error_message=_("可复用的材料须填写复用有效期（天）；不复用的材料有效期为 0"),
            )
        ]

    def __str__(self) -> str:
        return self.name


class ServiceItem(Searchable):
    code = models.CharField(_("事项编码"), max_length=40, unique=True)
    name = models.CharField(_("事项名称"), max_length=200, db_index=True)
    item_type = models.CharField(_("事项类型"), max_length=30, choices=ItemType.choices)
    level = models.CharField(_("层级"), max_length=20, choices=Level.choices, db_index=True)
    department = models.ForeignKey(
        Department, verbose_name=_("实施部门"), on_delete=models.PROTECT, related_name="items"
    )
    statutory_days = models.PositiveIntegerField(_("法定时限（工作日）"))
    promise_kind = models.CharField(_("承诺时限类型"), max_length=20, choices=PromiseKind.choices)
    promise_value = models.PositiveIntegerField(_("承诺时限"), default=0, help_text=_("工作日或工作小时；即办为 0"))
    max_visits = max_visits_field()
    fee = models.DecimalField(_("收费（元）"), max_digits=10, decimal_places=2, default=Decimal("0"))
    legal_basis = models.TextField(_("设定依据"), blank=True)
    online = models.BooleanField(_("可网上办理"), default=True)
    window = models.CharField(_("办理窗口"), max_length=100, blank=True)
    issues_certificate = models.CharField(
        _("办结后出具的证照"), max_length=40, choices=CertificateKind.choices, blank=True
    )
    notice_days = models.PositiveIntegerField(
        _("公示期（自然日）"),
        default=0,
        help_text=_("办理前需公示的自然日数，如简易注销公告期 20 天；公示期内可登记异议，期满无异议方可办结。"),
    )
    materials = models.ManyToManyField(MaterialKind, through="ItemMaterial", related_name="items")
    service_object = service_object_field()

    class Meta:
        verbose_name = _("服务事项")
        verbose_name_plural = pgettext_lazy("plural", "服务事项")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class ItemMaterial(models.Model):
    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="item_materials")
    material = models.ForeignKey(MaterialKind, verbose_name=_("材料"), on_delete=models.PROTECT)
    required = models.BooleanField(_("必须提交"), default=True)
    order = models.PositiveIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("事项材料")
        verbose_name_plural = pgettext_lazy("plural", "事项材料")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["item", "material"], name="item_material_once")]


class Bundle(Searchable):
    code = models.SlugField(_("代码"), max_length=60, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    outcome = models.TextField(_("办结后得到"), blank=True)
    promise_kind = models.CharField(_("承诺时限类型"), max_length=20, choices=PromiseKind.choices)
    promise_value = models.PositiveIntegerField(_("承诺时限"), default=0)
    max_visits = max_visits_field()
    fee = models.DecimalField(_("收费（元）"), max_digits=10, decimal_places=2, default=Decimal("0"))
    active = models.BooleanField(_("启用"), default=True)
    service_object = service_object_field()
    # The bundle's own application form (gaoxin.catalog.fields): what the applicant fills in besides their details.
    form_fields = models.JSONField(
        _("申请表字段"), default=list, blank=True, help_text=_("字段列表，格式见 gaoxin/catalog/fields.py")
    )

    class Meta:
        verbose_name = _("一件事")
        verbose_name_plural = pgettext_lazy("plural", "一件事")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class BundleStage(models.Model):
    bundle = models.ForeignKey(Bundle, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveIntegerField(_("顺序"))
    name = models.CharField(_("阶段名称"), max_length=100)

    class Meta:
        verbose_name = _("阶段")
        verbose_name_plural = pgettext_lazy("plural", "阶段")
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["bundle", "order"], name="bundle_stage_order_once")]

    def __str__(self) -> str:
        return f"{self.bundle.name} · {self.name}"


class BundleStep(models.Model):
    stage = models.ForeignKey(BundleStage, on_delete=models.CASCADE, related_name="steps")
    item = models.ForeignKey(ServiceItem, verbose_name=_("事项"), on_delete=models.PROTECT, related_name="bundle_steps")
    optional = models.BooleanField(_("可选"), default=False)
    order = models.PositiveIntegerField(_("顺序"), default=0)
    # The earlier steps this one needs (their items' codes): if one of them is not granted, this step ends as 终止.
    requires = models.JSONField(_("前置事项"), default=list, blank=True, help_text=_("前序阶段中本步骤所需事项的编码"))
    # What the department records when it grants the step (a seal filing's numbers, an account number).
    result_fields = models.JSONField(
        _("办理结果字段"), default=list, blank=True, help_text=_("字段列表，格式见 gaoxin/catalog/fields.py")
    )
    # The entries of the 多证合一 list (gaoxin/catalog/integrated.py) that granting this step adds to the license.
    integrates = models.JSONField(_("整合的证照"), default=list, blank=True)

    class Meta:
        verbose_name = _("步骤")
        verbose_name_plural = pgettext_lazy("plural", "步骤")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.item.name


class Theme(EnglishNamed):
    """A life or business event (开办企业, 公积金 …) that gathers the items and bundles people need for it."""

    code = models.SlugField(_("代码"), max_length=60, unique=True)
    name = models.CharField(_("主题名称"), max_length=100)
    service_object = service_object_field()
    order = models.PositiveIntegerField(_("顺序"), default=0)
    active = models.BooleanField(_("启用"), default=True)
    bundles = models.ManyToManyField(Bundle, verbose_name=_("一件事"), blank=True, related_name="themes")
    items = models.ManyToManyField(ServiceItem, verbose_name=_("事项"), blank=True, related_name="themes")

    class Meta:
        verbose_name = _("主题")
        verbose_name_plural = pgettext_lazy("plural", "主题")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name
