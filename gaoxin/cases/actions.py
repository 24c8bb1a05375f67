"""Every write to a case. Each action is one transaction that locks the case, checks, changes and audits."""

import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoxin.accounts.models import ApplicantKind, Role, User
from gaoxin.cases import hooks, rules
from gaoxin.cases.messages import tell_decision, tell_heads, tell_of_change
from gaoxin.cases.models import (
    EXTENSION_MAX_DAYS,
    FINAL_STATUSES,
    OBJECTION_TEXT_MAX_LENGTH,
    TASK_OUTCOMES,
    Case,
    CaseCounter,
    CaseMaterial,
    CaseStatus,
    Channel,
    ClockPause,
    ExtensionStatus,
    MaterialFile,
    Objection,
    ObjectionAttempt,
    ObjectionStatus,
    ObjectorStanding,
    Task,
    TaskExtension,
    TaskStatus,
    VisitPurpose,
)
from gaoxin.cases.selectors import case_version
from gaoxin.catalog.fields import application_fields, clean_answers
from gaoxin.catalog.models import Bundle, BundleStep, CertificateKind, MaterialKind, PromiseKind, ServiceItem
from gaoxin.catalog.selectors import bundle_requirements, bundle_steps, item_requirements
from gaoxin.core import sql
from gaoxin.core.audit import AuditBatch
from gaoxin.core.errors import Conflict, DomainError, FieldErrors, Forbidden, NotFound, TooManyRequests
from gaoxin.core.uploads import check_upload
from gaoxin.economy.models import Enterprise
from gaoxin.identity.validators import check_resident_id, check_uscc, normalize_phone, phone_error
from gaoxin.notifications.actions import Message, deadline_moved_message, notify, sms_stop_for_phone, when
from gaoxin.notifications.selectors import approvers_by_department
from gaoxin.wallet.actions import wallet_keep
from gaoxin.wallet.selectors import wallet_offers
from gaoxin.workdays.deadlines import add_office_hours, add_working_days
from gaoxin.workdays.recompute import deadline_change, span

S = CaseStatus
STALE_PAGE = gettext_lazy("您打开页面后，该办件已有新的办理记录（可能已被他人处理）。请先核对下面的最新情况。")


@dataclass
class ApplicantDetails:
    kind: str
    name: str
    id_number: str = ""
    uscc: str = ""
    phone: str = ""
    form: dict = field(default_factory=dict)
    # The window's tick 不接收短信: a walk-in who wants no SMS at this phone (docs/decisions/0022-sms-opt-out.md).
    no_sms: bool = False


@contextmanager
def _changing(case: Case, version: int | None = None):
    """Lock the case for this transaction and collect the change's audit events, written once at the end.

    `version` is the case's version (its newest audit event) that the person saw: if someone acted since, the
    action is refused inside the lock, so two people deciding from the same page cannot both win."""
    with transaction.atomic():
        locked = _locked(case)
        if version is not None and version != case_version(locked):
            raise Conflict(STALE_PAGE, field="version")
        audit = AuditBatch("case", locked.pk)
        yield locked, audit
        hooks.case_changed(case=locked, audit=audit)
        tell_of_change(locked, audit.write())


# --- creation -------------------------------------------------------------------------------------


def case_create(
    *,
    actor: User,
    details: ApplicantDetails,
    item_code: str | None = None,
    bundle_code: str | None = None,
    optional_step_ids: list[int] | None = None,
) -> Case:
    """A draft case for one item or one bundle, with its de-duplicated material list and its plan of steps."""
    if not rules.may_apply(actor):
        raise Forbidden(_("只有申请人或综合窗口可以发起申请"))
    _check_applicant(details)
    item, bundle = _resolve_target(item_code, bundle_code)
    form = clean_answers(application_fields(bundle), details.form, prefix="form")
    chosen = _chosen_optional_steps(bundle, optional_step_ids or [])
    if bundle:
        steps = bundle_steps(bundle, chosen)
        requirements, plan = bundle_requirements(bundle, steps=steps), _plan_of_steps(steps)
    else:
        requirements, plan = item_requirements(item), [[_planned_step(item)]]
    target = bundle or item
    as_agent = _check_standing(details, plan, requirements)
    at_window = actor.role == Role.CLERK
    with transaction.atomic():
        case = Case(
            number=_next_case_number(),
            item=item,
            bundle=bundle,
            plan=plan,
            promise_kind=target.promise_kind,
            promise_value=target.promise_value,
            applicant=None if at_window else actor,
            created_by=actor,
            channel=Channel.WINDOW if at_window else Channel.ONLINE,
            applicant_kind=details.kind,
            applicant_name=details.name.strip(),
            applicant_id_number=details.id_number.strip().upper(),
            applicant_uscc=details.uscc.strip().upper(),
            contact_phone=normalize_phone(details.phone) or "",
            form=form,
            visits=1 if at_window else 0,  # a walk-in registered at the window has come once
            visits_allowed=target.max_visits,
        )
        sql.insert(case)
        if chosen:
            case.chosen_steps.set(chosen)
        proved = {
            r.material.pk for r in requirements if r.material.certificate_kind == CertificateKind.BUSINESS_LICENSE
        }
        license = hooks.certificate_for(CertificateKind.BUSINESS_LICENSE, case) if proved else None
        CaseMaterial.objects.bulk_create(
            CaseMaterial(
                case=case,
                material_id=r.material.pk,
                # An agent acting for the company hands in its power of attorney, whatever the item says of it.
                required=r.required or (as_agent and r.material.authorizes_agent),
                certificate=license if r.material.pk in proved else None,
            )
            for r in requirements
        )
        audit = AuditBatch("case", case.pk, new_chain=True)
        audit.add(
            actor=actor,
            action="create",
            to_state=S.DRAFT,
            data={"number": case.number, "channel": case.channel, "target": target.code}
            | ({"standing": "agent" if as_agent else "legal_representative"} if rules.needs_standing(plan) else {}),
        )
        if at_window:
            _audit_visit(audit, actor, case, VisitPurpose.REGISTER)
        audit.write()
        if at_window and details.no_sms and case.contact_phone:
            sms_stop_for_phone(phone=case.contact_phone, actor=actor)
    return case


def _check_applicant(details: ApplicantDetails) -> None:
    if details.kind not in ApplicantKind.values:
        raise DomainError(_("申请人类型应为 person（自然人）或 enterprise（企业）"), field="applicant.kind")
    if not details.name.strip():
        raise DomainError(_("请填写申请人姓名或名称"), field="applicant.name")
    if details.kind == ApplicantKind.ENTERPRISE:
        result = check_uscc(details.uscc)
        if not result.valid:
            raise DomainError(result.error, field="applicant.uscc")
    if details.phone.strip() and normalize_phone(details.phone) is None:
        raise DomainError(phone_error(), field="applicant.phone")
    if details.kind == ApplicantKind.PERSON or details.id_number:
        result = check_resident_id(details.id_number)
        if not result.valid:
            raise DomainError(result.error, field="applicant.id_number")


