"""The enterprise register (企业库) and the zone's parks (园区). Minimal for now: the enterprises the zone registers
itself when it issues their business license, and the "3+1" parks that key projects are built in; the economy pillar
(indicators, bulletins) extends it later."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gaoxin.core.personal import DigestField, EncryptedField
from gaoxin.identity.validators import validate_resident_id, validate_uscc


class Park(models.Model):
    """A park (园区) of the zone, such as the "3+1" advanced manufacturing parks of the seed."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("园区")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name


class EnterpriseStatus(models.TextChoices):
    ACTIVE = "active", _("存续")
    DEREGISTERED = "deregistered", _("注销")


class Enterprise(models.Model):
    name = models.CharField(_("企业名称"), max_length=200, db_index=True)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, validators=[validate_uscc])
    legal_representative = models.CharField(_("法定代表人"), max_length=100)
    # Who may act for the company as itself (a simplified deregistration: gaoxin.cases.rules.standing_error).
    legal_representative_id = EncryptedField(
        _("法定代表人身份证号"), max_length=18, blank=True, validators=[validate_resident_id]
    )
    legal_representative_id_digest = DigestField(of="legal_representative_id")
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
    # Added by the economy pillar: where the enterprise is and what it makes (empty for a newly licensed one).
    park = models.ForeignKey(
        Park, verbose_name=_("所在园区"), null=True, blank=True, on_delete=models.SET_NULL, related_name="enterprises"
    )
    industry = models.CharField(_("行业"), max_length=100, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("企业")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name}（{self.uscc}）"


# --- Economic indicators (经济指标): definitions, areas, values per period, import batches and history ---------------
#
# Added by the economy pillar (issue 6). A value is one indicator for one area and one cumulative period, with its
# level and the year-on-year growth exactly as the statistics bureau published it; differences from the city and
# ranks are computed (selectors), never stored. See docs/decisions/0007-economy-indicators.md.


class AreaKind(models.TextChoices):
    CITY = "city", _("市")
    DISTRICT = "district", _("区")
    COUNTY = "county", _("县")
    ZONE = "zone", _("开发区")


class Area(models.Model):
    """A statistical area: the city (洛阳市), its districts and counties, and the zone (ranked with them)."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    name_en = models.CharField(_("英文名称"), max_length=100, blank=True)
    kind = models.CharField(_("类型"), max_length=10, choices=AreaKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级地区"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    ranked = models.BooleanField(_("参与排名"), default=True, help_text=_("与同一上级的区县（含开发区）一起按增速排名"))
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("统计地区")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class IndicatorUnit(models.TextChoices):
    # The value is the unit as bulletins write it (data); the label is for pages.
    YI = "亿元", _("亿元")
    WAN = "万元", _("万元")
    YI_USD = "亿美元", _("亿美元")


class Indicator(models.Model):
    """An indicator the statistics bureau publishes, such as 地区生产总值 (GDP) in 亿元."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    name_en = models.CharField(_("英文名称"), max_length=100, blank=True)
    unit = models.CharField(_("单位"), max_length=10, choices=IndicatorUnit.choices)
    comparable = models.BooleanField(
        _("按可比价计算增速"), default=False, help_text=_("增速按可比价格计算（剔除价格因素），不能由总量直接推算")
    )
    bulletin_name = models.CharField(
        _("公报用语"), max_length=50, blank=True, help_text=_("统计公报中的写法，如“生产总值”；留空则用名称")
    )
    bulletin_verb = models.CharField(
        _("公报动词"), max_length=10, blank=True, help_text=_("作为公报首句时名称前的动词，如“实现”")
    )
    in_bulletin = models.BooleanField(_("写入统计公报"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("经济指标")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def phrase(self) -> str:
        return self.bulletin_name or self.name


class ImportFormat(models.TextChoices):
    XLSX = "xlsx", _("Excel 表格")
    CSV = "csv", _("CSV 文件")


class IndicatorImport(models.Model):
    """One accepted import of the statistics bureau's figures (a file), with what it changed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    imported_at = models.DateTimeField(_("导入时间"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    file_name = models.CharField(_("文件名"), max_length=200)
    file_format = models.CharField(_("格式"), max_length=10, choices=ImportFormat.choices)
    sha256 = models.CharField(_("文件摘要"), max_length=64)
    periods = models.JSONField(_("统计期"), default=list)
    written = models.PositiveIntegerField(_("写入"), default=0)
    replaced = models.PositiveIntegerField(_("替换"), default=0)
    unchanged = models.PositiveIntegerField(_("未变化"), default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("指标导入记录")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.file_name}（{self.imported_at:%Y-%m-%d %H:%M}）"


class IndicatorValue(models.Model):
    """The current figure of one indicator for one area and period: its level and its published growth (percent)."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="values")
    area = models.ForeignKey(Area, verbose_name=_("地区"), on_delete=models.PROTECT, related_name="values")
    # The canonical period code (gaoxin.economy.periods): "2020", "2021Q1", "2021M01-05"; year and end_month order it.
    period = models.CharField(_("统计期"), max_length=12)
    year = models.PositiveSmallIntegerField(_("年度"))
    end_month = models.PositiveSmallIntegerField(_("截止月份"))
    level = models.DecimalField(_("总量"), max_digits=18, decimal_places=4, null=True, blank=True)
    growth = models.DecimalField(_("同比增长（%）"), max_digits=8, decimal_places=2, null=True, blank=True)
    batch = models.ForeignKey(
        IndicatorImport, verbose_name=_("导入批次"), null=True, on_delete=models.PROTECT, related_name="values"
    )

    class Meta:
        verbose_name = verbose_name_plural = _("指标数值")
        ordering = ["year", "end_month", "indicator__sort_order", "area__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "area", "period"], name="economy_value_once_per_period"),
            models.CheckConstraint(
                condition=models.Q(level__isnull=False) | models.Q(growth__isnull=False), name="economy_value_not_empty"
            ),
        ]
        indexes = [models.Index(fields=["period", "indicator"], name="economy_value_period_idx")]

    def __str__(self) -> str:
        return f"{self.area} {self.indicator} {self.period}"


class IndicatorValueHistory(models.Model):
    """A figure that a later import replaced: kept, never deleted, with the import that wrote it and the one that
    replaced it."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(Area, verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("统计期"), max_length=12)
    level = models.DecimalField(_("总量"), max_digits=18, decimal_places=4, null=True, blank=True)
    growth = models.DecimalField(_("同比增长（%）"), max_digits=8, decimal_places=2, null=True, blank=True)
    batch = models.ForeignKey(
        IndicatorImport, verbose_name=_("原导入批次"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    replaced_by = models.ForeignKey(
        IndicatorImport, verbose_name=_("替换批次"), on_delete=models.PROTECT, related_name="replaced_values"
    )
    replaced_at = models.DateTimeField(_("替换时间"))

    class Meta:
        verbose_name = verbose_name_plural = _("指标历史数值")
        ordering = ["-replaced_at", "period"]
        indexes = [models.Index(fields=["period", "indicator", "area"], name="economy_history_key_idx")]


# --- Enterprise output (产能、产量、产值) ---------------------------------------------------------------------------


class OutputMetric(models.TextChoices):
    DAILY_OUTPUT = "daily_output", _("日产量")
    MONTHLY_OUTPUT = "monthly_output", _("月产量")
    OUTPUT_VALUE = "output_value", _("产值")
    CAPACITY = "capacity", _("设计产能")


class OutputSeries(models.Model):
    """A series of one enterprise's figures over time, e.g. Gree's daily output of air conditioners in 台."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="output_series"
    )
    metric = models.CharField(_("指标"), max_length=20, choices=OutputMetric.choices)
    product = models.CharField(_("产品"), max_length=50, blank=True)
    unit = models.CharField(_("单位"), max_length=20)

    class Meta:
        verbose_name = verbose_name_plural = _("企业产出序列")
        ordering = ["enterprise", "metric", "product"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "metric", "product"], name="economy_series_once"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise.name} {self.get_metric_display()} {self.product}".strip()


