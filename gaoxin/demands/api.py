"""The 万人助万企 API: the ledger of demands and each step of their loop, the office's board, a unit's desk, the
cadres' enterprises and visits, through the same actions and selectors as the pages.

Gates (gaoxin.core.api.gated) decide before the body is read: a person for whom demands are not (an enterprise's
account that is not the register's legal representative, the security and audit administrators) or who may not see
the demand gets a 404; one who sees it but may not take this step a 403."""

from typing import Annotated
from uuid import UUID

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Router, Status
from ninja.security import APIKeyHeader

from gaoxin.accounts.models import Department, User
from gaoxin.core.api import ERRORS, Day, NonEmptyUpload, gated, require
from gaoxin.core.errors import DomainError, NotFound
from gaoxin.demands import actions, hotline, ledger, rules, selectors
from gaoxin.demands.files import attachment_response
from gaoxin.demands.models import Category
from gaoxin.demands.schemas import (
    AssignIn,
    CloseIn,
    ConfirmIn,
    DemandAttachmentOut,
    DemandBoardOut,
    DemandDetailOut,
    DemandFiguresOut,
    DemandIn,
    DemandInstructionOut,
    DemandNoteIn,
    DemandOut,
    DemandReasonIn,
    DeskOut,
    EnterpriseFileOut,
    EnterpriseRowOut,
    HotlineOrderIn,
    HotlineReceiptOut,
    InstructionAnswerIn,
    InstructionIn,
    PairingIn,
    ProblemIn,
    RepeatClearIn,
    ReplyIn,
    SupervisionOut,
    VisitIn,
    VisitOut,
)


def _may_use(user, **path):
    if not rules.may_use(user):
        raise NotFound(_("未找到"))


def _gate(rule, reason: str, *, not_theirs=None):
    """A gate: demands are for this person (else 404), `not_theirs` (else 404), then `rule` (else 403)."""

    def gate(user, **path):
        _may_use(user)
        if not_theirs is not None and not not_theirs(user):
            raise NotFound(_("未找到"))
        require(rule(user), reason)

    return gate


def _demand_gate(rule, reason: str):
    """The demand must be one the person sees (404), and `rule(user, demand)` allow the step (403)."""

    def gate(user, demand_id, **path):
        _may_use(user)
        demand = selectors.demand_for(user, demand_id)
        require(rule(user, demand), reason)
        return demand

    return gate


router = Router(auth=gated(_may_use), tags=["万人助万企 demands"])

UNIT_ONLY = _("只有承办单位的人员可以办理该诉求")
unit_gate = gated(_demand_gate(rules.works_for_unit, UNIT_ONLY))


def _out(demand, user) -> dict:
    return selectors.demand_out(demand, timezone.now(), user)


def _category(code: str) -> Category | None:
    return selectors.categories().filter(code=code).first()


def _problem(payload: ProblemIn, prefix: str = "") -> actions.Problem:
    category = _category(payload.category)
    if category is None:
        raise DomainError(_("没有代码为“%(value)s”的诉求类别") % {"value": payload.category}, field=f"{prefix}category")
    return actions.Problem(category, payload.title, payload.text, payload.urgency)


def _unit(code: str, field: str) -> Department:
    unit = Department.objects.filter(code=code).first()
    if unit is None:
        raise DomainError(_("没有代码为“%(value)s”的单位") % {"value": code}, field=field)
    return unit


# --- lists ----------------------------------------------------------------------------------------


@router.get("", response={200: list[DemandOut], **ERRORS}, summary="诉求台账（各人可见的）")
def list_demands(request, status: str = "", unit: str = "", category: str = "", overdue: bool = False):
    rows = selectors.demand_list(request.user, status=status, unit=unit, category=category, overdue=overdue)
    now = timezone.now()
    return [selectors.demand_out(d, now, request.user) for d in rows[:500]]


