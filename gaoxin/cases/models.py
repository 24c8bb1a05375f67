"""Applications (办件), their department tasks, the materials handed in and the clock's pauses."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gaoxin.accounts.models import ApplicantKind, Department
from gaoxin.catalog.models import Bundle, BundleStep, MaterialKind, ServiceItem
from gaoxin.core.personal import DigestField, EncryptedField
from gaoxin.core.text import ReadableJSONDecoder
from gaoxin.identity.validators import validate_resident_id, validate_uscc


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交待受理")
    CORRECTIONS_REQUESTED = "corrections_requested", _("待补正")
    NOT_ACCEPTED = "not_accepted", pgettext_lazy("case status", "不予受理")
    IN_REVIEW = "in_review", _("已受理审批中")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("退回补充材料")
    APPROVED = "approved", _("已办结（准予）")
    PARTLY_APPROVED = "partly_approved", _("部分办结")
    DENIED = "denied", _("已办结（不予许可）")
    WITHDRAWN = "withdrawn", _("已撤回")


FINAL_STATUSES = {
    CaseStatus.NOT_ACCEPTED,
    CaseStatus.APPROVED,
    CaseStatus.PARTLY_APPROVED,
    CaseStatus.DENIED,
    CaseStatus.WITHDRAWN,
}
# A case decided by its departments: every step granted, some granted, none granted.
DECIDED_STATUSES = [CaseStatus.APPROVED, CaseStatus.PARTLY_APPROVED, CaseStatus.DENIED]


class Channel(models.TextChoices):
    ONLINE = "online", _("网上申报")
    WINDOW = "window", pgettext_lazy("channel", "窗口受理")


class VisitPurpose(models.TextChoices):
    """Why an applicant came to the hall for a case: each is one visit (跑动) against the item's maximum."""

    REGISTER = "register", _("窗口登记申请")
    CORRECT = "correct", _("来厅补正材料")
    COLLECT = "collect", _("领取办理结果")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("办理中")
    RETURNED = "returned", pgettext_lazy("task status", "退回补充")
    APPROVED = "approved", pgettext_lazy("task status", "准予")
    DENIED = "denied", pgettext_lazy("task status", "不予许可")
    # A step whose prerequisite was not granted: it cannot be decided, and says why.
    TERMINATED = "terminated", pgettext_lazy("task status", "终止")
    CLOSED = "closed", _("已关闭")


# A step that has its outcome; the case goes on when every step of the stage has one.
TASK_OUTCOMES = [TaskStatus.APPROVED, TaskStatus.DENIED, TaskStatus.TERMINATED]