def _check_standing(details: ApplicantDetails, plan: list[list[dict]], requirements) -> bool:
    """Refuse whoever may not start this case in the company's name (rules.standing_error); True for an agent, whose
    power of attorney the case then requires."""
    if not rules.needs_standing(plan):
        return False
    # The legal representative is compared by digest: their number need not be decrypted.
    company = Enterprise.objects.defer("legal_representative_id").filter(uscc=details.uscc.strip().upper()).first()
    id_number = details.id_number.strip().upper()
    error = rules.standing_error(
        kind=details.kind,
        id_number=id_number,
        company=company,
        takes_power_of_attorney=any(r.material.authorizes_agent for r in requirements),
    )
    if error is not None:
        raise error
    return not rules.is_legal_representative(id_number, company)


def _resolve_target(item_code, bundle_code) -> tuple[ServiceItem | None, Bundle | None]:
    if bool(item_code) == bool(bundle_code):
        raise DomainError(_("请指定一个事项（item）或一件事（bundle），二者选一"), field="item")
    if bundle_code:
        bundle = Bundle.objects.filter(code=bundle_code, active=True).first()
        if bundle is None:
            raise DomainError(_("一件事“%(code)s”不存在") % {"code": bundle_code}, field="bundle")
        return None, bundle
    item = ServiceItem.objects.filter(code=item_code).first()
    if item is None:
        raise DomainError(_("事项编码“%(code)s”不存在") % {"code": item_code}, field="item")
    return item, None


def _chosen_optional_steps(bundle: Bundle | None, step_ids: list[int]) -> list[BundleStep]:
    if not step_ids:
        return []
    if bundle is None:
        raise DomainError(_("单个事项没有可选步骤"), field="optional_steps")
    steps = list(BundleStep.objects.filter(stage__bundle=bundle, optional=True, pk__in=step_ids))
    unknown = set(step_ids) - {s.pk for s in steps}
    if unknown:
        raise DomainError(
            _("步骤 %(steps)s 不是本一件事的可选步骤") % {"steps": sorted(unknown)}, field="optional_steps"
        )
    return steps


def _plan_of_steps(steps: list[BundleStep]) -> list[list[dict]]:
    """The stages the case will go through, each a list of the department steps that run in parallel."""
    stages: dict[int, list[dict]] = {}
    for step in steps:
        stages.setdefault(step.stage.order, []).append(_planned_step(step.item, step))
    return list(stages.values())


def _planned_step(item: ServiceItem, step: BundleStep | None = None) -> dict:
    """One step as the case keeps it: its item and department, time limits, prerequisites and what it produces."""
    return {
        "item": item.pk,
        "code": item.code,
        "department": item.department_id,
        "optional": step.optional if step else False,
        "days": item.statutory_days,
        "notice_days": item.notice_days,
        "issues": item.issues_certificate,
        "requires": step.requires if step else [],
        "result_fields": step.result_fields if step else [],
        "integrates": step.integrates if step else [],
    }


TAKE_CASE_NUMBER = "UPDATE cases_casecounter SET last = last + 1 WHERE year = %s RETURNING last"


def _next_case_number() -> str:
    """One more than the year's last number, taken by one UPDATE that also locks the year's row."""
    year = timezone.localdate().year
    taken = sql.first_column(TAKE_CASE_NUMBER, [year])
    if not taken:
        try:
            with transaction.atomic():
                CaseCounter.objects.create(year=year)
        except IntegrityError:
            pass  # another request created this year's counter first
        taken = sql.first_column(TAKE_CASE_NUMBER, [year])
    return f"{settings.GAOXIN['CASE_NUMBER_PREFIX']}{year}{taken[0]:06d}"


# --- the applicant's side -------------------------------------------------------------------------


def case_upload_material(*, case: Case, actor: User, material_code: str, uploaded) -> MaterialFile:
    """Store one file for one of the case's materials; answering a correction clears its flag."""
    checked = check_upload(uploaded)
    with _changing(case) as (case, audit):
        if not rules.may_act_as_applicant(actor, case):
            raise Forbidden(_("只有申请人本人（或窗口办件的综合窗口）可以上传材料"))
        _require_materials_open(case)
        material, kind = _case_material_of_code(case, material_code)
        stored = MaterialFile(
            case_material=material,
            original_name=checked.safe_name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=actor,
        )
        # Stored under a fresh UUID: no name collisions to probe for, and no user-chosen name on disk.
        stored.file.save(f"{uuid.uuid4().hex}.{checked.extension}", uploaded, save=False)
        try:
            sql.insert(stored)
            if material.needs_correction:
                CaseMaterial.objects.filter(pk=material.pk).update(needs_correction=False)
            if rules.is_owner(actor, case):
                subjects = rules.case_subjects(case)
                wallet_keep(owner=actor, material=kind, stored=stored, case_number=case.number, subjects=subjects)
            audit.add(
                actor=actor,
                action="upload",
                from_state=case.status,
                to_state=case.status,
                data={"material": material_code, "name": checked.safe_name, "sha256": checked.sha256},
            )
            audit.write()
        except Exception:
            stored.file.delete(save=False)
            raise
    return stored


def _case_material_of_code(case: Case, code: str) -> tuple[CaseMaterial, MaterialKind]:
    """The case's material of this kind, with what the wallet needs of its kind, in one statement."""
    found = sql.rows(
        "SELECT cm.id, cm.needs_correction, m.id, m.reuse_scope, m.reuse_valid_days FROM cases_casematerial cm "
        "JOIN catalog_materialkind m ON m.id = cm.material_id WHERE cm.case_id = %s AND m.code = %s",
        [sql.db_value(Case, "id", case.pk), code],
    )
    if not found:
        raise DomainError(_("本办件不需要材料“%(code)s”") % {"code": code}, field="material")
    material_id, needs_correction, kind_id, scope, valid_days = found[0]
    kind = MaterialKind(pk=kind_id, code=code, reuse_scope=scope, reuse_valid_days=valid_days)
    material = CaseMaterial(
        pk=material_id, case_id=case.pk, material_id=kind_id, needs_correction=bool(needs_correction)
    )
    return material, kind