@router.post(
    "",
    auth=gated(_gate(rules.may_raise, _("只有企业、群众、包联干部和企业服务办可以登记诉求"))),
    response={201: DemandOut, **ERRORS},
    summary="登记诉求",
)
def raise_demand(request, payload: DemandIn):
    enterprise = None
    if payload.enterprise_id is not None and not rules.is_party_account(request.user):
        enterprise = selectors.enterprise_for(request.user, payload.enterprise_id)
    demand = actions.demand_raise(
        actor=request.user,
        problem=_problem(payload),
        contact_name=payload.contact_name,
        contact_phone=payload.contact_phone,
        enterprise=enterprise,
        channel=payload.channel,
    )
    return Status(201, _out(demand, request.user))


@router.get(
    "/board",
    auth=gated(_gate(rules.sees_all, "", not_theirs=rules.sees_all)),
    response={200: DemandBoardOut, **ERRORS},
    summary="调度台：待交办、超期、各单位在办",
)
def board(request):
    found = selectors.board(request.user, timezone.now())
    found["by_unit"] = [
        {
            "unit": r["unit__code"],
            "unit_name": r["unit__short_name"] or r["unit__name"],
            "open": r["open"],
            "overdue": r["overdue"],
        }
        for r in found["by_unit"]
    ]
    return found


@router.get(
    "/desk",
    auth=gated(_gate(rules.is_unit_member, "", not_theirs=rules.is_unit_member)),
    response={200: DeskOut, **ERRORS},
    summary="承办单位工作台：待签收、办理中、待确认",
)
def desk(request):
    return selectors.unit_desk(request.user, timezone.now())


@router.get(
    "/supervision",
    auth=gated(_gate(rules.sees_all, "", not_theirs=rules.sees_all)),
    response={200: SupervisionOut, **ERRORS},
    summary="督办：各承办单位超期与已督办的诉求、督办到本人的、待答复的批示",
)
def supervision(request):
    return selectors.supervision(request.user, timezone.now())


def _reads_enterprises(user) -> bool:
    return rules.sees_all(user) or rules.is_cadre(user)


@router.get(
    "/enterprises",
    auth=gated(_gate(_reads_enterprises, "", not_theirs=_reads_enterprises)),
    response={200: list[EnterpriseRowOut], **ERRORS},
    summary="包联企业（未包联、久未走访的标出）",
)
def enterprises(request):
    return [_enterprise_row(r) for r in selectors.cadre_enterprises(request.user, timezone.localdate())]


def _enterprise_row(r: dict) -> dict:
    pairing = r["pairing"]
    return {
        "id": r["enterprise"].pk,
        "name": r["enterprise"].name,
        "uscc": r["enterprise"].uscc,
        "cadre": pairing.cadre.name if pairing else "",
        "leader": pairing.leader.name if pairing and pairing.leader else "",
        "chief_officer": bool(pairing and pairing.chief_officer),
        "last_visit": r["last_visit"].isoformat() if r["last_visit"] else None,
        "open_demands": r["open_demands"],
        "unpaired": r["unpaired"],
        "unvisited": r["unvisited"],
    }


def _account(username: str, field: str) -> User:
    found = User.objects.filter(username=username).first()
    if found is None:
        raise DomainError(_("没有账号“%(value)s”") % {"value": username}, field=field)
    return found


@router.post(
    "/enterprises/{int:enterprise_id}/pairing",
    auth=gated(_gate(rules.is_office, _("只有企业服务办可以调整包联关系"), not_theirs=_reads_enterprises)),
    response={201: EnterpriseRowOut, **ERRORS},
    summary="调整包联关系（原关系截止，保留历史）",
)
def set_pairing(request, enterprise_id: int, payload: PairingIn):
    enterprise = selectors.enterprise_for(request.user, enterprise_id)
    actions.pairing_set(
        enterprise=enterprise,
        actor=request.user,
        cadre=_account(payload.cadre, "cadre"),
        leader=_account(payload.leader, "leader") if payload.leader else None,
        chief_officer=payload.chief_officer,
        valid_from=payload.valid_from,
    )
    row = next(
        r for r in selectors.cadre_enterprises(request.user, timezone.localdate()) if r["enterprise"] == enterprise
    )
    return Status(201, _enterprise_row(row))


