"""Reads of ratings, rectifications and satisfaction figures that a person triggers; each takes the person."""

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoxin.accounts.models import Department, Role, User
from gaoxin.cases import rules as case_rules
from gaoxin.cases.models import Case, TaskStatus
from gaoxin.cases.selectors import case_for
from gaoxin.catalog.models import Bundle
from gaoxin.core import personal
from gaoxin.core.errors import NotFound
from gaoxin.core.models import AuditEvent
from gaoxin.core.numbers import percent
from gaoxin.core.pages import public_url
from gaoxin.ratings import rules
from gaoxin.ratings.models import (
    BAD_LEVELS,
    SATISFIED_LEVELS,
    Appeal,
    AppealStatus,
    Callback,
    Evaluator,
    Rating,
    RatingLink,
    Rectification,
    RectificationStatus,
)
from gaoxin.workdays.deadlines import SlaState, sla_state

# --- the case's departments and its rating --------------------------------------------------------


@dataclass(frozen=True)
class Deciders:
    """Who decided what a rating of the case judges: the departments, in the order of the case's plan (the default
    responsible department first), and for each the member of staff who decided (经办人)."""

    departments: list[Department]
    handlers: dict[int, User | None]

    def handler_of(self, department: Department) -> User | None:
        return self.handlers.get(department.pk)


def case_deciders(case: Case) -> Deciders:
    """A case with a step denied: the departments that denied (不予许可 is what the applicant judges); else those
    that granted a step. A case not accepted at the window has no step: its planned departments, and the clerk who
    refused it."""
    decided = case.tasks.filter(status__in=(TaskStatus.APPROVED, TaskStatus.DENIED))
    tasks = sorted(decided.select_related("department", "decided_by"), key=case_rules.in_plan_order(case))
    denied = [t for t in tasks if t.status == TaskStatus.DENIED]
    handlers: dict[int, User | None] = {}
    for task in denied or tasks:
        handlers.setdefault(task.department_id, task.decided_by)
    if handlers:
        by_id = {t.department_id: t.department for t in tasks}
        return Deciders([by_id[pk] for pk in handlers], handlers)
    planned = list(dict.fromkeys(step["department"] for stage in case.plan for step in stage))
    by_id = Department.objects.in_bulk(planned)
    refuser = _refusing_clerk(case)
    return Deciders([by_id[pk] for pk in planned if pk in by_id], dict.fromkeys(planned, refuser))


def _refusing_clerk(case: Case) -> User | None:
    event = (
        AuditEvent.objects.filter(subject_type="case", subject_id=str(case.pk), action="not_accept")
        .select_related("actor")
        .order_by("-seq")
        .first()
    )
    return event.actor if event else None


def rating_of(case_id) -> Rating | None:
    return (
        Rating.objects.select_related("department", "rated_by", "handled_by", "case", "rectification", "appeal")
        .prefetch_related("departments")
        .filter(case_id=case_id)
        .first()
    )


def case_rating(user: User, case_id) -> dict:
    """The case's rating (or None) and whether this person may rate it now; a case they may not see is NotFound."""
    case = case_for(user, case_id)
    rating = rating_of(case.pk)
    rateable = case.status in rules.RATEABLE_STATUSES
    return {
        "case": case,
        "rating": rating,
        "rateable": rateable,
        "can_rate": rating is None and rateable and rules.may_rate(user, case),
        "departments": case_deciders(case).departments if rating is None and rateable else [],
    }


def rating_box_by_link(token: str) -> dict:
    """What a walk-in's link shows: the case (facts fit for whoever holds the link), its rating once made, and the
    departments to choose among before. An unknown token is NotFound."""
    link = RatingLink.objects.select_related("case__bundle", "case__item").filter(token=token).first()
    if link is None:
        raise NotFound(_("该评价二维码无效：请核对地址，或请窗口工作人员重新展示二维码"))
    case = link.case
    rating = rating_of(case.pk)
    return {
        "link": link,
        "case": case,
        "rating": rating,
        "can_rate": rating is None,
        "departments": case_deciders(case).departments if rating is None else [],
    }


def masked_name(name: str) -> str:
    """张晓明 → 张*明, 李四 → 李*: what a screen the public may glance at shows of the applicant."""
    if len(name) <= 1:
        return name
    return name[0] + "*" * max(1, len(name) - 2) + (name[-1] if len(name) > 2 else "")