class Case(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(_("办件编号"), max_length=20, unique=True)
    item = models.ForeignKey(ServiceItem, verbose_name=_("事项"), null=True, blank=True, on_delete=models.PROTECT)
    bundle = models.ForeignKey(Bundle, verbose_name=_("一件事"), null=True, blank=True, on_delete=models.PROTECT)
    chosen_steps = models.ManyToManyField(BundleStep, verbose_name=_("选择的可选步骤"), blank=True, related_name="+")
    # Null for a walk-in applicant without an account, registered by a clerk at the window.
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人账户"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("渠道"), max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    applicant_kind = models.CharField(_("申请人类型"), max_length=20, choices=ApplicantKind.choices)
    applicant_name = models.CharField(_("申请人"), max_length=100)
    # Personal data: encrypted at rest, found by the digest beside it (gaoxin.core.personal).
    applicant_id_number = EncryptedField(_("身份证号"), max_length=18, blank=True, validators=[validate_resident_id])
    applicant_id_number_digest = DigestField(of="applicant_id_number")
    applicant_uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, validators=[validate_uscc])
    contact_phone = EncryptedField(_("联系电话"), max_length=20, blank=True)
    contact_phone_digest = DigestField(of="contact_phone")
    form = models.JSONField(_("申请表"), default=dict, blank=True, decoder=ReadableJSONDecoder)
    # The bundle's stages as they were when the case was created, so a running case never changes shape when an
    # administrator edits the bundle: [[{"item", "code", "department", "optional", "days"}, …], …].
    plan = models.JSONField(_("办理步骤"), default=list, editable=False)
    promise_kind = models.CharField(_("承诺时限类型"), max_length=20, blank=True)
    promise_value = models.PositiveIntegerField(_("承诺时限"), default=0)
    clock_was_paused = models.BooleanField(_("曾暂停计时"), default=False)
    status = models.CharField(
        _("状态"), max_length=30, choices=CaseStatus.choices, default=CaseStatus.DRAFT, db_index=True
    )
    current_stage = models.PositiveIntegerField(_("当前阶段"), default=0)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    deadline = models.DateTimeField(_("承诺办结时限"), null=True, blank=True, db_index=True)
    deadline_provisional = models.BooleanField(_("时限为暂定"), default=False)
    decision_reason = models.TextField(_("不予受理/不予许可理由"), blank=True)
    clerk_note = models.TextField(_("窗口意见"), blank=True)
    # 少跑腿: the times the applicant came to the hall for this case, against the maximum its item or bundle
    # promised when the case was created.
    visits = models.PositiveSmallIntegerField(_("来厅次数"), default=0)
    visits_allowed = models.PositiveSmallIntegerField(_("最多跑动次数"), default=1)

    class Meta:
        verbose_name = _("办件")
        verbose_name_plural = pgettext_lazy("plural", "办件")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(item__isnull=True, bundle__isnull=False)
                | models.Q(item__isnull=False, bundle__isnull=True),
                name="case_applies_for_item_or_bundle",
            )
        ]
        # For the leaders' cockpit at a city's scale (docs/decisions/0008-cockpit.md): cases submitted today; open
        # cases per status and past their deadline; cases decided per final status in a window, on time or not.
        indexes = [
            models.Index(fields=["submitted_at"], name="case_submitted_at"),
            models.Index(fields=["status", "deadline"], name="case_status_deadline"),
            models.Index(fields=["status", "decided_at", "deadline"], name="case_status_decided"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def title(self) -> str:
        return self.bundle.name if self.bundle_id else self.item.name

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES


class Task(models.Model):
    """One department's step of a case; the tasks of a stage run in parallel."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    item = models.ForeignKey(ServiceItem, verbose_name=_("事项"), on_delete=models.PROTECT)
    department = models.ForeignKey(Department, verbose_name=_("部门"), on_delete=models.PROTECT, related_name="tasks")
    stage = models.PositiveIntegerField(_("阶段"))
    optional = models.BooleanField(_("可选步骤"), default=False)
    status = models.CharField(_("状态"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    created_at = models.DateTimeField(_("开始时间"))
    deadline = models.DateTimeField(_("法定时限"))
    deadline_provisional = models.BooleanField(_("时限为暂定"), default=False)
    # A public-notice step (公示/公告) cannot end before this moment; objections during it stop the case.
    waits_until = models.DateTimeField(_("公示期满"), null=True, blank=True)
    decided_at = models.DateTimeField(_("办理时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("意见"), blank=True)
    # What the step produced, as its result fields define it (a seal filing's numbers; the license and its USCC).
    result = models.JSONField(_("办理结果"), default=dict, blank=True, decoder=ReadableJSONDecoder)
    # Working days an approved extension adds to the step's statutory days (延期, 行政许可法 §42; TaskExtension).
    extension_days = models.PositiveSmallIntegerField(_("延长工作日"), default=0, db_default=0)

    class Meta:
        verbose_name = _("部门任务")
        verbose_name_plural = pgettext_lazy("plural", "部门任务")
        ordering = ["stage", "created_at", "id"]
        indexes = [
            models.Index(fields=["department", "status", "deadline"], name="task_queue"),
            # The cockpit's open and overdue tasks per department (docs/decisions/0008-cockpit.md).
            models.Index(fields=["status", "department", "deadline"], name="task_status_department"),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} · {self.item.name}"


# The reason a material is flagged for (CaseMaterial.correction_note), told to the applicant: a sentence or two.
CORRECTION_REASON_MAX_LENGTH = 500


class CaseMaterial(models.Model):
    """A material the case asks for, once, however many of its steps need it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="materials")
    material = models.ForeignKey(MaterialKind, verbose_name=_("材料"), on_delete=models.PROTECT)
    required = models.BooleanField(_("必须提交"), default=True)
    needs_correction = models.BooleanField(_("需补正"), default=False)
    correction_note = models.TextField(_("补正说明"), blank=True)
    # A certificate the platform issued itself proves this material: nothing is uploaded for it.
    certificate = models.ForeignKey(
        "certificates.License",
        verbose_name=_("由电子证照证明"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("办件材料")
        verbose_name_plural = pgettext_lazy("plural", "办件材料")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["case", "material"], name="case_material_once")]


class MaterialFile(models.Model):
    """An uploaded file for a case material. The newest one is the material's current file."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case_material = models.ForeignKey(CaseMaterial, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("文件"), upload_to="cases/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Handed in with this case, or taken from the applicant's wallet (the same stored file, not a copy).
    from_wallet = models.BooleanField(_("来自材料钱包"), default=False)

    class Meta:
        verbose_name = _("材料文件")
        verbose_name_plural = pgettext_lazy("plural", "材料文件")
        ordering = ["uploaded_at"]


class ClockPause(models.Model):
    """The case waited for the applicant; the time limits do not run over this interval."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="pauses")
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["started_at"]


class CaseCounter(models.Model):
    """Next human case number per year (GX2026000001); one row per year, locked when used."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)


# --- extensions (延期, 行政许可法 §42) ---------------------------------------------------------------

EXTENSION_MAX_DAYS = 10


class ExtensionStatus(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("extension status", "待审批")
    APPROVED = "approved", pgettext_lazy("extension status", "已批准")
    REFUSED = "refused", pgettext_lazy("extension status", "不予批准")


class TaskExtension(models.Model):
    """An approver's request to extend their task's statutory limit, and the department head's decision on it.

    A task is extended once: at most one request is pending or approved (a refused one may be followed by another);
    docs/decisions/0016-extensions.md."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    task = models.ForeignKey(Task, verbose_name=_("部门任务"), on_delete=models.CASCADE, related_name="extensions")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提出申请的审批人员"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("申请时间"))
    days = models.PositiveSmallIntegerField(_("延长工作日"))
    reason = models.TextField(_("延期理由"))
    status = models.CharField(
        _("状态"), max_length=20, choices=ExtensionStatus.choices, default=ExtensionStatus.REQUESTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人（部门负责人）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    note = models.TextField(_("审批意见"), blank=True)
    # The task's deadline when the head approved, and the one it moved to.
    deadline_before = models.DateTimeField(_("原法定时限"), null=True, blank=True)
    deadline_after = models.DateTimeField(_("延长后的法定时限"), null=True, blank=True)

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = pgettext_lazy("plural", "延期申请")
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(days__gte=1, days__lte=EXTENSION_MAX_DAYS), name="extension_days_1_to_10"
            ),
            # Once per task: the database refuses a second pending or approved extension even if a check is missed.
            models.UniqueConstraint(
                fields=["task"],
                condition=models.Q(status__in=["requested", "approved"]),
                name="task_extended_once",
            ),
        ]
        indexes = [models.Index(fields=["status", "requested_at"], name="extension_status")]

    def __str__(self) -> str:
        return f"{self.task} · {self.days}"


