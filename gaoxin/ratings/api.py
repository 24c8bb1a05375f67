"""The ratings API: rate a decided case, read the figures, handle rectifications. Mounted at /api/ratings/."""

from uuid import UUID

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from gaoxin.cases.selectors import case_for
from gaoxin.core.api import AUTH, ERRORS, Line, gated, require
from gaoxin.core.errors import Conflict
from gaoxin.ratings import actions, rules, selectors
from gaoxin.ratings.schemas import (
    AppealDecisionIn,
    AppealListOut,
    AppealOut,
    AppealReasonIn,
    CallbackNoteIn,
    CaseRatingOut,
    RatingIn,
    RatingOut,
    RectificationListOut,
    RectificationOut,
    ResultIn,
    SatisfactionOut,
    VerdictIn,
)

router = Router(auth=AUTH, tags=["好差评 ratings"])


# Gates (see gaoxin.core.api.gated), decided before the body is read: a case or rectification the person may not see
# is a 404; one they see but may not act on, a 403.


def _may_rate(user, case_id, **path):
    if refusal := actions.rater_refusal(user, case_for(user, case_id)):
        raise refusal


def _may_confirm(user, case_id, **path):
    if refusal := actions.verdict_refusal(user, case_for(user, case_id)):
        raise refusal


def _may_appeal(user, rectification_id, **path):
    rectification = selectors.rectification_for(user, rectification_id)
    require(rules.may_appeal(user, rectification.rating), _("只有评价计入的责任部门的审批人员可以申诉"))


def _may_decide_appeal(user, appeal_id, **path):
    selectors.appeal_for(user, appeal_id)
    require(rules.may_decide_appeal(user), _("只有管理员可以复核申诉"))


def _may_handle(user, rectification_id, **path):
    rectification = selectors.rectification_for(user, rectification_id)
    require(rules.may_handle(user, rectification), _("只有责任部门的审批人员可以回访和办结该整改"))


def _case_rating(user, case_id) -> dict:
    box = selectors.case_rating(user, case_id)
    return {
        "case_id": box["case"].pk,
        "case_number": box["case"].number,
        "rateable": box["rateable"],
        "can_rate": box["can_rate"],
        "departments": [{"code": d.code, "name": d.name} for d in box["departments"]],
        "rating": selectors.rating_out(box["rating"]) if box["rating"] else None,
    }


@router.get("/cases/{uuid:case_id}", response={200: CaseRatingOut, **ERRORS}, summary="办件的评价（及能否评价）")
def get_case_rating(request, case_id: UUID):
    return _case_rating(request.user, case_id)


@router.post(
    "/cases/{uuid:case_id}",
    auth=gated(_may_rate),
    response={201: RatingOut, **ERRORS},
    summary="评价已办结的办件（一事一评；差评自动转责任部门整改）",
)
def rate_case(request, case_id: UUID, payload: RatingIn):
    case = case_for(request.user, case_id)
    rating = actions.rating_create(
        case=case,
        actor=request.user,
        level=payload.level,
        comment=payload.comment,
        department_code=payload.department or None,
    )
    return Status(201, selectors.rating_out(selectors.rating_of(rating.case_id)))


@router.post(
    "/cases/{uuid:case_id}/verdict",
    auth=gated(_may_confirm),
    response={200: RatingOut, **ERRORS},
    summary="申请人确认整改结果：满意，或不满意（重新整改并由领导督办）",
)
def confirm_rectification(request, case_id: UUID, payload: VerdictIn):
    case = case_for(request.user, case_id)
    rating = selectors.rating_of(case.pk)
    rectification = getattr(rating, "rectification", None) if rating else None
    if rectification is None:
        raise Conflict(_("该办件的评价没有整改，无需确认"))
    actions.rectification_verdict(
        rectification=rectification, visitor=request.user, verdict=payload.verdict, note=payload.note
    )
    return selectors.rating_out(selectors.rating_of(case.pk))


@router.get("/satisfaction", response={200: SatisfactionOut, **ERRORS}, summary="各部门、各一件事的满意度")
def get_satisfaction(request):
    return selectors.satisfaction(request.user)


@router.get(
    "/rectifications", response={200: RectificationListOut, **ERRORS}, summary="我能看到的差评整改（open / closed）"
)
def list_rectifications(request, status: Line = ""):
    items = selectors.rectification_list(request.user, status=status)
    return {"items": items, "count": len(items)}


def _rectification(request, rectification_id: UUID) -> dict:
    rectification = selectors.rectification_for(request.user, rectification_id)
    return selectors.rectification_out(rectification, timezone.now(), user=request.user)


@router.get("/rectifications/{uuid:rectification_id}", response={200: RectificationOut, **ERRORS}, summary="一件整改")
def get_rectification(request, rectification_id: UUID):
    return _rectification(request, rectification_id)


@router.post(
    "/rectifications/{uuid:rectification_id}/callback",
    auth=gated(_may_handle),
    response={200: RectificationOut, **ERRORS},
    summary="记录回访（责任部门审批人员）",
)
def record_callback(request, rectification_id: UUID, payload: CallbackNoteIn):
    rectification = selectors.rectification_for(request.user, rectification_id)
    actions.rectification_callback(rectification=rectification, actor=request.user, note=payload.note)
    return _rectification(request, rectification_id)


@router.post(
    "/rectifications/{uuid:rectification_id}/close",
    auth=gated(_may_handle),
    response={200: RectificationOut, **ERRORS},
    summary="办结整改：填写整改结果（须已回访）",
)
def close_rectification(request, rectification_id: UUID, payload: ResultIn):
    rectification = selectors.rectification_for(request.user, rectification_id)
    actions.rectification_close(rectification=rectification, actor=request.user, result=payload.result)
    return _rectification(request, rectification_id)


@router.post(
    "/rectifications/{uuid:rectification_id}/appeal",
    auth=gated(_may_appeal),
    response={201: AppealOut, **ERRORS},
    summary="责任部门对差评申诉复核（恶意差评或误评），写明理由",
)
def appeal_rating(request, rectification_id: UUID, payload: AppealReasonIn):
    rectification = selectors.rectification_for(request.user, rectification_id)
    appeal = actions.rating_appeal(rating=rectification.rating, actor=request.user, reason=payload.reason)
    return Status(201, selectors.appeal_row(selectors.appeal_for(request.user, appeal.pk)))


@router.get("/appeals", response={200: AppealListOut, **ERRORS}, summary="我能看到的差评申诉")
def list_appeals(request, status: Line = ""):
    items = selectors.appeal_list(request.user, status=status)
    return {"items": items, "count": len(items)}


@router.post(
    "/appeals/{uuid:appeal_id}/decision",
    auth=gated(_may_decide_appeal),
    response={200: AppealOut, **ERRORS},
    summary="管理员复核申诉：成立则该评价不计入满意度，免于整改",
)
def decide_appeal(request, appeal_id: UUID, payload: AppealDecisionIn):
    appeal = selectors.appeal_for(request.user, appeal_id)
    actions.appeal_decide(appeal=appeal, actor=request.user, upheld=payload.upheld, note=payload.note)
    return selectors.appeal_row(selectors.appeal_for(request.user, appeal_id))
