"""The case API: applicants, the window and departments act on cases through the same actions as the pages."""

from typing import Annotated
from uuid import UUID

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status

from gaoxin.accounts.models import Role
from gaoxin.cases import actions, rules, selectors
from gaoxin.cases.models import Task
from gaoxin.cases.schemas import (
    ApproveIn,
    CaseCreateIn,
    CaseListOut,
    CaseOut,
    CorrectionsIn,
    ExtensionDecisionIn,
    ExtensionIn,
    ExtensionListOut,
    ExtensionOut,
    FileOut,
    MaterialReasonIn,
    NoteIn,
    NoticeListOut,
    NoticeOut,
    ObjectionIn,
    ObjectionReceiptOut,
    PersonalDataOut,
    ReasonIn,
    ReturnIn,
    TaskListOut,
    TaskOut,
    UseWalletIn,
    VersionIn,
    WalletOffersOut,
)
from gaoxin.cases.selectors import case_detail, case_summary, extension_out, file_out, task_out, with_extensions
from gaoxin.core import personal
from gaoxin.core.api import AUTH, ERRORS, Count, Line, NonEmptyUpload, Offset, bearer_user, gated, line, require
from gaoxin.core.clients import client_address
from gaoxin.identity.validators import normalize_phone

cases_router = Router(auth=AUTH, tags=["办件 cases"])
tasks_router = Router(auth=AUTH, tags=["部门任务 tasks"])
extensions_router = Router(auth=AUTH, tags=["延期 extensions"])
# Public notices are public (公示): read and objected to without an account.
notices_router = Router(auth=None, tags=["公示 notices"])


# Gates (see gaoxin.core.api.gated): who may act, decided before the body is read. A case the person may not see is
# a 404 first; the actions check again, for the pages and for what the gate cannot know (the case's state).


def _may_apply(user, **path):
    require(rules.may_apply(user), _("只有申请人或综合窗口可以发起申请"))


def _applicant_side(user, case_id, **path):
    case = selectors.case_for(user, case_id)
    require(rules.may_act_as_applicant(user, case), _("只有申请人本人（或窗口办件的综合窗口）可以提交"))
    return case


def _window_side(user, case_id, **path):
    case = selectors.case_for(user, case_id)
    require(rules.may_act_as_window(user), _("只有综合窗口可以受理"))
    return case


def _may_object(user, case_id, **path):
    """The window, or an approver (the action then checks that the notice is their department's)."""
    case = selectors.case_for(user, case_id)
    require(rules.may_act_as_window(user) or user.role == Role.APPROVER, _("只有综合窗口或公示部门可以登记异议"))
    return case


def _department_task(user, task_id, **path):
    return selectors.task_for(user, task_id)


def _gated(request, fetch, object_id):
    """The object the gate fetched for this request, or (for an operation without a gate) fetched now."""
    gated = getattr(request, "gated", None)
    return gated if gated is not None and gated.pk == object_id else fetch(request.user, object_id)


@cases_router.post("", auth=gated(_may_apply), response={201: CaseOut, **ERRORS}, summary="发起申请（草稿）")
def create_case(request, payload: CaseCreateIn):
    details = actions.ApplicantDetails(**payload.applicant.dict(), form=payload.form)
    case = actions.case_create(
        actor=request.user,
        details=details,
        item_code=payload.item,
        bundle_code=payload.bundle,
        optional_step_ids=payload.optional_steps,
    )
    return Status(201, selectors.case_detail_of(case))


@cases_router.get("", response={200: CaseListOut, **ERRORS}, summary="我能看到的办件")
def list_cases(
    request, status: Line = "", id_number: line(18) = "", phone: line(20) = "", limit: Count = 50, offset: Offset = 0
):
    cases = selectors.cases_visible_to(request.user)
    if status:
        cases = cases.filter(status=status)
    # Exact numbers only, by their indexed digests: the numbers are stored encrypted.
    if id_number:
        cases = cases.filter(personal.matching("applicant_id_number", id_number))
    if phone:
        cases = cases.filter(personal.matching("contact_phone", normalize_phone(phone) or phone))
    limit = max(1, min(limit, 200))
    now = timezone.now()
    page = cases.prefetch_related("pauses")[max(offset, 0) : max(offset, 0) + limit]
    return {"items": [case_summary(c, now) for c in page], "count": cases.count()}


