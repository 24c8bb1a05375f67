"""Key projects (重点项目): the register, responsibility (一个项目，一位领导，一个班子), milestones (时间节点), yearly
plans and monthly reports of investment, and element-guarantee requests (要素保障).

Money is Decimal in 万元 (ten thousand yuan), as the zone's own tables state it. Every write goes through
gaoxin.projects.actions and leaves an audit event on the project's (or the request's) chain.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gaoxin.accounts.models import Department
from gaoxin.core.personal import DigestField, EncryptedField
from gaoxin.economy.models import Park

MONEY = {"max_digits": 14, "decimal_places": 2}


class Level(models.TextChoices):
    PROVINCE = "province", _("省重点")
    CITY = "city", _("市重点")
    ZONE = "zone", _("区重点")


class Category(models.TextChoices):
    MANUFACTURING = "manufacturing", _("先进制造业")
    NEW_ENERGY = "new_energy", _("新能源")
    INNOVATION = "innovation", _("科技创新")
    LOGISTICS = "logistics", _("商贸物流")
    OPEN_PLATFORM = "open_platform", _("开放平台")
    INFRASTRUCTURE = "infrastructure", _("基础设施")
    LIVELIHOOD = "livelihood", _("社会民生")


class BuildKind(models.TextChoices):
    NEW = "new", _("新开工")
    CONTINUING = "continuing", _("续建")


class Stage(models.TextChoices):
    """From planning to production, in order (see STAGE_ORDER)."""

    PLANNING = "planning", _("谋划")
    SIGNED = "signed", _("签约")
    STARTED = "started", _("开工")
    CONSTRUCTION = "construction", _("在建")
    COMPLETED = "completed", _("竣工")
    PRODUCTION = "production", _("投产/达产")


STAGE_ORDER = {stage: position for position, stage in enumerate(Stage.values)}
# Stages in which construction has begun: the project counts as started (开工) for the commencement rate only through
# its actual start date, never through its stage alone.
STARTED_STAGES = {Stage.STARTED, Stage.CONSTRUCTION, Stage.COMPLETED, Stage.PRODUCTION}


class LeaderRank(models.TextChoices):
    COUNTY = "county", _("县级")
    DEPUTY_COUNTY = "deputy_county", _("副县级")


class LeaderProfile(models.Model):
    """The title and rank of a leader who may be responsible for key projects (副县级以上领导)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("领导"), on_delete=models.CASCADE, related_name="leader_profile"
    )
    title = models.CharField(_("职务"), max_length=100)
    rank = models.CharField(_("级别"), max_length=20, choices=LeaderRank.choices)

    class Meta:
        verbose_name = _("领导分包信息")
        verbose_name_plural = pgettext_lazy("plural", "领导分包信息")

    def __str__(self) -> str:
        return f"{self.user}（{self.title}，{self.get_rank_display()}）"