@router.post(
    "/visits",
    auth=gated(_gate(rules.is_cadre, _("只有包联干部可以登记走访"), not_theirs=_reads_enterprises)),
    response={201: VisitOut, **ERRORS},
    summary="登记走访（发现的问题一并登记为诉求）",
)
def record_visit(request, payload: VisitIn):
    enterprise = selectors.enterprise_for(request.user, payload.enterprise_id)
    problems = [_problem(p, prefix=f"problems.{i}.") for i, p in enumerate(payload.problems)]
    visit, demands = actions.visit_record(
        actor=request.user,
        enterprise=enterprise,
        visited_on=payload.visited_on,
        met=payload.met,
        topics=payload.topics,
        notes=payload.notes,
        problems=problems,
        contact_phone=payload.contact_phone,
    )
    return Status(
        201,
        {
            "id": visit.pk,
            "enterprise_id": enterprise.pk,
            "enterprise_name": enterprise.name,
            "visited_on": visit.visited_on.isoformat(),
            "met": visit.met,
            "topics": visit.topics,
            "demands": [d.number for d in demands],
        },
    )


# --- one demand -----------------------------------------------------------------------------------


@router.get("/{uuid:demand_id}", response={200: DemandDetailOut, **ERRORS}, summary="诉求详情与办理记录")
def get_demand(request, demand_id: UUID):
    demand = selectors.demand_for(request.user, demand_id)
    return {
        **_out(demand, request.user),
        "events": selectors.events_of(demand),
        "escalations": selectors.escalations_of(demand),
        "instructions": selectors.instructions_of(demand),
        "attachments": selectors.attachments_of(demand),
        "visit_photos": selectors.visit_photos_of(demand),
    }


@router.post(
    "/{uuid:demand_id}/assign",
    auth=gated(_demand_gate(lambda user, demand: rules.is_office(user), _("只有企业服务办可以交办诉求"))),
    response={200: DemandOut, **ERRORS},
    summary="交办承办单位（及协办单位）",
)
def assign(request, demand_id: UUID, payload: AssignIn):
    unit = _unit(payload.unit, "unit")
    co_units = [_unit(code, "co_units") for code in payload.co_units]
    done = actions.demand_assign(demand=request.gated, actor=request.user, unit=unit, co_units=co_units)
    return _out(done, request.user)


@router.post("/{uuid:demand_id}/accept", auth=unit_gate, response={200: DemandOut, **ERRORS}, summary="签收")
def accept(request, demand_id: UUID):
    return _out(actions.demand_accept(demand=request.gated, actor=request.user), request.user)


@router.post(
    "/{uuid:demand_id}/send-back", auth=unit_gate, response={200: DemandOut, **ERRORS}, summary="退回（说明理由）"
)
def send_back(request, demand_id: UUID, payload: DemandReasonIn):
    done = actions.demand_send_back(demand=request.gated, actor=request.user, reason=payload.reason)
    return _out(done, request.user)


@router.post("/{uuid:demand_id}/respond", auth=unit_gate, response={200: DemandOut, **ERRORS}, summary="首次响应")
def respond(request, demand_id: UUID, payload: DemandNoteIn):
    done = actions.demand_respond(demand=request.gated, actor=request.user, note=payload.note)
    return _out(done, request.user)


@router.post("/{uuid:demand_id}/complex", auth=unit_gate, response={200: DemandOut, **ERRORS}, summary="标记为复杂诉求")
def mark_complex(request, demand_id: UUID, payload: DemandReasonIn):
    done = actions.demand_mark_complex(demand=request.gated, actor=request.user, reason=payload.reason)
    return _out(done, request.user)


