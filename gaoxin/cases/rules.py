"""Who may do what to a case, which transitions each action allows, and what a request for corrections must say:
the one place for each, read by the actions and the pages' forms alike."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from gaoxin.accounts.models import ApplicantKind, Role
from gaoxin.cases.models import CORRECTION_REASON_MAX_LENGTH, CaseStatus, Channel, TaskStatus
from gaoxin.core import personal
from gaoxin.core.errors import DomainError, FieldErrors
from gaoxin.economy.models import Enterprise, EnterpriseStatus
from gaoxin.wallet.rules import Subjects
from gaoxin.workdays.deadlines import Deadline, add_working_days

S = CaseStatus

# action -> {from status: to status}. An action not allowed from the current status is a conflict (409).
CASE_TRANSITIONS: dict[str, dict[str, str]] = {
    "submit": {S.DRAFT: S.SUBMITTED, S.CORRECTIONS_REQUESTED: S.SUBMITTED, S.SUPPLEMENT_REQUESTED: S.IN_REVIEW},
    "accept": {S.SUBMITTED: S.IN_REVIEW},
    "not_accept": {S.SUBMITTED: S.NOT_ACCEPTED},
    "request_corrections": {S.SUBMITTED: S.CORRECTIONS_REQUESTED},
    "withdraw": {
        S.DRAFT: S.WITHDRAWN,
        S.SUBMITTED: S.WITHDRAWN,
        S.CORRECTIONS_REQUESTED: S.WITHDRAWN,
        S.IN_REVIEW: S.WITHDRAWN,
        S.SUPPLEMENT_REQUESTED: S.WITHDRAWN,
    },
    # Department decisions keep the case in review until the last stage ends; see task actions.
    "task_decide": {S.IN_REVIEW: S.IN_REVIEW, S.SUPPLEMENT_REQUESTED: S.SUPPLEMENT_REQUESTED},
    "task_return": {S.IN_REVIEW: S.SUPPLEMENT_REQUESTED, S.SUPPLEMENT_REQUESTED: S.SUPPLEMENT_REQUESTED},
    # The end of a case in review, by its steps' outcomes: all granted, some granted, none granted. A step waiting
    # for the applicant's supplement keeps its stage open, so a case never ends from SUPPLEMENT_REQUESTED.
    "complete": {S.IN_REVIEW: S.APPROVED},
    "complete_partly": {S.IN_REVIEW: S.PARTLY_APPROVED},
    "deny": {S.IN_REVIEW: S.DENIED},
}

# Materials may change only while the applicant holds the case.
UPLOAD_STATUSES = {S.DRAFT, S.CORRECTIONS_REQUESTED, S.SUPPLEMENT_REQUESTED}

# Each action as it ends the refusal "the case ... cannot be <action>" (see actions._transition).
ACTION_NAMES = {
    "submit": pgettext_lazy("case action (it cannot be ...)", "提交"),
    "accept": pgettext_lazy("case action (it cannot be ...)", "受理"),
    "not_accept": pgettext_lazy("case action (it cannot be ...)", "不予受理"),
    "request_corrections": pgettext_lazy("case action (it cannot be ...)", "一次性告知补正"),
    "withdraw": pgettext_lazy("case action (it cannot be ...)", "撤回"),
    "task_decide": pgettext_lazy("case action (it cannot be ...)", "审批"),
    "task_return": pgettext_lazy("case action (it cannot be ...)", "退回补充"),
    "complete": pgettext_lazy("case action (it cannot be ...)", "办结"),
    "complete_partly": pgettext_lazy("case action (it cannot be ...)", "部分办结"),
    "deny": pgettext_lazy("case action (it cannot be ...)", "不予许可"),
    "upload": pgettext_lazy("case action (it cannot be ...)", "上传材料"),
}

TASK_DECIDABLE = {TaskStatus.OPEN}


def in_plan_order(case):
    """A sort key putting tasks as the bundle lists its steps: a stage's tasks are created at one moment, so their
    time cannot order them."""
    position = {(n, step["item"]): i for n, stage in enumerate(case.plan, start=1) for i, step in enumerate(stage)}
    return lambda task: (task.stage, position.get((task.stage, task.item_id), 0))


def material_missing(*, required: bool, needs_correction: bool, has_file: bool, proved: bool) -> bool:
    """A material still owed: flagged for correction, or required with neither a file nor a license proving it."""
    return needs_correction or (required and not has_file and not proved)


# The application form's answers that name the property a case is about (不动产权证号, else its address): the first
# one a case answers is the subject of its property papers in the wallet.
PROPERTY_FORM_KEYS = ("property_certificate_number", "property_address", "house_address")


def case_subjects(case) -> Subjects:
    """Whom and what the case is about, as the case states them: the wallet keeps and offers papers by these."""
    form = case.form if isinstance(case.form, dict) else {}
    stated_property = next((str(form[key]) for key in PROPERTY_FORM_KEYS if form.get(key)), "")
    return Subjects(person=case.applicant_id_number, company=case.applicant_uscc, property=stated_property)


def notice_days_left(waits_until, now) -> int:
    """Whole calendar days a public notice still runs, a part of a day counting as one (0 once it has ended)."""
    remaining = (waits_until - now).total_seconds()
    return max(0, -int(-remaining // 86400))


def notice_running(task, now) -> bool:
    """A public notice under way: its step open and its period not yet over."""
    return task.status == TaskStatus.OPEN and task.waits_until is not None and now < task.waits_until


def may_register_objection(task, case, now) -> bool:
    """Anyone may object to a public notice (《市场主体登记管理条例》第三十三条: 有关部门、债权人及其他利害关系人),
    but only while it runs: an objection after the period is no objection during it."""
    return notice_running(task, now) and case.status in CASE_TRANSITIONS["task_decide"]


def may_resolve_objection(user, task) -> bool:
    """The notice's own department decides whether an objection is founded (its approvers, as they decide the step)."""
    return may_decide_task(user, task)