def evaluator_by_token(token: str) -> Evaluator:
    evaluator = Evaluator.objects.select_related("clerk", "link__case").filter(token=token).first()
    if evaluator is None:
        raise NotFound(_("该评价器地址无效：请在综合窗口的“评价器”页面重新打开"))
    return evaluator


def rating_link_url(case: Case) -> str | None:
    """The full address of a walk-in case's own rating page (its QR code), or None for any other case."""
    link = RatingLink.objects.filter(case_id=case.pk).only("token").first()
    return public_url(reverse("rate-by-link", args=[link.token])) if link else None


def document_invitation(document) -> dict | None:
    """The 好差评 invitation the PDF of the document that ends a case prints (gaoxin.documents.files): the walk-in's
    own link, or for an online case the case page where its applicant rates."""
    kinds = rules.INVITING_KINDS | (rules.SINGLE_ITEM_INVITING_KINDS if document.case.bundle_id is None else set())
    if document.kind not in kinds:
        return None
    url = rating_link_url(document.case)
    if url:
        return {"caption": "扫码评价本次服务（好差评，无需登录，每件一次）", "url": url}
    return {
        "caption": "登录后在办件页面评价本次服务（好差评）",
        "url": public_url(reverse("portal-case", args=[document.case_id])),
    }


def appeal_out(appeal: Appeal | None) -> dict | None:
    if appeal is None:
        return None
    return {
        "id": appeal.pk,
        "status": appeal.status,
        "status_display": str(appeal.get_status_display()),
        "reason": appeal.reason,
        "filed_at": appeal.filed_at,
        "decision_note": appeal.decision_note,
        "decided_at": appeal.decided_at,
    }


def rating_out(rating: Rating) -> dict:
    rectification = getattr(rating, "rectification", None)
    return {
        "id": rating.pk,
        "case_id": rating.case_id,
        "case_number": rating.case.number,
        "level": rating.level,
        "level_display": str(rating.get_level_display()),
        "comment": rating.comment,
        "channel": rating.channel,
        "channel_display": str(rating.get_channel_display()),
        "department": {"code": rating.department.code, "name": rating.department.name},
        "departments": [{"code": d.code, "name": d.name} for d in rating.departments.all()],
        "handled_by": rating.handled_by.name if rating.handled_by else None,
        "rated_by": rating.rated_by.name if rating.rated_by else None,
        "rated_at": rating.rated_at,
        "excluded": rating.excluded,
        "appeal": appeal_out(getattr(rating, "appeal", None)),
        "rectification": (
            {
                "id": rectification.pk,
                "status": rectification.status,
                "status_display": str(rectification.get_status_display()),
                "deadline": rectification.deadline,
                "closed_at": rectification.closed_at,
                "result": rectification.result,
                "rounds": rectification.rounds,
                "verdict": rectification.verdict,
            }
            if rectification
            else None
        ),
    }


# --- rectifications -------------------------------------------------------------------------------


def rectifications_visible_to(user: User) -> QuerySet[Rectification]:
    """Leaders and administrators see every rectification; an approver their department's; nobody else any."""
    rectifications = Rectification.objects.select_related(
        "department", "closed_by", "rating__case__bundle", "rating__case__item", "rating__rated_by", "rating__appeal"
    )
    if rules.sees_all_rectifications(user):
        return rectifications
    if user.role == Role.APPROVER:
        return rectifications.filter(department_id=user.department_id)
    return rectifications.none()


def sees_rectifications(user: User) -> bool:
    return user.is_authenticated and (rules.sees_all_rectifications(user) or user.role == Role.APPROVER)


def rectification_for(user: User, rectification_id) -> Rectification:
    rectification = rectifications_visible_to(user).filter(pk=rectification_id).first()
    if rectification is None:
        raise NotFound(_("未找到该整改"))
    return rectification


def rectification_sla(rectification: Rectification, now: datetime) -> SlaState:
    """Running: on time, warning or overdue; closed: on time or overdue by when it was closed."""
    if rectification.closed_at is not None:
        return SlaState.OVERDUE if rectification.closed_at > rectification.deadline else SlaState.ON_TIME
    return sla_state(start=rectification.opened_at, deadline=rectification.deadline, now=now)


