"""Reads of ratings, rectifications and satisfaction figures that a person triggers; each takes the person."""

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.accounts.models import Department, Role, User
from gaoxin.cases.models import Case
from gaoxin.cases.selectors import case_for
from gaoxin.catalog.models import Bundle
from gaoxin.core.errors import NotFound
from gaoxin.core.numbers import percent
from gaoxin.ratings import rules
from gaoxin.ratings.models import (
    BAD_LEVELS,
    SATISFIED_LEVELS,
    Callback,
    Rating,
    Rectification,
    RectificationStatus,
)
from gaoxin.workdays.deadlines import SlaState, sla_state

# --- the case's departments and its rating --------------------------------------------------------


def case_departments(case: Case) -> list[Department]:
    """The departments that handled the case in the order of its plan (the first step's first); all planned ones
    if no step ever opened (a case not accepted at the window)."""
    handled = {
        task.department_id: task.department
        for task in case.tasks.select_related("department").order_by("stage", "created_at", "id")
    }
    planned = list(dict.fromkeys(step["department"] for stage in case.plan for step in stage))
    if handled:
        # Parallel steps open at the same moment: the plan, not their creation, gives their order.
        rank = {pk: n for n, pk in enumerate(planned)}
        return sorted(handled.values(), key=lambda d: rank.get(d.pk, len(rank)))
    by_id = Department.objects.in_bulk(planned)
    return [by_id[pk] for pk in planned if pk in by_id]


def rating_of(case_id) -> Rating | None:
    return (
        Rating.objects.select_related("department", "rated_by", "case", "rectification").filter(case_id=case_id).first()
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
        "departments": case_departments(case) if rating is None and rateable else [],
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
        "rated_by": rating.rated_by.name,
        "rated_at": rating.rated_at,
        "rectification": (
            {
                "id": rectification.pk,
                "status": rectification.status,
                "status_display": str(rectification.get_status_display()),
                "deadline": rectification.deadline,
                "closed_at": rectification.closed_at,
            }
            if rectification
            else None
        ),
    }


# --- rectifications -------------------------------------------------------------------------------


def rectifications_visible_to(user: User) -> QuerySet[Rectification]:
    """Leaders and administrators see every rectification; an approver their department's; nobody else any."""
    rectifications = Rectification.objects.select_related(
        "department", "closed_by", "rating__case__bundle", "rating__case__item", "rating__rated_by"
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
        "contact_phone": rating.case.contact_phone,
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
    }


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

FIGURES = {
    "ratings": Count("pk"),
    "satisfied": Count("pk", filter=Q(level__in=SATISFIED_LEVELS)),
    "bad": Count("pk", filter=Q(level__in=BAD_LEVELS)),
    "level_sum": Sum("level"),
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