# --- who may act for a company (简易注销) --------------------------------------------------------------------------


def needs_standing(plan: list[list[dict]]) -> bool:
    """A case with a public notice (公示: the simplified deregistration's 20 days) announces the company's own act to
    its creditors: only the company, through its legal representative or an agent it authorised, may start one."""
    return any(step.get("notice_days") for stage in plan for step in stage)


def standing_error(
    *, kind: str, id_number: str, company: Enterprise | None, takes_power_of_attorney: bool
) -> DomainError | None:
    """Why this person may not apply in the company's name, or None: they are its legal representative as the zone's
    register shows (a company the platform licensed is entered there with its license), or — where the case takes a
    power of attorney (授权委托书), which then must be handed in — its agent. Read by the API and the pages alike
    through case_create; docs/decisions/0019-deregistration-standing.md."""
    if kind != ApplicantKind.ENTERPRISE:
        return DomainError(
            _("简易注销须以拟注销企业的名义申请：申请人类型请选“企业”，并填写其统一社会信用代码"),
            field="applicant.kind",
        )
    if company is None:
        return DomainError(
            _(
                "该统一社会信用代码不在本区企业登记中，也不是本平台核发的营业执照，无法核实其法定代表人；请向企业的登记机关申请"
            ),
            field="applicant.uscc",
        )
    if company.status == EnterpriseStatus.DEREGISTERED:
        return DomainError(_("“%(company)s”已注销") % {"company": company.name}, field="applicant.uscc")
    if not id_number:
        return DomainError(_("请填写申请人（法定代表人本人或受托人）的身份证号"), field="applicant.id_number")
    if is_legal_representative(id_number, company) or takes_power_of_attorney:
        return None
    return DomainError(
        _("身份证号与“%(company)s”登记的法定代表人不符：只有法定代表人本人，或持其授权委托书的受托人，可以申请")
        % {"company": company.name},
        field="applicant.id_number",
    )


def is_legal_representative(id_number: str, company: Enterprise) -> bool:
    """By the register's digest of the number, which is stored encrypted (gaoxin.core.personal)."""
    return personal.same_number(id_number, company.legal_representative_id_digest)


def correction_reasons(corrections: dict[str, str], names: dict[str, str]) -> dict[str, str]:
    """Each material named for correction (补正, 退回补充) with its own reason, stripped, in the case's order.

    `names` is the case's materials (code → name) in its order; every code of `corrections` is one of them. The
    applicant is told every material at once, each with why (行政许可法 §32 一次性告知), so a reason is required and
    every material without one, or with one too long, is named at once (materials.<code>)."""
    reasons, errors = {}, {}
    for code, name in names.items():
        if code not in corrections:
            continue
        reason = corrections[code].strip()
        if not reason:
            errors[f"materials.{code}"] = _("请写明“%(material)s”需要补正的原因") % {"material": name}
        elif len(reason) > CORRECTION_REASON_MAX_LENGTH:
            errors[f"materials.{code}"] = _("“%(material)s”的补正原因不能超过 %(max)s 字") % {
                "material": name,
                "max": CORRECTION_REASON_MAX_LENGTH,
            }
        else:
            reasons[code] = reason
    if errors:
        raise FieldErrors(errors)
    return reasons


def is_owner(user, case) -> bool:
    return case.applicant_id is not None and case.applicant_id == user.pk


def may_apply(user) -> bool:
    return user.role in (Role.APPLICANT, Role.CLERK)


def is_walk_in(case) -> bool:
    """Registered at the window for someone who came to the hall: the window acts for them."""
    return case.channel == Channel.WINDOW


def may_act_as_applicant(user, case) -> bool:
    """The applicant, or a clerk acting for a walk-in at the window: never in an applicant's own online case, whose
    papers and submission are theirs alone."""
    return is_owner(user, case) or (user.role == Role.CLERK and is_walk_in(case))


def may_act_as_window(user) -> bool:
    return user.role in (Role.CLERK, Role.ADMIN)


def may_decide_task(user, task) -> bool:
    return user.role == Role.APPROVER and user.department_id == task.department_id


def sees_all_cases(user) -> bool:
    return user.role in (Role.CLERK, Role.LEADER, Role.ADMIN)


# --- personal data (个人信息保护法 §51, GB/T 35273-2020 去标识化) -------------------------------------------------