class Project(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(_("项目编号"), max_length=40, unique=True)
    name = models.CharField(_("项目名称"), max_length=200, db_index=True)
    level = models.CharField(_("级别"), max_length=20, choices=Level.choices, db_index=True)
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    owner = models.CharField(_("建设单位"), max_length=200)
    park = models.ForeignKey(
        Park, verbose_name=_("所属园区"), null=True, blank=True, on_delete=models.PROTECT, related_name="projects"
    )
    location = models.CharField(_("建设地点"), max_length=200, blank=True)
    description = models.TextField(_("建设内容"), blank=True)
    total_investment = models.DecimalField(_("总投资（万元）"), **MONEY)
    build_kind = models.CharField(_("建设性质"), max_length=20, choices=BuildKind.choices)
    stage = models.CharField(_("建设阶段"), max_length=20, choices=Stage.choices, db_index=True)
    planned_start = models.DateField(_("计划开工日期"), null=True, blank=True)
    actual_start = models.DateField(_("实际开工日期"), null=True, blank=True)
    planned_completion = models.DateField(_("计划竣工日期"), null=True, blank=True)
    actual_completion = models.DateField(_("实际竣工日期"), null=True, blank=True)
    intake_year = models.PositiveSmallIntegerField(_("入库年份"), null=True, blank=True)
    intake_quarter = models.PositiveSmallIntegerField(_("入库季度"), null=True, blank=True)
    # Responsibility (联合分包): a leader of deputy county level or above, a unit and a person.
    responsible_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任领导"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects_led",
    )
    responsible_unit = models.ForeignKey(
        Department,
        verbose_name=_("责任单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects_in_charge",
    )
    responsible_person_name = models.CharField(_("责任人"), max_length=50, blank=True)
    responsible_person_phone = EncryptedField(_("责任人电话"), max_length=20, blank=True)
    responsible_person_phone_digest = DigestField(of="responsible_person_phone")
    # Set when the responsible person has an account; their name and phone are then copied from it.
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人账号"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects_responsible",
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("项目专员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects_kept",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("重点项目")
        verbose_name_plural = pgettext_lazy("plural", "重点项目")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(intake_quarter__isnull=True)
                | models.Q(intake_quarter__gte=1, intake_quarter__lte=4),
                name="project_intake_quarter_1_to_4",
            ),
            models.CheckConstraint(
                condition=models.Q(intake_year__isnull=True, intake_quarter__isnull=True)
                | models.Q(intake_year__isnull=False, intake_quarter__isnull=False),
                name="project_intake_year_and_quarter_together",
            ),
            models.CheckConstraint(condition=models.Q(total_investment__gte=0), name="project_investment_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def person_name(self) -> str:
        return self.responsible_person_name or (self.responsible_person.name if self.responsible_person else "")

    @property
    def responsibility_missing(self) -> list[str]:
        """What the 联合分包 system asks of the project and it lacks: leader, unit, person (empty when complete)."""
        missing = []
        if self.responsible_leader_id is None:
            missing.append(str(_("责任领导")))
        if self.responsible_unit_id is None:
            missing.append(str(_("责任单位")))
        if not self.person_name:
            missing.append(str(_("责任人")))
        return missing

    @property
    def responsibility_complete(self) -> bool:
        return not self.responsibility_missing


class YearPlan(models.Model):
    """The project's line in a year's action plan: the investment planned for that year."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="year_plans")
    year = models.PositiveSmallIntegerField(_("年度"))
    planned_investment = models.DecimalField(_("年度计划投资（万元）"), **MONEY)

    class Meta:
        verbose_name = _("年度计划")
        verbose_name_plural = pgettext_lazy("plural", "年度计划")
        ordering = ["project", "year"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="year_plan_one_per_project_year"),
            models.CheckConstraint(condition=models.Q(planned_investment__gte=0), name="year_plan_not_negative"),
        ]


class MilestoneKind(models.TextChoices):
    GENERAL = "general", _("一般节点")
    APPROVAL = "approval", _("审批手续")
    COMMENCEMENT = "commencement", _("开工")
    COMPLETION = "completion", _("竣工")
    ACCEPTANCE = "acceptance", _("验收")
    PRODUCTION = "production", _("投产")


class Milestone(models.Model):
    """A time node (时间节点): met when its actual date is recorded; otherwise red once its date has passed."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="milestones")
    name = models.CharField(_("节点名称"), max_length=200)
    kind = models.CharField(_("节点类型"), max_length=20, choices=MilestoneKind.choices, default=MilestoneKind.GENERAL)
    planned_date = models.DateField(_("计划完成日期"))
    actual_date = models.DateField(_("实际完成日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("时间节点")
        verbose_name_plural = pgettext_lazy("plural", "时间节点")
        ordering = ["project", "planned_date", "sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["project", "name"], name="milestone_unique_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def met(self) -> bool:
        return self.actual_date is not None


class MonthlyReport(models.Model):
    """The officer's report of one month: investment completed that month and the visible progress (形象进度)."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="reports")
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    invested = models.DecimalField(_("本月完成投资（万元）"), **MONEY)
    progress = models.TextField(_("形象进度"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("填报时间"))
    updated_at = models.DateTimeField(_("更新时间"))

    class Meta:
        verbose_name = _("月度报告")
        verbose_name_plural = pgettext_lazy("plural", "月度报告")
        ordering = ["project", "year", "month"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year", "month"], name="report_one_per_project_month"),
            models.CheckConstraint(condition=models.Q(month__gte=1, month__lte=12), name="report_month_1_to_12"),
            models.CheckConstraint(condition=models.Q(invested__gte=0), name="report_invested_not_negative"),
        ]


class ReportPhoto(models.Model):
    report = models.ForeignKey(
        MonthlyReport, verbose_name=_("月度报告"), on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField(_("照片"), upload_to="projects/photos/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("现场照片")
        verbose_name_plural = pgettext_lazy("plural", "现场照片")
        ordering = ["report", "uploaded_at", "pk"]


class RequestKind(models.TextChoices):
    LAND = "land", _("用地")
    POWER = "power", _("用电")
    WATER = "water", _("用水")
    GAS = "gas", _("用气")
    FINANCING = "financing", _("融资")
    PERMITS = "permits", _("审批手续")
    LABOUR = "labour", _("用工")
    OTHER = "other", _("其他")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("待办理")
    IN_PROGRESS = "in_progress", _("办理中")
    RESOLVED = "resolved", _("已解决")


class ElementRequest(models.Model):
    """A request for an element of production (要素保障) that a project raises, routed to one department with a time
    limit in working days; escalated to the project's responsible leader once overdue."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="requests")
    kind = models.CharField(_("要素类型"), max_length=20, choices=RequestKind.choices)
    description = models.TextField(_("需求内容"))
    department = models.ForeignKey(
        Department, verbose_name=_("承办部门"), on_delete=models.PROTECT, related_name="element_requests"
    )
    working_days = models.PositiveSmallIntegerField(_("办理时限（工作日）"))
    status = models.CharField(
        _("状态"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.OPEN, db_index=True
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提出人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(_("提出时间"))
    deadline = models.DateTimeField(_("办理期限"), db_index=True)
    deadline_provisional = models.BooleanField(_("期限为暂定"), default=False)
    last_note = models.TextField(_("最新进展"), blank=True)
    resolution = models.TextField(_("解决情况"), blank=True)
    resolved_at = models.DateTimeField(_("解决时间"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("解决人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    escalated_at = models.DateTimeField(_("提级时间"), null=True, blank=True)
    escalated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提级至"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalated_requests",
    )

    class Meta:
        verbose_name = _("要素保障需求")
        verbose_name_plural = pgettext_lazy("plural", "要素保障需求")
        ordering = ["deadline"]

    def __str__(self) -> str:
        return f"{self.project}：{self.get_kind_display()}"