def rectification_list(user: User, *, status: str = "", now: datetime | None = None) -> list[dict]:
    """Rectifications the person sees, nearest deadline first (closed ones newest first), each with its SLA."""
    now = now or timezone.now()
    rows = rectifications_visible_to(user).prefetch_related("callbacks__by")
    if status == RectificationStatus.CLOSED:
        rows = rows.filter(status=status).order_by("-closed_at")
    elif status == RectificationStatus.OPEN:
        rows = rows.filter(status=status).order_by("deadline")
    else:
        rows = rows.order_by("-status", "deadline")  # open before closed
    return [rectification_out(r, now, user=user) for r in rows[:500]]


def rectification_out(rectification: Rectification, now: datetime, *, user: User | None = None) -> dict:
    rating = rectification.rating
    sla = rectification_sla(rectification, now)
    callbacks: list[Callback] = list(rectification.callbacks.all())
    return {
        "id": rectification.pk,
        "case_id": rating.case_id,
        "case_number": rating.case.number,
        "case_title": rating.case.title,
        "applicant_name": rating.case.applicant_name,
        # Masked: a full number is for whoever handles the case (cases.rules.handles_personal_data).
        "contact_phone": personal.mask_phone(rating.case.contact_phone),
        "department": {"code": rectification.department.code, "name": rectification.department.name},
        "level": rating.level,
        "level_display": str(rating.get_level_display()),
        "comment": rating.comment,
        "rated_at": rating.rated_at,
        "status": rectification.status,
        "status_display": str(rectification.get_status_display()),
        "opened_at": rectification.opened_at,
        "deadline": rectification.deadline,
        "deadline_provisional": rectification.deadline_provisional,
        "sla": sla.value,
        "sla_display": str(sla.label),
        "callbacks": [{"at": c.at, "by": c.by.name, "note": c.note} for c in callbacks],
        "result": rectification.result,
        "closed_at": rectification.closed_at,
        "closed_by": rectification.closed_by.name if rectification.closed_by else None,
        "may_handle": bool(user and rules.may_handle(user, rectification)),
        "rounds": rectification.rounds,
        "verdict": rectification.verdict,
        "verdict_display": str(rectification.get_verdict_display()) if rectification.verdict else "",
        "verdict_note": rectification.verdict_note,
        "excluded": rating.excluded,
        "appeal": appeal_out(getattr(rating, "appeal", None)),
        "may_appeal": bool(user and rules.may_appeal(user, rating)) and not hasattr(rating, "appeal"),
        "history": rectification_history(rectification),
    }


HISTORY_LABELS = {
    "open": gettext_lazy("差评转整改"),
    "callback": gettext_lazy("回访申请人"),
    "close": gettext_lazy("办结整改"),
    "confirm": gettext_lazy("申请人确认满意"),
    "reopen": gettext_lazy("申请人不满意，重新整改"),
    "void": gettext_lazy("申诉成立，免于整改"),
    "deadline_recompute": gettext_lazy("时限重算"),
}


def rectification_history(rectification: Rectification) -> list[dict]:
    """The rectification's audit chain as its page tells it: each round's result stays here after a reopening."""
    events = AuditEvent.objects.filter(subject_type="rectification", subject_id=str(rectification.pk))
    return [
        {
            "at": e.at,
            "label": str(HISTORY_LABELS.get(e.action, e.action)),
            "by": e.actor.name if e.actor else _("申请人"),
            "note": e.reason,
        }
        for e in events.select_related("actor").order_by("seq")
    ]


# --- appeals --------------------------------------------------------------------------------------


def appeals_visible_to(user: User) -> QuerySet[Appeal]:
    """Administrators see every appeal; an approver their department's; nobody else any."""
    appeals = Appeal.objects.select_related(
        "rating__case", "rating__department", "rating__rectification", "filed_by", "decided_by"
    )
    if rules.may_decide_appeal(user):
        return appeals
    if user.role == Role.APPROVER:
        return appeals.filter(rating__department_id=user.department_id)
    return appeals.none()


def appeal_for(user: User, appeal_id) -> Appeal:
    appeal = appeals_visible_to(user).filter(pk=appeal_id).first()
    if appeal is None:
        raise NotFound(_("未找到该申诉"))
    return appeal


def appeal_row(appeal: Appeal) -> dict:
    rating = appeal.rating
    return {
        **appeal_out(appeal),
        "rating_id": rating.pk,
        "case_id": rating.case_id,
        "case_number": rating.case.number,
        "department": {"code": rating.department.code, "name": rating.department.name},
        "level": rating.level,
        "level_display": str(rating.get_level_display()),
        "comment": rating.comment,
        "rated_at": rating.rated_at,
        "filed_by": appeal.filed_by.name,
        "decided_by": appeal.decided_by.name if appeal.decided_by else None,
    }