# A case on the window's desk: waiting to be accepted, or back with the applicant for corrections.
AT_THE_WINDOW = frozenset({S.SUBMITTED, S.CORRECTIONS_REQUESTED})
# A department's step still to be done: its approvers work on the case.
TASK_AT_WORK = frozenset({TaskStatus.OPEN, TaskStatus.RETURNED})


def handles_personal_data(user, case) -> bool:
    """Who may see the applicant's ID number and phone in full (the least that the work needs): the applicant, the
    window while the case is on its desk (a walk-in's always: the window acts for them), and the approvers of a
    department whose step of it is under way. Everyone else who may read the case — leaders, other departments,
    the system administrator — sees them masked. Reads the case's prefetched tasks."""
    if is_owner(user, case):
        return True
    if user.role == Role.CLERK:
        return is_walk_in(case) or case.status in AT_THE_WINDOW
    if user.role == Role.APPROVER:
        return any(t.department_id == user.department_id and t.status in TASK_AT_WORK for t in case.tasks.all())
    return False


# How each audit event reads on a case's timeline.
EVENT_LABELS = {
    "create": pgettext_lazy("timeline event", "创建申请"),
    "upload": pgettext_lazy("timeline event", "上传材料"),
    "submit": pgettext_lazy("timeline event", "提交申请"),
    "accept": pgettext_lazy("timeline event", "窗口受理"),
    "not_accept": pgettext_lazy("timeline event", "不予受理"),
    "request_corrections": pgettext_lazy("timeline event", "一次性告知补正"),
    "withdraw": pgettext_lazy("timeline event", "申请人撤回"),
    "task_open": pgettext_lazy("timeline event", "部门开始办理"),
    "task_approve": pgettext_lazy("timeline event", "部门准予"),
    "task_deny": pgettext_lazy("timeline event", "部门不予许可"),
    "task_return": pgettext_lazy("timeline event", "部门退回补充"),
    "wait_for_applicant": pgettext_lazy("timeline event", "等待申请人补充（计时暂停）"),
    "task_terminate": pgettext_lazy("timeline event", "部门事项终止"),
    "complete": pgettext_lazy("timeline event", "办结"),
    "complete_partly": pgettext_lazy("timeline event", "部分办结"),
    "deny": pgettext_lazy("timeline event", "办结（不予许可）"),
    "use_wallet": pgettext_lazy("timeline event", "从材料钱包提交材料"),
    "objection": pgettext_lazy("timeline event", "公示期内收到异议"),
    "objection_lodged": pgettext_lazy("timeline event", "公示期内收到异议（待核查）"),
    "objection_upheld": pgettext_lazy("timeline event", "异议成立，不予简易注销"),
    "objection_dismissed": pgettext_lazy("timeline event", "异议不成立"),
    "notice_end": pgettext_lazy("timeline event", "公示期满无异议"),
    "deadline_recompute": pgettext_lazy("timeline event", "工作日历调整，时限重新计算"),
    "extension_request": pgettext_lazy("timeline event", "申请延期"),
    "extension_approve": pgettext_lazy("timeline event", "部门负责人批准延期"),
    "extension_refuse": pgettext_lazy("timeline event", "部门负责人不予批准延期"),
    "visit": pgettext_lazy("timeline event", "申请人来厅"),
    "personal_data_view": pgettext_lazy("timeline event", "查看完整身份证号和电话"),
}
# A walk-in case resubmitted by the window from these states means the applicant came back with what was asked.
ANSWERS_AT_WINDOW_COUNT_A_VISIT = frozenset({CaseStatus.CORRECTIONS_REQUESTED, CaseStatus.SUPPLEMENT_REQUESTED})


# --- extensions (延期, 行政许可法 §42) ---------------------------------------------------------------


def task_deadline(start, step_days: int, pauses, extension_days: int = 0) -> Deadline:
    """A department task's statutory deadline, the rule stated once: the step's working days plus those of an approved
    extension, counted from the task's start, later by the office time the case's clock was paused."""
    return add_working_days(start, step_days + extension_days, pauses=pauses)


def planned_step(case, task) -> dict:
    """The task's step in its case's plan: its statutory days, prerequisites, result fields, what it integrates."""
    return next((step for step in case.plan[task.stage - 1] if step["item"] == task.item_id), {})


def running_deadline(case, task, pauses, *, extension_days: int | None = None) -> Deadline:
    """The deadline of a task under way, by the rule above: from its start, its step's days plus its extension (or
    the extension being decided)."""
    extension_days = task.extension_days if extension_days is None else extension_days
    return task_deadline(task.created_at, planned_step(case, task)["days"], pauses, extension_days=extension_days)


def may_request_extension(user, task) -> bool:
    """An approver of the task's department asks; the head of that department decides."""
    return may_decide_task(user, task)


def may_decide_extension(user, task) -> bool:
    return user.role == Role.DEPT_HEAD and user.department_id == task.department_id


def sees_extensions_of(user, department_id) -> bool:
    """A department's extension requests are read by its head and its approvers (who may not decide them)."""
    return user.role in (Role.DEPT_HEAD, Role.APPROVER) and user.department_id == department_id