@router.post("/{uuid:demand_id}/progress", auth=unit_gate, response={200: DemandOut, **ERRORS}, summary="登记进展")
def progress(request, demand_id: UUID, payload: DemandNoteIn):
    done = actions.demand_record_progress(demand=request.gated, actor=request.user, note=payload.note)
    return _out(done, request.user)


@router.post("/{uuid:demand_id}/reply", auth=unit_gate, response={200: DemandOut, **ERRORS}, summary="答复办理结果")
def reply(request, demand_id: UUID, payload: ReplyIn):
    done = actions.demand_reply(demand=request.gated, actor=request.user, result=payload.result, reply=payload.reply)
    return _out(done, request.user)


@router.post(
    "/{uuid:demand_id}/confirm",
    auth=gated(
        _demand_gate(
            selectors.may_confirm, _("只有提出诉求的企业、群众（或代为确认的包联干部、企业服务办）可以确认办理结果")
        )
    ),
    response={200: DemandOut, **ERRORS},
    summary="确认办理结果：满意、基本满意、不满意（重办）",
)
def confirm(request, demand_id: UUID, payload: ConfirmIn):
    done = actions.demand_confirm(
        demand=request.gated, actor=request.user, satisfaction=payload.satisfaction, comment=payload.comment
    )
    return _out(done, request.user)


@router.post(
    "/{uuid:demand_id}/close",
    auth=gated(_demand_gate(lambda user, demand: rules.is_office(user), _("只有企业服务办可以销号"))),
    response={200: DemandOut, **ERRORS},
    summary="销号",
)
def close(request, demand_id: UUID, payload: CloseIn):
    return _out(actions.demand_close(demand=request.gated, actor=request.user, note=payload.note), request.user)


# --- supervision (督办) and repeats ----------------------------------------------------------------


@router.post(
    "/{uuid:demand_id}/instructions",
    auth=gated(_demand_gate(lambda user, demand: rules.may_instruct(user), _("只有领导可以作出批示"))),
    response={201: DemandInstructionOut, **ERRORS},
    summary="领导批示（承办单位须答复）",
)
def instruct(request, demand_id: UUID, payload: InstructionIn):
    instruction = actions.demand_instruct(demand=request.gated, actor=request.user, text=payload.text)
    return Status(201, selectors.instruction_out(instruction))


@router.post(
    "/{uuid:demand_id}/instructions/{uuid:instruction_id}/answer",
    auth=gated(_demand_gate(rules.works_for_unit, _("只有承办单位的人员可以答复批示"))),
    response={200: DemandInstructionOut, **ERRORS},
    summary="承办单位答复领导批示",
)
def answer_instruction(request, demand_id: UUID, instruction_id: UUID, payload: InstructionAnswerIn):
    instruction = selectors.instruction_of(request.gated, instruction_id)
    done = actions.instruction_answer(instruction=instruction, actor=request.user, answer=payload.answer)
    return selectors.instruction_out(done)


@router.post(
    "/{uuid:demand_id}/repeat/clear",
    auth=gated(_demand_gate(lambda user, demand: rules.is_office(user), _("只有企业服务办可以取消疑似重复标记"))),
    response={200: DemandOut, **ERRORS},
    summary="取消疑似重复标记",
)
def clear_repeat(request, demand_id: UUID, payload: RepeatClearIn):
    done = actions.demand_clear_repeat(demand=request.gated, actor=request.user, note=payload.note)
    return _out(done, request.user)


# --- the 12345 hotline's system, with its key ----------------------------------------------------------------------


class HotlineKeyAuth(APIKeyHeader):
    """The hotline's system is no person: it names itself by its key (X-Api-Key), never by an account's token or
    session; a missing, wrong or revoked key is a 401 before the body is read."""

    param_name = "X-Api-Key"

    def authenticate(self, request, key):
        return actions.hotline_key_check(key or "")