def case_use_wallet(*, case: Case, actor: User, material_codes: list[str]) -> list[str]:
    """Hand in the kept papers the applicant chose, each one offered to this case (wallet.rules.fits: the same
    person, company or property, within its validity). Each is taken or left on its own: nothing is taken unasked.

    A material the window flagged for correction is not taken from the wallet: it needs a new file."""
    if not material_codes:
        raise DomainError(_("请选择要从材料钱包使用的材料"), field="materials")
    with _changing(case) as (case, audit):
        if not rules.is_owner(actor, case):
            raise Forbidden(_("只有申请人本人可以使用自己的材料钱包"))
        _require_materials_open(case)
        missing = case.materials.filter(files__isnull=True, certificate__isnull=True, needs_correction=False)
        missing = list(missing.filter(material__code__in=material_codes).select_related("material"))
        documents = wallet_offers(
            actor, [m.material_id for m in missing], rules.case_subjects(case), timezone.localdate()
        )
        used = [m for m in missing if m.material_id in documents]
        not_offered = [code for code in dict.fromkeys(material_codes) if code not in {m.material.code for m in used}]
        if not_offered:
            raise DomainError(
                _("材料钱包中没有可用于本办件的这些材料：%(materials)s") % {"materials": _listing(not_offered)},
                field="materials",
            )
        MaterialFile.objects.bulk_create(
            MaterialFile(
                case_material=m,
                file=documents[m.material_id].file.name,
                original_name=documents[m.material_id].original_name,
                content_type=documents[m.material_id].content_type,
                size=documents[m.material_id].size,
                sha256=documents[m.material_id].sha256,
                uploaded_by=actor,
                from_wallet=True,
            )
            for m in used
        )
        codes = [m.material.code for m in used]
        if codes:
            audit.add(
                actor=actor,
                action="use_wallet",
                from_state=case.status,
                to_state=case.status,
                data={"materials": codes},
            )
    return codes


def _require_materials_open(case: Case) -> None:
    """Materials change only while the applicant holds the case."""
    if case.status not in rules.UPLOAD_STATUSES:
        raise Conflict(
            _("办件状态为“%(status)s”，不能上传材料") % {"status": case.get_status_display()}, field="status"
        )


def case_submit(*, case: Case, actor: User, version: int | None = None) -> Case:
    with _changing(case, version) as (case, audit):
        if not rules.may_act_as_applicant(actor, case):
            raise Forbidden(_("只有申请人本人（或窗口办件的综合窗口）可以提交"))
        _transition(case, "submit")
        _check_materials_complete(case)
        if case.status in rules.ANSWERS_AT_WINDOW_COUNT_A_VISIT and rules.may_act_as_window(actor):
            _count_visit(case, audit, actor, VisitPurpose.CORRECT)  # the walk-in came back with the corrections
        now = timezone.now()
        if case.status == S.SUPPLEMENT_REQUESTED:
            _resume_after_supplement(case, now)
        else:
            case.submitted_at = now
        _move(case, audit, actor, "submit", fields=["submitted_at", "deadline", "deadline_provisional"])
    return case


def case_withdraw(*, case: Case, actor: User, reason: str = "", version: int | None = None) -> Case:
    with _changing(case, version) as (case, audit):
        if not (rules.is_owner(actor, case) or (rules.is_walk_in(case) and rules.may_act_as_window(actor))):
            raise Forbidden(_("只有申请人本人可以撤回"))
        _transition(case, "withdraw")
        now = timezone.now()
        _close_open_tasks(case, now)
        ClockPause.objects.filter(case=case, ended_at__isnull=True).update(ended_at=now)
        case.decided_at = now
        _move(case, audit, actor, "withdraw", reason=reason, fields=["decided_at"])
    return case


def case_record_visit(*, case: Case, clerk: User, purpose: str, version: int | None = None) -> Case:
    """少跑腿: the applicant came to the hall for this case (to collect the result, say); the window records it."""
    if purpose not in VisitPurpose.values:
        raise DomainError(_("来厅事由无效"), field="purpose")
    with _changing(case, version) as (case, audit):
        if not (rules.is_walk_in(case) and rules.may_act_as_window(clerk)):
            raise Forbidden(_("只有综合窗口可以登记窗口办件的来厅次数"))
        _count_visit(case, audit, clerk, purpose)
    return case


def _count_visit(case: Case, audit: AuditBatch, actor: User, purpose: str) -> None:
    case.visits += 1
    sql.save_fields(case, ["visits"])
    _audit_visit(audit, actor, case, purpose)


def _audit_visit(audit: AuditBatch, actor: User, case: Case, purpose: str) -> None:
    audit.add(
        actor=actor,
        action="visit",
        from_state=case.status,
        to_state=case.status,
        reason=str(VisitPurpose(purpose).label),
        data={"purpose": purpose, "visits": case.visits, "allowed": case.visits_allowed},
    )


def _check_materials_complete(case: Case) -> None:
    """Every required material has a file or a license standing in for it, and none waits for a correction."""
    rows = sql.rows(
        "SELECT m.name, cm.required, cm.needs_correction, cm.certificate_id IS NOT NULL, EXISTS "
        "(SELECT 1 FROM cases_materialfile f WHERE f.case_material_id = cm.id) FROM cases_casematerial cm "
        "JOIN catalog_materialkind m ON m.id = cm.material_id WHERE cm.case_id = %s ORDER BY cm.id",
        [sql.db_value(Case, "id", case.pk)],
    )
    names = [
        name
        for name, required, flagged, proved, has_file in rows
        if rules.material_missing(
            required=bool(required), needs_correction=bool(flagged), has_file=bool(has_file), proved=bool(proved)
        )
    ]
    if names:
        raise DomainError(
            _("以下材料尚未提交或尚待补正：%(materials)s") % {"materials": _listing(names)}, field="materials"
        )


def _listing(names) -> str:
    # Translators: the separator between the names in a list of materials (Chinese 顿号).
    return _("、").join(names)


# --- the window -----------------------------------------------------------------------------------


def case_accept(*, case: Case, clerk: User, note: str = "", version: int | None = None) -> Case:
    """受理: the clock starts and the first stage's tasks open; an immediate case is decided on the spot."""
    with _changing(case, version) as (case, audit):
        _require_window(clerk)
        _transition(case, "accept")
        now = timezone.now()
        case.accepted_at = now
        case.clerk_note = note
        fields = ["accepted_at", "clerk_note", "deadline", "deadline_provisional"]
        if case.promise_kind == PromiseKind.IMMEDIATE:
            case.deadline, case.deadline_provisional = now, False
            _move(case, audit, clerk, "accept", reason=note, fields=fields)
            _decide_immediately(case, audit, clerk, now)
        else:
            _set_case_deadline(case, pauses=[])
            _move(case, audit, clerk, "accept", reason=note, fields=fields)
            _open_next_stage(case, audit, clerk, now)
    return case


def case_not_accept(*, case: Case, clerk: User, reason: str, version: int | None = None) -> Case:
    if not reason.strip():
        raise DomainError(_("不予受理必须说明理由"), field="reason")
    with _changing(case, version) as (case, audit):
        _require_window(clerk)
        _transition(case, "not_accept")
        case.decided_at = timezone.now()
        case.decision_reason = reason.strip()
        _move(case, audit, clerk, "not_accept", reason=reason.strip(), fields=["decided_at", "decision_reason"])
    return case


def case_request_corrections(
    *, case: Case, clerk: User, corrections: dict[str, str], note: str = "", version: int | None = None
) -> Case:
    """一次性告知 (行政许可法 §32): every material to supply or correct is named at once, each with its own reason
    (material code → reason); `note` is the window's optional word on the whole."""
    if not corrections:
        raise DomainError(_("请勾选需要补正的全部材料"), field="materials")
    note = note.strip()
    with _changing(case, version) as (case, audit):
        _require_window(clerk)
        _transition(case, "request_corrections")
        flagged = _flag_materials(case, corrections)
        case.clerk_note = note
        _move(
            case, audit, clerk, "request_corrections", reason=note, data={"materials": flagged}, fields=["clerk_note"]
        )
    return case