@cases_router.get("/{uuid:case_id}", response={200: CaseOut, **ERRORS}, summary="办件详情、进度与时间线")
def get_case(request, case_id: UUID):
    return case_detail(request.user, case_id)


@cases_router.get(
    "/{uuid:case_id}/personal-data",
    response={200: PersonalDataOut, **ERRORS},
    summary="申请人完整的身份证号和电话（仅办理人员，查看记入审计）",
)
def get_personal_data(request, case_id: UUID):
    case = selectors.case_for_personal_data(request.user, case_id)
    return actions.case_personal_data(case=case, viewer=request.user)


@cases_router.post(
    "/{uuid:case_id}/materials", auth=gated(_applicant_side), response={201: FileOut, **ERRORS}, summary="上传一份材料"
)
def upload_material(
    request,
    case_id: UUID,
    material: Annotated[str, Form(min_length=1, max_length=200)],
    file: File[NonEmptyUpload],
):
    case = _gated(request, selectors.case_for, case_id)
    stored = actions.case_upload_material(case=case, actor=request.user, material_code=material, uploaded=file)
    return Status(201, file_out(stored))


def _act(request, case_id: UUID, do) -> dict:
    """Run an action on a case the person may see; the case it returns is shown without reading its row again."""
    case = _gated(request, selectors.case_for, case_id)
    after = do(case)
    # An action never changes what a case applies for: its item or bundle, already read, is not read again.
    after.item, after.bundle = case.item, case.bundle
    return selectors.case_detail_of(after)


@cases_router.post(
    "/{uuid:case_id}/submit",
    auth=gated(_applicant_side),
    response={200: CaseOut, **ERRORS},
    summary="提交（含补正、补充后再次提交）",
)
def submit_case(request, case_id: UUID, payload: VersionIn | None = None):
    version = payload.version if payload else None
    return _act(request, case_id, lambda c: actions.case_submit(case=c, actor=request.user, version=version))


@cases_router.post(
    "/{uuid:case_id}/accept", auth=gated(_window_side), response={200: CaseOut, **ERRORS}, summary="受理"
)
def accept_case(request, case_id: UUID, payload: NoteIn | None = None):
    payload = payload or NoteIn()
    return _act(
        request,
        case_id,
        lambda c: actions.case_accept(case=c, clerk=request.user, note=payload.note, version=payload.version),
    )


@cases_router.post(
    "/{uuid:case_id}/not-accept", auth=gated(_window_side), response={200: CaseOut, **ERRORS}, summary="不予受理"
)
def not_accept_case(request, case_id: UUID, payload: ReasonIn):
    return _act(
        request,
        case_id,
        lambda c: actions.case_not_accept(case=c, clerk=request.user, reason=payload.reason, version=payload.version),
    )


@cases_router.post(
    "/{uuid:case_id}/request-corrections",
    auth=gated(_window_side),
    response={200: CaseOut, **ERRORS},
    summary="一次性告知补正（逐项写明每项材料的补正原因）",
)
def request_corrections(request, case_id: UUID, payload: CorrectionsIn):
    return _act(
        request,
        case_id,
        lambda c: actions.case_request_corrections(
            case=c,
            clerk=request.user,
            corrections=_reasons(payload.materials),
            note=payload.note,
            version=payload.version,
        ),
    )


def _reasons(materials: list[MaterialReasonIn]) -> dict[str, str]:
    """The materials as the actions take them: code → reason, in the order given."""
    return {m.code: m.reason for m in materials}