class OutputPoint(models.Model):
    """One figure of a series: the day it was measured (a month's figure is dated the 1st of the month)."""

    series = models.ForeignKey(OutputSeries, verbose_name=_("序列"), on_delete=models.CASCADE, related_name="points")
    on = models.DateField(_("日期"))
    value = models.DecimalField(_("数值"), max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = verbose_name_plural = _("企业产出数据")
        ordering = ["series", "on"]
        constraints = [models.UniqueConstraint(fields=["series", "on"], name="economy_point_once_per_day")]


# --- Innovation entities and platforms against the double target (创新主体、创新平台“双倍增”) -------------------------


class InnovationKind(models.TextChoices):
    ENTITY = "entity", _("创新主体")
    PLATFORM = "platform", _("创新平台")


class InnovationCategory(models.Model):
    """A kind of innovation entity (高新技术企业 …) or platform (新型研发机构 …) with its doubling target: the count at
    the end of the baseline year and the count to reach by the target year (twice the baseline unless set)."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    name_en = models.CharField(_("英文名称"), max_length=100, blank=True)
    kind = models.CharField(_("类别"), max_length=10, choices=InnovationKind.choices)
    baseline_year = models.PositiveSmallIntegerField(_("基数年度"))
    baseline_count = models.PositiveIntegerField(_("基数"))
    target_year = models.PositiveSmallIntegerField(_("目标年度"))
    target_count = models.PositiveIntegerField(
        _("目标数"), null=True, blank=True, help_text=_("留空即为基数的两倍（倍增）")
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("创新主体和平台类别")
        ordering = ["kind", "sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def target(self) -> int:
        return self.target_count if self.target_count is not None else 2 * self.baseline_count


class InnovationCount(models.Model):
    """How many of a category the zone had at the end of a year (as recognised and published)."""

    category = models.ForeignKey(
        InnovationCategory, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="counts"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    count = models.PositiveIntegerField(_("数量"))
    recorded_at = models.DateTimeField(_("登记时间"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = verbose_name_plural = _("创新主体和平台数量")
        ordering = ["category", "year"]
        constraints = [models.UniqueConstraint(fields=["category", "year"], name="economy_innovation_count_once")]


class PlatformLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    MUNICIPAL = "municipal", _("市级")


class InnovationUnit(models.Model):
    """A named entity or platform of a category, such as 清洛基地 among the new R&D institutions (新型研发机构)."""

    category = models.ForeignKey(
        InnovationCategory, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="units"
    )
    name = models.CharField(_("名称"), max_length=200)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    level = models.CharField(_("级别"), max_length=20, choices=PlatformLevel.choices, blank=True)
    recognized_year = models.PositiveSmallIntegerField(_("认定年度"), null=True, blank=True)
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("依托企业"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.TextField(_("简介"), blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("创新主体和平台")
        ordering = ["category", "recognized_year", "name"]
        constraints = [models.UniqueConstraint(fields=["category", "name"], name="economy_innovation_unit_once")]

    def __str__(self) -> str:
        return self.name