def _flag_materials(case: Case, corrections: dict[str, str]) -> list[dict]:
    """Flag each material named with its own reason. Returns them as the audit event keeps them, in the case's order:
    the 补正材料通知书 is written from that event."""
    materials = list(case.materials.select_related("material"))
    codes = {m.material.code for m in materials}
    unknown = [code for code in corrections if code not in codes]
    if unknown:
        raise DomainError(_("本办件没有这些材料：%(materials)s") % {"materials": _listing(unknown)}, field="materials")
    reasons = rules.correction_reasons(corrections, {m.material.code: m.material.name for m in materials})
    flagged = [m for m in materials if m.material.code in reasons]
    for material in flagged:
        material.needs_correction, material.correction_note = True, reasons[material.material.code]
    CaseMaterial.objects.bulk_update(flagged, ["needs_correction", "correction_note"])
    return [{"code": m.material.code, "name": m.material.name, "reason": m.correction_note} for m in flagged]


def _require_window(user: User) -> None:
    if not rules.may_act_as_window(user):
        raise Forbidden(_("只有综合窗口可以受理"))


def _decide_immediately(case: Case, audit: AuditBatch, clerk: User, now: datetime) -> None:
    """即办: the window decides every step at acceptance."""
    tasks = []
    for number, stage in enumerate(case.plan, start=1):
        for step in stage:
            task = _new_task(case, step, number, now, pauses=[])
            task.status, task.decided_at, task.decided_by = TaskStatus.APPROVED, now, clerk
            tasks.append(task)
    Task.objects.bulk_create(tasks)
    for task in tasks:
        _audit_task(audit, case, clerk, "task_approve", task, reason="即办件当场办结")
    case.decided_at, case.current_stage = now, len(case.plan)
    _move(case, audit, clerk, "complete", fields=["decided_at", "current_stage"])


# --- departments ----------------------------------------------------------------------------------


def task_approve(
    *, task: Task, approver: User, note: str = "", result: dict | None = None, version: int | None = None
) -> Task:
    """准予, with the step's result as its result fields define it (checked; every wrong field named at once)."""
    return _task_decide(
        task=task, approver=approver, outcome=TaskStatus.APPROVED, reason=note, result=result, version=version
    )


def task_deny(*, task: Task, approver: User, reason: str, version: int | None = None) -> Task:
    if not reason.strip():
        raise DomainError(_("不予许可必须说明理由"), field="reason")
    return _task_decide(task=task, approver=approver, outcome=TaskStatus.DENIED, reason=reason.strip(), version=version)


def task_return(
    *,
    task: Task,
    approver: User,
    reason: str,
    corrections: dict[str, str] | None = None,
    version: int | None = None,
) -> Task:
    """退回补充: the case waits for the applicant and the clock stops until they resubmit. `reason` says what to
    supplement; each material named (material code → reason) is flagged with its own reason."""
    reason = reason.strip()
    if not reason:
        raise DomainError(_("退回补充必须说明需要补充的内容"), field="reason")
    with _changing(Case(pk=task.case_id), version) as (case, audit):
        task = _locked_task(task, approver)
        _transition(case, "task_return")
        now = timezone.now()
        flagged = _flag_materials(case, corrections) if corrections else []
        task.status, task.reason = TaskStatus.RETURNED, reason
        task.save(update_fields=["status", "reason"])
        if not case.pauses.filter(ended_at__isnull=True).exists():
            ClockPause.objects.create(case=case, started_at=now, reason="退回补充")
        case.clock_was_paused = True
        _audit_task(audit, case, approver, "task_return", task, reason=reason, materials=flagged)
        _move(case, audit, approver, "task_return", event="wait_for_applicant", fields=["clock_was_paused"])
    return task


def _task_decide(
    *, task: Task, approver: User, outcome: str, reason: str, result: dict | None = None, version: int | None = None
) -> Task:
    with _changing(Case(pk=task.case_id), version) as (case, audit):
        task = _locked_task(task, approver)
        _transition(case, "task_decide")
        now = timezone.now()
        if outcome == TaskStatus.APPROVED and task.waits_until and now < task.waits_until:
            end = timezone.localtime(task.waits_until).strftime("%Y-%m-%d %H:%M")
            raise Conflict(_("公示期至 %(end)s 届满，届满且无异议后方可办结") % {"end": end}, field="status")
        # Only a public notice takes objections: other steps are spared the query.
        if outcome == TaskStatus.APPROVED and task.waits_until and _objections_pending(task):
            raise Conflict(_("公示期内收到的异议尚未核查，核查后方可办结"), field="status")
        step = rules.planned_step(case, task)
        if outcome == TaskStatus.APPROVED:
            result = clean_answers(step.get("result_fields", []), result, prefix="result")
        elif result:
            raise DomainError(_("只有准予时才填写办理结果"), field="result")
        action = "task_approve" if outcome == TaskStatus.APPROVED else "task_deny"
        _record_decision(case, audit, task, approver, outcome, reason, now, action=action, result=result or {})
    return task


def _record_decision(
    case: Case, audit: AuditBatch, task: Task, actor, outcome: str, reason: str, now, *, action, result=None
):
    """A step decided on its own: a granted step records its result (and what the apps above add to it, such as
    the license); the last decision of a stage opens the next one, whose steps that need a refused one end."""
    task.status, task.decided_at, task.decided_by, task.reason = outcome, now, actor, reason
    task.result = result or {}
    sql.save_fields(task, ["status", "decided_at", "decided_by", "reason", "result"])
    if outcome == TaskStatus.APPROVED:
        # Saved first: what the apps above do (the license's integrated list) reads the step as granted.
        added = hooks.step_granted(case=case, task=task, step=rules.planned_step(case, task), actor=actor)
        if added:
            task.result |= added
            sql.save_fields(task, ["result"])
    _audit_task(audit, case, actor, action, task, reason, result=task.result)
    if _stage_done(case):
        _open_next_stage(case, audit, actor, now)


# --- public notices (公示) -------------------------------------------------------------------------


@dataclass
class ObjectionDetails:
    """What an objector says: name and contact may be blank (anonymous), the standing and the text may not."""

    standing: str
    text: str
    name: str = ""
    contact: str = ""