def appeal_list(user: User, *, status: str = "") -> list[dict]:
    rows = appeals_visible_to(user)
    if status in AppealStatus.values:
        rows = rows.filter(status=status)
    return [appeal_row(a) for a in rows.order_by("status", "-filed_at")[:500]]


def open_rectifications(user: User, *, now: datetime | None = None) -> list[dict]:
    """The leader's card: every open rectification, nearest deadline first. Two queries whatever their number."""
    if not rules.sees_all_rectifications(user):
        return []
    now = now or timezone.now()
    rows = rectifications_visible_to(user).filter(status=RectificationStatus.OPEN).order_by("deadline")
    return [
        {"rectification": r, "sla": rectification_sla(r, now), "level_display": r.rating.get_level_display()}
        for r in rows
    ]


def open_count(user: User) -> int:
    return rectifications_visible_to(user).filter(status=RectificationStatus.OPEN).count()


# --- satisfaction figures -------------------------------------------------------------------------

# A rating whose appeal was upheld (申诉复核) is not counted (不计入): the figures read only the counted ones.
COUNTED = Q(excluded=False)
FIGURES = {
    "ratings": Count("pk", filter=COUNTED),
    "satisfied": Count("pk", filter=COUNTED & Q(level__in=SATISFIED_LEVELS)),
    "bad": Count("pk", filter=COUNTED & Q(level__in=BAD_LEVELS)),
    "level_sum": Sum("level", filter=COUNTED),
}


def figures(ratings: int, satisfied: int, bad: int, level_sum: int | None, open_rectifications: int) -> dict:
    """Share satisfied in percent (one decimal) and the average level (two decimals), rounded half up; None when
    nothing was rated. Computed with decimals from integer counts, so 2 of 3 is 66.7, never 66.66666."""
    if ratings:
        share = percent(satisfied, ratings)
        average = (Decimal(level_sum or 0) / ratings).quantize(Decimal("0.01"), ROUND_HALF_UP)
    else:
        share = average = None
    return {
        "ratings": ratings,
        "satisfied": satisfied,
        "satisfied_percent": share,
        "average_level": average,
        "bad": bad,
        "open_rectifications": open_rectifications,
    }


def _grouped(key: str, open_key: str) -> tuple[dict, dict]:
    rated = {row[key]: row for row in Rating.objects.values(key).annotate(**FIGURES).order_by()}
    still_open = dict(
        Rectification.objects.filter(status=RectificationStatus.OPEN)
        .values(open_key)
        .annotate(n=Count("pk"))
        .order_by()
        .values_list(open_key, "n")
    )
    return rated, still_open


def _row(rated: dict, still_open: dict, key) -> dict:
    row = rated.get(key, {})
    return figures(
        row.get("ratings", 0), row.get("satisfied", 0), row.get("bad", 0), row.get("level_sum"), still_open.get(key, 0)
    )


def satisfaction(user: User) -> dict:
    """Figures per department (those rated or with an open rectification), per bundle (every bundle, then the
    single-item cases) and in total. Six queries whatever the number of ratings."""
    if not rules.sees_satisfaction(user):
        raise NotFound(_("未找到该页面"))
    rated, still_open = _grouped("department", "department")
    departments = Department.objects.filter(pk__in=set(rated) | set(still_open)).order_by("code")
    by_department = [{"code": d.code, "name": d.name, **_row(rated, still_open, d.pk)} for d in departments]
    # Every rating and every rectification belongs to exactly one department: the total is their sum.
    total = {key: sum(row[key] or 0 for row in rated.values()) for key in FIGURES}
    total_open = sum(still_open.values())
    rated, still_open = _grouped("case__bundle", "rating__case__bundle")
    bundles = Bundle.objects.order_by("code")
    by_bundle = [{"code": b.code, "name": b.name, **_row(rated, still_open, b.pk)} for b in bundles]
    by_bundle.append({"code": None, "name": _("单个事项（非一件事）"), **_row(rated, still_open, None)})
    return {
        "departments": by_department,
        "bundles": by_bundle,
        "total": figures(total["ratings"], total["satisfied"], total["bad"], total["level_sum"], total_open),
    }