@cases_router.post("/{uuid:case_id}/withdraw", response={200: CaseOut, **ERRORS}, summary="撤回")
def withdraw_case(request, case_id: UUID, payload: ReasonIn | None = None):
    payload = payload or ReasonIn()
    return _act(
        request,
        case_id,
        lambda c: actions.case_withdraw(case=c, actor=request.user, reason=payload.reason, version=payload.version),
    )


def _owner(user, case_id, **path):
    case = selectors.case_for(user, case_id)
    require(rules.is_owner(user, case), _("只有申请人本人可以使用自己的材料钱包"))
    return case


@cases_router.get(
    "/{uuid:case_id}/wallet",
    auth=gated(_owner),
    response={200: WalletOffersOut, **ERRORS},
    summary="材料钱包中可用于本办件的材料（逐项选用）",
)
def wallet_offers(request, case_id: UUID):
    return {"offers": selectors.wallet_offers_for(request.user, _gated(request, selectors.case_for, case_id))}


@cases_router.post(
    "/{uuid:case_id}/use-wallet",
    auth=gated(_owner),
    response={200: CaseOut, **ERRORS},
    summary="使用材料钱包中选定的材料",
)
def use_wallet(request, case_id: UUID, payload: UseWalletIn):
    case = _gated(request, selectors.case_for, case_id)
    actions.case_use_wallet(case=case, actor=request.user, material_codes=payload.materials)
    return case_detail(request.user, case_id)


@cases_router.post(
    "/{uuid:case_id}/objection", auth=gated(_may_object), response={200: CaseOut, **ERRORS}, summary="公示期内登记异议"
)
def register_objection(request, case_id: UUID, payload: ObjectionIn):
    """An objection received on paper or at the window, registered on the case; it holds the notice until the
    notice's department has looked into it."""
    case = _gated(request, selectors.case_for, case_id)
    details = actions.ObjectionDetails(**payload.dict())
    actions.case_register_objection(notice=selectors.open_notice_of(case), actor=request.user, details=details)
    return case_detail(request.user, case_id)


@tasks_router.get("", response={200: TaskListOut, **ERRORS}, summary="本部门待办任务（按时限排序）")
def list_tasks(request, include_done: bool = False):
    tasks = selectors.tasks_for(request.user, include_done=include_done)
    tasks = list(tasks.prefetch_related("case__pauses", with_extensions())[:500])
    now = timezone.now()
    items = [task_out(t, selectors.case_pauses(t.case, now), now) for t in tasks]
    return {"items": items, "count": len(items)}


def _task_act(request, task_id: UUID, do) -> dict:
    task = do(_gated(request, selectors.task_for, task_id))
    task = (
        Task.objects.select_related("case", "item", "department", "decided_by")
        .prefetch_related(with_extensions())
        .get(pk=task.pk)
    )
    now = timezone.now()
    return task_out(task, selectors.case_pauses(task.case, now), now)


@tasks_router.post(
    "/{uuid:task_id}/approve", auth=gated(_department_task), response={200: TaskOut, **ERRORS}, summary="准予"
)
def approve_task(request, task_id: UUID, payload: ApproveIn | None = None):
    payload = payload or ApproveIn()
    return _task_act(
        request,
        task_id,
        lambda t: actions.task_approve(
            task=t, approver=request.user, note=payload.note, result=payload.result, version=payload.version
        ),
    )


@tasks_router.post(
    "/{uuid:task_id}/deny", auth=gated(_department_task), response={200: TaskOut, **ERRORS}, summary="不予许可"
)
def deny_task(request, task_id: UUID, payload: ReasonIn):
    return _task_act(
        request,
        task_id,
        lambda t: actions.task_deny(task=t, approver=request.user, reason=payload.reason, version=payload.version),
    )