def case_register_objection(
    *,
    notice: Task,
    details: ObjectionDetails,
    actor: User | None = None,
    evidence=None,
    source: str = "",
    now: datetime | None = None,
) -> Objection:
    """Record an objection to a running public notice (公示). It holds the notice: the step cannot be granted, nor
    end by itself, until the notice's department has found the objection founded or not (objection_resolve).

    Lodged by anyone on the public page or the API (anonymously too) or by the window for one received on paper.
    Objections from one source address are counted (GAOXIN["OBJECTION_LIMIT"] per window) except the window's."""
    details = _clean_objection(details)
    checked = check_upload(evidence, field="evidence") if evidence is not None else None
    now = now or timezone.now()
    with _changing(Case(pk=notice.case_id)) as (case, audit):
        notice = Task.objects.select_for_update(of=("self",)).select_related("item").get(pk=notice.pk)
        if not rules.may_register_objection(notice, case, now):
            raise Conflict(_("该公示已结束，不再受理异议"), field="notice")
        if actor is None or not rules.may_act_as_window(actor):
            _count_objection_attempt(source, now)
        objection = Objection(
            receipt=_objection_receipt(now),
            task=notice,
            case=case,
            lodged_at=now,
            lodged_by=actor if actor is not None and actor.is_authenticated else None,
            **vars(details),
        )
        if checked is not None:
            objection.evidence_name, objection.evidence_type = checked.safe_name, checked.content_type
            objection.evidence_sha256 = checked.sha256
            objection.evidence.save(checked.safe_name, evidence, save=False)
        objection.save()
        stated = _("公示期内收到异议（回执 %(receipt)s，%(standing)s）：%(text)s") % {
            "receipt": objection.receipt,
            "standing": objection.get_standing_display(),
            "text": details.text,
        }
        data = {"objection": str(objection.pk), "receipt": objection.receipt, "standing": details.standing}
        _audit_task(audit, case, objection.lodged_by, "objection_lodged", notice, stated, result=data)
    return objection


def _clean_objection(details: ObjectionDetails) -> ObjectionDetails:
    cleaned = ObjectionDetails(
        standing=(details.standing or "").strip(),
        text=(details.text or "").strip(),
        name=(details.name or "").strip(),
        contact=(details.contact or "").strip(),
    )
    errors = {}
    if cleaned.standing not in ObjectorStanding.values:
        errors["standing"] = _("请选择您与该企业的关系")
    if not cleaned.text:
        errors["text"] = _("请填写异议内容")
    elif len(cleaned.text) > OBJECTION_TEXT_MAX_LENGTH:
        errors["text"] = _("异议内容不能超过 %(n)s 字") % {"n": OBJECTION_TEXT_MAX_LENGTH}
    for name in ("name", "contact"):
        if len(getattr(cleaned, name)) > 100:
            errors[name] = _("不能超过 100 字")
    if errors:
        raise FieldErrors(errors)
    return cleaned