# --- objections to a public notice (公示异议) ------------------------------------------------------------------------


class ObjectorStanding(models.TextChoices):
    """Who objects: 《市场主体登记管理条例》第三十三条 names the departments concerned, creditors and other interested
    parties; employees (unpaid wages, social insurance) and the tax office are the usual ones besides creditors."""

    CREDITOR = "creditor", _("债权人")
    EMPLOYEE = "employee", _("职工")
    TAX = "tax", _("税务等有关部门")
    OTHER = "other", _("其他利害关系人")


class ObjectionStatus(models.TextChoices):
    PENDING = "pending", _("待核查")
    UPHELD = "upheld", _("异议成立")
    DISMISSED = "dismissed", _("异议不成立")


# What an objection may say, and what its objector may be called and reached at.
OBJECTION_TEXT_MAX_LENGTH = 2000


class Objection(models.Model):
    """An objection lodged against a public notice (公示), on the public page, by the API or at the window. While one
    is pending the notice's step cannot be granted; its department finds it founded (the step is denied) or not."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Given to the objector, who quotes it when asking after their objection.
    receipt = models.CharField(_("回执编号"), max_length=20, unique=True)
    task = models.ForeignKey(Task, verbose_name=_("公示"), on_delete=models.PROTECT, related_name="objections")
    case = models.ForeignKey(Case, verbose_name=_("办件"), on_delete=models.PROTECT, related_name="objections")
    # Both may be blank: an objector may stay anonymous.
    name = models.CharField(_("异议人"), max_length=100, blank=True)
    contact = models.CharField(_("联系方式"), max_length=100, blank=True)
    standing = models.CharField(_("与企业的关系"), max_length=20, choices=ObjectorStanding.choices)
    text = models.TextField(_("异议内容"), max_length=OBJECTION_TEXT_MAX_LENGTH)
    evidence = models.FileField(_("证明材料"), upload_to="objections/%Y/%m/", blank=True)
    evidence_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    evidence_type = models.CharField(_("文件类型"), max_length=100, blank=True)
    evidence_sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    lodged_at = models.DateTimeField(_("提出时间"))
    # The account that lodged it (a clerk at the window, a logged-in person online), or nobody.
    lodged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("核查结果"), max_length=20, choices=ObjectionStatus.choices, default=ObjectionStatus.PENDING
    )
    resolution = models.TextField(_("核查意见"), blank=True)
    resolved_at = models.DateTimeField(_("核查时间"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = pgettext_lazy("plural", "公示异议")
        ordering = ["lodged_at", "id"]
        indexes = [models.Index(fields=["task", "status"], name="objection_task_status")]

    def __str__(self) -> str:
        return self.receipt


class ObjectionAttempt(models.Model):
    """Objections lodged from one source address in one window of time (GAOXIN["OBJECTION_WINDOW_SECONDS"]): a
    conditional UPDATE adds one only below GAOXIN["OBJECTION_LIMIT"], so parallel posts cannot exceed it."""

    source = models.CharField(_("来源地址"), max_length=64)
    window_start = models.DateTimeField(_("时段开始"))
    count = models.PositiveIntegerField(_("次数"), default=0)

    class Meta:
        verbose_name = _("异议提交计数")
        verbose_name_plural = pgettext_lazy("plural", "异议提交计数")
        constraints = [models.UniqueConstraint(fields=["source", "window_start"], name="objection_attempt_once")]