@router.post(
    "/hotline",
    auth=HotlineKeyAuth(),
    response={200: HotlineReceiptOut, 201: HotlineReceiptOut, **ERRORS},
    summary="12345 热线工单推送（接口密钥；同一工单编号重复推送返回原诉求）",
)
def hotline_order(request, payload: HotlineOrderIn):
    lookups = hotline.Lookups()
    order = actions.WorkOrder(
        number=payload.number,
        called_at=payload.called_at,
        caller=payload.caller,
        phone=payload.phone,
        category=lookups.category(payload.category),
        text=payload.text,
        enterprise=lookups.enterprise(payload.enterprise),
        urgency=hotline.urgency_named(payload.urgency),
    )
    demand, created = actions.demand_from_hotline(order=order, key=request.auth)
    receipt = {
        "id": demand.pk,
        "number": demand.number,
        "work_order": demand.external_ref,
        "status": demand.status,
        "status_label": demand.get_status_display(),
        "created": created,
    }
    return Status(201 if created else 200, receipt)


# --- 一企一档 --------------------------------------------------------------------------------------


def _file_gate(user, enterprise_id, **path):
    _may_use(user)
    return selectors.enterprise_file_for(user, enterprise_id)


@router.get(
    "/enterprises/{int:enterprise_id}/file",
    auth=gated(_file_gate),
    response={200: EnterpriseFileOut, **ERRORS},
    summary="一企一档：登记信息、产出、办件、证照、重点项目、包联、走访与诉求",
)
def enterprise_file(request, enterprise_id: int):
    return selectors.enterprise_file(request.user, request.gated, timezone.now())


# --- the figures (三率) and the ledger ----------------------------------------------------------------------------


@router.get(
    "/figures",
    auth=gated(_gate(rules.sees_all, "", not_theirs=rules.sees_all)),
    response={200: DemandFiguresOut, **ERRORS},
    summary="三率统计：期间内收集的诉求，全区、各承办单位（排名）、各类别的解决率、满意率、按时响应率，及通报语句",
)
def figures(request, date_from: Day | None = None, date_to: Day | None = None):
    return selectors.figures(request.user, date_from=date_from, date_to=date_to)


LEDGER_RESPONSE = {
    "responses": {
        200: {
            "description": "诉求台账 Excel 文件",
            "content": {ledger.CONTENT_TYPE: {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


@router.get(
    "/ledger.xlsx",
    response={200: None, **ERRORS},
    summary="导出诉求台账（Excel；各人可见的诉求，期间内提出的，默认本年）",
    openapi_extra=LEDGER_RESPONSE,
)
def ledger_xlsx(request, date_from: Day | None = None, date_to: Day | None = None) -> HttpResponse:
    period = ledger.period_asked(date_from, date_to, today=timezone.localdate())
    return ledger.download(request.user, period)


# --- attachments (附件) ---------------------------------------------------------------------------------------------


@router.post(
    "/{uuid:demand_id}/attachments",
    auth=gated(_demand_gate(rules.may_attach, _("只有诉求的提出人和承办单位可以上传附件（已销号的不能再上传）"))),
    response={201: list[DemandAttachmentOut], **ERRORS},
    summary="上传附件（PDF、JPG、PNG，multipart，字段 attachments，可多个）",
)
def upload_attachments(request, demand_id: UUID, attachments: Annotated[list[NonEmptyUpload], File(min_length=1)]):
    stored = actions.demand_attach(demand=request.gated, actor=request.user, files=attachments)
    return Status(201, [selectors.attachment_out(a) for a in stored])


@router.get(
    "/{uuid:demand_id}/attachments/{uuid:attachment_id}",
    response={200: None, **ERRORS},
    summary="下载附件（仅能看到该诉求的人）",
    openapi_extra={
        "responses": {
            200: {
                "description": "附件文件",
                "content": {
                    kind: {"schema": {"type": "string", "format": "binary"}}
                    for kind in ("application/pdf", "image/jpeg", "image/png")
                },
            }
        }
    },
)
def download_attachment(request, demand_id: UUID, attachment_id: UUID) -> HttpResponse:
    return attachment_response(selectors.attachment_for(request.user, demand_id, attachment_id))