def _count_objection_attempt(source: str, now: datetime) -> None:
    """One more objection from this address in the current window, or 429 at the limit. The conditional UPDATE is
    the count: two requests in parallel cannot both take the last place (the row is locked by the first)."""
    limit, window = settings.GAOXIN["OBJECTION_LIMIT"], settings.GAOXIN["OBJECTION_WINDOW_SECONDS"]
    seconds = int(now.timestamp())
    start = datetime.fromtimestamp(seconds - seconds % window, tz=UTC)
    source = (source or "unknown")[:64]
    ObjectionAttempt.objects.bulk_create(
        [ObjectionAttempt(source=source, window_start=start, count=0)], ignore_conflicts=True
    )
    taken = ObjectionAttempt.objects.filter(source=source, window_start=start, count__lt=limit).update(
        count=F("count") + 1
    )
    if not taken:
        retry_after = max(1, int((start + timedelta(seconds=window) - now).total_seconds()))
        raise TooManyRequests(
            _("提交异议过于频繁，请 %(minutes)s 分钟后再试") % {"minutes": retry_after // 60 + 1},
            retry_after=retry_after,
        )


def _objection_receipt(now: datetime) -> str:
    """YY20261203-7F3A9C2E: the day, and eight random hex digits nobody can guess from another receipt."""
    return f"YY{timezone.localtime(now):%Y%m%d}-{uuid.uuid4().hex[:8].upper()}"


def objection_resolve(*, objection: Objection, actor: User, upheld: bool, note: str) -> Objection:
    """The notice's department finds an objection founded — the step is denied and, as the law wants it, the simplified
    deregistration ends (公示期内有异议的，不予简易注销) — or not, with its reasons. A notice whose period is over and
    that has no other pending objection then ends as it would have (公示期满, 异议已核查不成立)."""
    note = (note or "").strip()
    if not note:
        raise DomainError(_("请填写核查意见"), field="note")
    with _changing(Case(pk=objection.case_id)) as (case, audit):
        objection = Objection.objects.select_for_update().get(pk=objection.pk)
        notice = Task.objects.select_for_update(of=("self",)).select_related("item").get(pk=objection.task_id)
        if not rules.may_resolve_objection(actor, notice):
            raise NotFound(_("未找到该异议"))
        if objection.status != ObjectionStatus.PENDING:
            raise Conflict(_("该异议已核查：%(status)s") % {"status": objection.get_status_display()}, field="status")
        now = timezone.now()
        objection.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED
        objection.resolution, objection.resolved_at, objection.resolved_by = note, now, actor
        objection.save(update_fields=["status", "resolution", "resolved_at", "resolved_by"])
        data = {"objection": str(objection.pk), "receipt": objection.receipt}
        words = _("异议成立（回执 %(receipt)s）：%(note)s") if upheld else _("异议不成立（回执 %(receipt)s）：%(note)s")
        stated = words % {"receipt": objection.receipt, "note": note}
        if upheld and notice.status == TaskStatus.OPEN:
            _record_decision(case, audit, notice, actor, TaskStatus.DENIED, stated, now, action="objection_upheld")
            return objection
        action = "objection_upheld" if upheld else "objection_dismissed"
        _audit_task(audit, case, actor, action, notice, stated, result=data)
        if _notice_may_end(notice, now):
            ended = _("公示期满，异议已核查不成立")
            _record_decision(case, audit, notice, None, TaskStatus.APPROVED, ended, now, action="notice_end")
    return objection


def _notice_may_end(notice: Task, now: datetime) -> bool:
    """Its period over, still open, and no objection waiting to be looked into."""
    return (
        notice.status == TaskStatus.OPEN
        and notice.waits_until is not None
        and notice.waits_until <= now
        and not _objections_pending(notice)
    )


def _objections_pending(notice: Task) -> bool:
    return notice.objections.filter(status=ObjectionStatus.PENDING).exists()


def notices_elapse(*, now: datetime | None = None) -> int:
    """End every public notice whose period has run out without objection; run by the scheduler (cases_tick)."""
    now = now or timezone.now()
    due = (
        Task.objects.filter(status=TaskStatus.OPEN, waits_until__lte=now)
        .exclude(objections__status=ObjectionStatus.PENDING)
        .values_list("pk", "case_id")
    )
    ended = 0
    for task_id, case_id in list(due):
        with _changing(Case(pk=case_id)) as (case, audit):
            task = Task.objects.select_for_update(of=("self",)).select_related("item").get(pk=task_id)
            if not _notice_may_end(task, now) or case.status not in rules.CASE_TRANSITIONS["task_decide"]:
                continue  # decided, stopped or objected to meanwhile
            _record_decision(
                case, audit, task, None, TaskStatus.APPROVED, _("公示期满无异议"), now, action="notice_end"
            )
            ended += 1
    return ended


def _locked_task(task: Task, approver: User) -> Task:
    task = sql.one(Task, "FROM cases_task WHERE id = %s" + sql.for_update(), [sql.db_value(Task, "id", task.pk)])
    if task is None or not rules.may_decide_task(approver, task):
        raise NotFound(_("未找到该任务"))
    if task.status not in rules.TASK_DECIDABLE:
        raise Conflict(_("任务状态为“%(status)s”，不能再办理") % {"status": task.get_status_display()}, field="status")
    return task


def _stage_done(case: Case) -> bool:
    """Every step of the current stage has its outcome; one waiting for the applicant's supplement holds it open."""
    return not sql.exists(
        "SELECT 1 FROM cases_task WHERE case_id = %s AND stage = %s AND status NOT IN (%s, %s, %s)",
        [sql.db_value(Case, "id", case.pk), case.current_stage, *TASK_OUTCOMES],
    )


# --- stages, tasks and deadlines ------------------------------------------------------------------


def _open_next_stage(case: Case, audit: AuditBatch, actor: User, now: datetime) -> None:
    """Open the next stage's steps; a step whose prerequisite was not granted ends at once as 终止, with the reason.
    A stage that ends entirely so passes to the next; after the last, the case ends with its steps' outcomes."""
    while case.current_stage < len(case.plan):
        number = case.current_stage + 1
        outcomes = _outcomes(case)
        pauses = _closed_pauses(case)
        stage = case.plan[case.current_stage]
        blocking = [_refused_prerequisites(step, outcomes) for step in stage]
        names = _item_names({code for codes in blocking for code in codes})
        tasks = []
        for step, refused in zip(stage, blocking, strict=True):
            task = _new_task(case, step, number, now, pauses)
            if refused:
                task.status, task.decided_at = TaskStatus.TERMINATED, now
                task.reason = _terminated_reason(refused, outcomes, names)
            tasks.append(task)
        Task.objects.bulk_create(tasks)
        case.current_stage = number
        Case.objects.filter(pk=case.pk).update(current_stage=number)
        for task in tasks:
            terminated = task.status == TaskStatus.TERMINATED
            _audit_task(audit, case, actor, "task_terminate" if terminated else "task_open", task, task.reason)
        if any(task.status == TaskStatus.OPEN for task in tasks):
            return
    _finish(case, audit, actor, now)


def _outcomes(case: Case) -> dict[str, str]:
    """The status of each step the case has opened so far, by its item's code."""
    codes = {step["item"]: step["code"] for stage in case.plan for step in stage}
    rows = sql.rows("SELECT item_id, status FROM cases_task WHERE case_id = %s", [sql.db_value(Case, "id", case.pk)])
    return {codes[item_id]: status for item_id, status in rows}


def _refused_prerequisites(step: dict, outcomes: dict[str, str]) -> list[str]:
    """The prerequisites of a step that the case opened and did not grant (one not in its plan does not block)."""
    return [code for code in step.get("requires", []) if outcomes.get(code, TaskStatus.APPROVED) != TaskStatus.APPROVED]


def _item_names(codes: set[str]) -> dict[str, str]:
    """Item names by code, read once for a stage, and only when a step of it is blocked."""
    return dict(ServiceItem.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}


def _terminated_reason(blocking: list[str], outcomes: dict[str, str], names: dict[str, str]) -> str:
    listed = _listing(
        _("“%(item)s”%(outcome)s") % {"item": names[code], "outcome": TaskStatus(outcomes[code]).label}
        for code in blocking
    )
    return _("前置事项%(steps)s，本事项终止") % {"steps": listed}


def _finish(case: Case, audit: AuditBatch, actor, now: datetime) -> None:
    """办结 when every step was granted, 部分办结 when some were, 不予许可 when none; each step keeps its outcome."""
    tasks = sorted(case.tasks.select_related("item"), key=rules.in_plan_order(case))
    granted = [t for t in tasks if t.status == TaskStatus.APPROVED]
    refused = [t for t in tasks if t.status != TaskStatus.APPROVED]
    action = "complete" if not refused else "complete_partly" if granted else "deny"
    if len(tasks) == 1:
        case.decision_reason = refused[0].reason if refused else ""
    else:
        case.decision_reason = "\n".join(
            _("%(item)s：%(outcome)s（%(reason)s）")
            % {"item": t.item.name, "outcome": t.get_status_display(), "reason": t.reason}
            for t in refused
        )
    case.decided_at = now
    outcomes = {t.item.code: t.status for t in tasks}
    _move(
        case,
        audit,
        actor,
        action,
        reason=case.decision_reason,
        data={"outcomes": outcomes},
        fields=["decided_at", "decision_reason"],
    )


def _new_task(case: Case, step: dict, stage: int, now: datetime, pauses) -> Task:
    waits_until = None
    if step.get("notice_days"):
        # A public notice runs for calendar days and ends by itself; its end is also its deadline.
        waits_until = deadline_at = now + timedelta(days=step["notice_days"])
        provisional = False
    else:
        deadline = rules.task_deadline(now, step["days"], pauses)
        deadline_at, provisional = deadline.at, deadline.provisional
    return Task(
        case=case,
        item_id=step["item"],
        department_id=step["department"],
        stage=stage,
        optional=step["optional"],
        created_at=now,
        waits_until=waits_until,
        deadline=deadline_at,
        deadline_provisional=provisional,
    )


def _set_case_deadline(case: Case, pauses) -> None:
    add = add_office_hours if case.promise_kind == PromiseKind.OFFICE_HOURS else add_working_days
    deadline = add(case.accepted_at, case.promise_value, pauses=pauses)
    case.deadline, case.deadline_provisional = deadline.at, deadline.provisional


def _closed_pauses(case: Case) -> list[tuple[datetime, datetime]]:
    if not case.clock_was_paused:
        return []
    return list(case.pauses.filter(ended_at__isnull=False).values_list("started_at", "ended_at"))


def _resume_after_supplement(case: Case, now: datetime) -> None:
    """The applicant answered: the pause ends, returned tasks reopen, every running limit moves on."""
    case.pauses.filter(ended_at__isnull=True).update(ended_at=now)
    pauses = _closed_pauses(case)
    case.tasks.filter(status=TaskStatus.RETURNED).update(status=TaskStatus.OPEN)
    for task in case.tasks.filter(status=TaskStatus.OPEN):
        deadline = rules.running_deadline(case, task, pauses)
        task.deadline, task.deadline_provisional = deadline.at, deadline.provisional
        task.save(update_fields=["deadline", "deadline_provisional"])
    if case.promise_kind != PromiseKind.IMMEDIATE:
        _set_case_deadline(case, pauses)


def _close_open_tasks(case: Case, now: datetime) -> None:
    case.tasks.filter(status__in=[TaskStatus.OPEN, TaskStatus.RETURNED]).update(
        status=TaskStatus.CLOSED, decided_at=now
    )


# --- shared steps ---------------------------------------------------------------------------------


def _locked(case: Case) -> Case:
    """The case row, locked for this transaction: a concurrent action waits, then sees the new state."""
    locked = sql.one(Case, "FROM cases_case WHERE id = %s" + sql.for_update(), [sql.db_value(Case, "id", case.pk)])
    if locked is None:
        raise NotFound(_("未找到该办件"))
    return locked


def _transition(case: Case, action: str) -> str:
    allowed = rules.CASE_TRANSITIONS[action]
    if case.status not in allowed:
        raise Conflict(
            _("办件当前状态为“%(status)s”，不能%(action)s")
            % {"status": case.get_status_display(), "action": str(rules.ACTION_NAMES[action])},
            field="status",
        )
    return allowed[case.status]


def _move(
    case: Case,
    audit: AuditBatch,
    actor: User,
    action: str,
    *,
    fields: list[str],
    reason: str = "",
    data: dict | None = None,
    event: str = "",
) -> None:
    """Move the case as the transition table says for this action, saving the fields the action changed; the move is
    audited (as `event`, else the action) unless the status stayed where it was."""
    before = case.status
    case.status = _transition(case, action)
    sql.save_fields(case, ["status", *fields])
    if case.status != before:
        audit.add(
            actor=actor, action=event or action, from_state=before, to_state=case.status, reason=reason, data=data
        )


def _audit_task(
    audit: AuditBatch, case: Case, actor: User, action: str, task: Task, reason="", result=None, materials=None
) -> None:
    data = {"task": str(task.pk), "item": task.item_id, "department": task.department_id, "stage": task.stage}
    if result:
        data["result"] = result
    if materials is not None:
        data["materials"] = materials
    audit.add(actor=actor, action=action, from_state=case.status, to_state=case.status, reason=reason, data=data)


# --- calendar changes -----------------------------------------------------------------------------
# Registered with gaoxin.workdays.recompute in CasesConfig.ready(); runs inside the calendar edit's transaction.


def deadlines_recompute(*, years: frozenset[int] | None, actor: User | None) -> int:
    """The deadlines of accepted, undecided cases and of their undecided tasks, as the calendar now counts them.

    Computed as acceptance and resubmission compute them (_set_case_deadline; rules.running_deadline from the task's
    own start, with its extension and the case's closed pauses), so a deadline that the calendar's change does not
    reach comes out the same and is left alone. Each one that changes is saved and audited on its case's chain; the
    people who own it hear that it moved: the approvers of the task's department, the case's applicant. Returns how
    many deadlines changed."""
    tasks = Task.objects.filter(status__in=[TaskStatus.OPEN, TaskStatus.RETURNED], waits_until__isnull=True)
    cases = (
        Case.objects.filter(accepted_at__isnull=False, deadline__isnull=False)
        .exclude(status__in=FINAL_STATUSES)
        .exclude(promise_kind=PromiseKind.IMMEDIATE)
    )
    if (bounds := span(years)) is not None:
        since, until = bounds
        tasks = tasks.filter(deadline__gte=since, created_at__lt=until)
        cases = cases.filter(deadline__gte=since, accepted_at__lt=until)
    # One case at a time, locked as every case action locks it, in one order so that two recomputes cannot deadlock.
    case_ids = sorted({*cases.values_list("pk", flat=True), *tasks.values_list("case_id", flat=True)}, key=str)
    changed, moved = 0, []
    for case_id in case_ids:
        with _changing(Case(pk=case_id)) as (case, audit):
            changed += _recompute_case(case, audit, actor, moved)
    approvers = approvers_by_department(task.department_id for _case, task, _old in moved if task is not None)
    deliveries = []
    for case, task, old in moved:
        if task is not None:
            deliveries += [(person, _task_moved(case, task, old)) for person in approvers.get(task.department_id, [])]
        elif case.applicant_id is not None and case.applicant.is_active:
            deliveries.append((case.applicant, _case_moved(case, old)))
    notify(deliveries)
    return changed


def _recompute_case(case: Case, audit: AuditBatch, actor: User | None, moved: list) -> int:
    if case.is_final:
        return 0
    pauses = _closed_pauses(case)
    changed = 0
    if case.deadline is not None and case.promise_kind != PromiseKind.IMMEDIATE:
        old = case.deadline, case.deadline_provisional
        _set_case_deadline(case, pauses)
        if (case.deadline, case.deadline_provisional) != old:
            sql.save_fields(case, ["deadline", "deadline_provisional"])
            audit.add(
                actor=actor,
                action="deadline_recompute",
                from_state=case.status,
                to_state=case.status,
                data=deadline_change(old, case.deadline, case.deadline_provisional),
            )
            changed += 1
            if case.deadline != old[0]:
                moved.append((case, None, old[0]))
    undecided = case.tasks.filter(status__in=[TaskStatus.OPEN, TaskStatus.RETURNED], waits_until__isnull=True)
    for task in undecided.select_related("item").order_by("stage", "created_at", "id"):
        fresh = rules.running_deadline(case, task, pauses)
        old = task.deadline, task.deadline_provisional
        if (fresh.at, fresh.provisional) == old:
            continue
        task.deadline, task.deadline_provisional = fresh.at, fresh.provisional
        sql.save_fields(task, ["deadline", "deadline_provisional"])
        audit.add(
            actor=actor,
            action="deadline_recompute",
            from_state=case.status,
            to_state=case.status,
            data={
                "task": str(task.pk),
                "item": task.item_id,
                "department": task.department_id,
                "stage": task.stage,
                **deadline_change(old, task.deadline, task.deadline_provisional),
            },
        )
        changed += 1
        if task.deadline != old[0]:
            moved.append((case, task, old[0]))
    return changed


def _task_moved(case: Case, task: Task, old: datetime) -> Message:
    names = {"number": case.number, "item": task.item.name, "old": when(old), "new": when(task.deadline)}
    return deadline_moved_message(
        task.pk,
        _("办件 %(number)s 的“%(item)s”法定时限调整为 %(new)s") % names,
        _("工作日历调整后重新计算：法定时限由 %(old)s 改为 %(new)s。") % names,
        reverse("desk-task", args=[task.pk]),
    )


def _case_moved(case: Case, old: datetime) -> Message:
    names = {"number": case.number, "title": case.title, "old": when(old), "new": when(case.deadline)}
    return deadline_moved_message(
        case.pk,
        _("您的办件 %(number)s 承诺办结时限调整为 %(new)s") % names,
        _("工作日历调整后重新计算：“%(title)s”的承诺办结时限由 %(old)s 改为 %(new)s。") % names,
        reverse("portal-case", args=[case.pk]),
    )


# --- extensions (延期, 行政许可法 §42) ---------------------------------------------------------------
# "二十日内不能作出决定的，经本行政机关负责人批准，可以延长十日，并应当将延长期限的理由告知申请人。"
# An approver asks for up to ten more working days with a reason; the head of the department decides; an approved
# extension moves the task's statutory deadline (rules.task_deadline) and the applicant is told the new deadline and the
# reason. One extension per task: docs/decisions/0016-extensions.md.


def task_extension_request(*, task: Task, approver: User, days: int, reason: str) -> TaskExtension:
    """Ask the department head to extend the task by `days` working days (1 to 10); the heads are told."""
    days = _extension_days(days)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("申请延期必须说明理由"), field="reason")
    with _changing(Case(pk=task.case_id)) as (case, audit):
        task = _locked_task_of_extension(task.pk)
        if task is None or not rules.may_request_extension(approver, task):
            raise NotFound(_("未找到该任务"))
        if task.status != TaskStatus.OPEN:
            raise Conflict(
                _("任务状态为“%(status)s”，不能申请延期") % {"status": task.get_status_display()}, field="status"
            )
        if task.waits_until:
            raise Conflict(_("公示期按日历日计算、期满即结束，不能延期"), field="status")
        now = timezone.now()
        if now > task.deadline:
            expired = {"deadline": _local(task.deadline)}
            raise Conflict(_("法定时限已于 %(deadline)s 届满，不能再申请延期") % expired, field="status")
        _require_not_extended(task)
        extension = TaskExtension.objects.create(
            task=task, requested_by=approver, requested_at=now, days=days, reason=reason
        )
        _audit_extension(audit, case, approver, "extension_request", task, extension, reason=reason)
        transaction.on_commit(lambda: tell_heads(case, task, extension))
    return extension