@tasks_router.post(
    "/{uuid:task_id}/return",
    auth=gated(_department_task),
    response={200: TaskOut, **ERRORS},
    summary="退回补充（可点名需重新提交的材料，逐项写明原因）",
)
def return_task(request, task_id: UUID, payload: ReturnIn):
    return _task_act(
        request,
        task_id,
        lambda t: actions.task_return(
            task=t,
            approver=request.user,
            reason=payload.reason,
            corrections=_reasons(payload.materials),
            version=payload.version,
        ),
    )


# --- extensions (延期, 行政许可法 §42) ---------------------------------------------------------------


def _head_of_extension(user, extension_id, **path):
    """The department's head decides; its approvers may read the request but not decide it (403); others 404."""
    extension = selectors.extension_for(user, extension_id)
    require(rules.may_decide_extension(user, extension.task), _("只有本部门负责人可以审批延期申请"))


@tasks_router.post(
    "/{uuid:task_id}/extension",
    auth=gated(_department_task),
    response={201: ExtensionOut, **ERRORS},
    summary="申请延期（最多 10 个工作日，每个任务一次）",
)
def request_extension(request, task_id: UUID, payload: ExtensionIn):
    task = selectors.task_for(request.user, task_id)
    extension = actions.task_extension_request(
        task=task, approver=request.user, days=payload.days, reason=payload.reason
    )
    return Status(201, extension_out(selectors.extension_for(request.user, extension.pk)))


@extensions_router.get("", response={200: ExtensionListOut, **ERRORS}, summary="本部门的延期申请")
def list_extensions(request, status: Line = "", limit: Count = 50, offset: Offset = 0):
    extensions = selectors.extensions_visible_to(request.user).prefetch_related("task__case__pauses")
    if status:
        extensions = extensions.filter(status=status)
    limit = max(1, min(limit, 200))
    page = extensions.order_by("-requested_at")[max(offset, 0) : max(offset, 0) + limit]
    return {"items": [extension_out(e) for e in page], "count": extensions.count()}


@extensions_router.post(
    "/{uuid:extension_id}/decision",
    auth=gated(_head_of_extension),
    response={200: ExtensionOut, **ERRORS},
    summary="部门负责人批准或不予批准延期",
)
def decide_extension(request, extension_id: UUID, payload: ExtensionDecisionIn):
    extension = selectors.extension_for(request.user, extension_id)
    actions.task_extension_decide(extension=extension, head=request.user, approve=payload.approve, note=payload.note)
    return extension_out(selectors.extension_for(request.user, extension_id))


# --- public notices (公示) ------------------------------------------------------------------------


@notices_router.get("", response={200: NoticeListOut, **ERRORS}, summary="公示列表（公示中及近 30 天结束的）")
def list_notices(request):
    notices = selectors.public_notices()
    return {"items": notices, "count": len(notices)}


@notices_router.get("/{uuid:notice_id}", response={200: NoticeOut, **ERRORS}, summary="一项公示")
def get_notice(request, notice_id: UUID):
    return selectors.public_notice(notice_id)


@notices_router.post(
    "/{uuid:notice_id}/objections",
    response={201: ObjectionReceiptOut, **ERRORS},
    summary="对公示提出异议（无需登录，可匿名；multipart 表单，可附证明材料 evidence）",
)
def lodge_objection(
    request, notice_id: UUID, payload: Form[ObjectionIn], evidence: Annotated[NonEmptyUpload | None, File()] = None
):
    """Anyone may object, anonymously too. A bearer token, if sent, names the account that objects; the browser's
    session does not (a page of another site could otherwise object in a logged-in person's name: CSRF)."""
    objection = actions.case_register_objection(
        notice=selectors.notice_task(notice_id),
        details=actions.ObjectionDetails(**payload.dict()),
        actor=bearer_user(request),
        evidence=evidence,
        source=client_address(request),
    )
    return Status(
        201,
        {
            "id": objection.pk,
            "receipt": objection.receipt,
            "notice": objection.task_id,
            "status": objection.status,
            "status_display": objection.get_status_display(),
            "lodged_at": objection.lodged_at,
        },
    )