def task_extension_decide(*, extension: TaskExtension, head: User, approve: bool, note: str = "") -> TaskExtension:
    """The department head approves (the deadline moves, the applicant is told) or refuses (with a reason) a request.

    The case, the task and the request are locked: of two heads deciding at once, the second sees it decided."""
    note = (note or "").strip()
    if not approve and not note:
        raise DomainError(_("不予批准延期必须说明理由"), field="note")
    case_id = Task.objects.filter(extensions=extension.pk).values_list("case_id", flat=True).first()
    if case_id is None:
        raise NotFound(_("未找到该延期申请"))
    with _changing(Case(pk=case_id)) as (case, audit):
        task = _locked_task_of_extension(extension.task_id)
        extension = TaskExtension.objects.select_for_update().filter(pk=extension.pk).first()
        if (
            extension is None
            or task is None
            or not (rules.may_decide_extension(head, task) or rules.sees_extensions_of(head, task.department_id))
        ):
            raise NotFound(_("未找到该延期申请"))
        if not rules.may_decide_extension(head, task):
            raise Forbidden(_("只有本部门负责人可以审批延期申请"))
        if extension.status != ExtensionStatus.REQUESTED:
            raise Conflict(
                _("该延期申请已审批（%(status)s），不能再次审批") % {"status": extension.get_status_display()},
                field="status",
            )
        now = timezone.now()
        if approve:
            _extend(case, task, extension, now)
        extension.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
        extension.decided_by, extension.decided_at, extension.note = head, now, note
        extension.save(
            update_fields=["status", "decided_by", "decided_at", "note", "deadline_before", "deadline_after"]
        )
        action = "extension_approve" if approve else "extension_refuse"
        _audit_extension(audit, case, head, action, task, extension, reason=note)
        transaction.on_commit(lambda: tell_decision(case, task, extension))
    return extension


def _extension_days(days) -> int:
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= EXTENSION_MAX_DAYS:
        raise DomainError(
            _("延长期限应为 1 至 %(max)s 个工作日") % {"max": EXTENSION_MAX_DAYS},
            field="days",
        )
    return days


def _locked_task_of_extension(task_id) -> Task | None:
    return Task.objects.select_for_update(of=("self",)).select_related("item", "department").filter(pk=task_id).first()


def _require_not_extended(task: Task) -> None:
    """One extension per task (§42 "可以延长十日"): none may be pending or approved; a refused one does not count."""
    live = task.extensions.filter(status__in=[ExtensionStatus.REQUESTED, ExtensionStatus.APPROVED]).first()
    if live is None:
        return
    if live.status == ExtensionStatus.REQUESTED:
        raise Conflict(_("本任务已有一项延期申请正在等待部门负责人审批"), field="extension")
    raise Conflict(
        _("本任务已于 %(date)s 批准延期；依法只能延期一次") % {"date": _local(live.decided_at)}, field="extension"
    )


def _extend(case: Case, task: Task, extension: TaskExtension, now: datetime) -> None:
    """The task's deadline recomputed by the rule, with the approved days and the case's clock pauses."""
    if task.status not in (TaskStatus.OPEN, TaskStatus.RETURNED):
        raise Conflict(
            _("任务状态为“%(status)s”，已无需延期，请不予批准") % {"status": task.get_status_display()},
            field="status",
        )
    if task.status == TaskStatus.OPEN and now > task.deadline:
        expired = {"deadline": _local(task.deadline)}
        raise Conflict(_("法定时限已于 %(deadline)s 届满，不能再批准延期") % expired, field="status")
    deadline = rules.running_deadline(case, task, _closed_pauses(case), extension_days=extension.days)
    extension.deadline_before, extension.deadline_after = task.deadline, deadline.at
    task.extension_days = extension.days
    task.deadline, task.deadline_provisional = deadline.at, deadline.provisional
    task.save(update_fields=["extension_days", "deadline", "deadline_provisional"])


def _audit_extension(audit, case, actor, action, task: Task, extension: TaskExtension, reason: str) -> None:
    data = {
        "task": str(task.pk),
        "item": task.item_id,
        "department": task.department_id,
        "stage": task.stage,
        "extension": str(extension.pk),
        "days": extension.days,
    }
    if extension.deadline_after:
        data["deadline_before"] = extension.deadline_before.isoformat()
        data["deadline_after"] = extension.deadline_after.isoformat()
    audit.add(actor=actor, action=action, from_state=case.status, to_state=case.status, reason=reason, data=data)


def _local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


PERSONAL_FIELDS = ("applicant_id_number", "contact_phone")


def case_personal_data(*, case: Case, viewer: User) -> dict[str, str]:
    """The applicant's ID number and phone in full, for whoever handles the case (rules.handles_personal_data);
    every look by staff is recorded on the case's trail, where the applicant sees it too (个人信息保护法 §51, GB/T
    22239-2019 8.1.4.8). `case` comes with its tasks (selectors.case_for_personal_data)."""
    if not rules.handles_personal_data(viewer, case):
        raise Forbidden(_("只有正在办理该办件的人员可以查看完整的身份证号和电话"))
    if not rules.is_owner(viewer, case):
        with transaction.atomic():
            audit = AuditBatch("case", case.pk)
            shown = [name for name in PERSONAL_FIELDS if getattr(case, name)]
            audit.add(actor=viewer, action="personal_data_view", data={"fields": shown})
            audit.write()
    return {name: getattr(case, name) for name in PERSONAL_FIELDS}
