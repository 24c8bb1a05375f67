"""Every write of ratings and rectifications: keyword-only, one transaction, checked, audited.

A rating is one event on its own audit chain ("rating", id); a rectification's life (open, callbacks, close) is the
chain ("rectification", id). The case's own chain is left alone: see docs/decisions/0004-ratings-app.md.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.accounts.models import Department, Role, User
from gaoxin.cases.models import Case, CaseStatus, Channel
from gaoxin.core.audit import AuditBatch
from gaoxin.core.errors import Conflict, DomainError, Forbidden
from gaoxin.notifications.actions import Message, deadline_moved_message, notify, when
from gaoxin.notifications.selectors import approvers_by_department
from gaoxin.ratings import rules
from gaoxin.ratings.messages import tell_bad_rating
from gaoxin.ratings.models import BAD_LEVELS, Callback, Level, Rating, Rectification, RectificationStatus
from gaoxin.ratings.selectors import case_departments
from gaoxin.workdays.deadlines import Deadline, add_working_days
from gaoxin.workdays.recompute import save_changed_deadlines, span

COMMENT_MAX = 1000
NOTE_MAX = 2000
DEFAULT_RECTIFICATION_WORKING_DAYS = 5


def rectification_working_days() -> int:
    return int(settings.GAOXIN.get("RECTIFICATION_WORKING_DAYS", DEFAULT_RECTIFICATION_WORKING_DAYS))


# --- rating ---------------------------------------------------------------------------------------


def rater_refusal(actor: User, case: Case) -> Forbidden | None:
    """Why this person may not rate the case, or None. The API and the page ask before they read the rating."""
    if rules.may_rate(actor, case):
        return None
    if actor.role == Role.CLERK:
        return Forbidden(_("网上申报的办件由申请人本人评价"))
    return Forbidden(_("只有申请人本人可以评价该办件；现场办理的办件由窗口代为评价"))


def rating_create(
    *, case: Case, actor: User, level: int, comment: str = "", department_code: str | None = None
) -> Rating:
    """Rate a decided case once. A bad rating (不满意, 非常不满意) opens a rectification for the department."""
    if refusal := rater_refusal(actor, case):
        raise refusal
    level = _checked_level(level)
    comment = _checked_text(comment, field="comment", limit=COMMENT_MAX)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        _check_rateable(locked)
        if Rating.objects.filter(case=locked).exists():
            raise Conflict(_("该办件已经评价过了：一事一评，不能重复评价"))
        department = _responsible_department(locked, department_code)
        now = timezone.now()
        try:
            with transaction.atomic():
                rating = Rating.objects.create(
                    case=locked,
                    level=level,
                    comment=comment,
                    channel=Channel.WINDOW if actor.role == Role.CLERK else Channel.ONLINE,
                    department=department,
                    rated_by=actor,
                    rated_at=now,
                )
        except IntegrityError:  # rated by someone else in the meantime (a database without row locks)
            raise Conflict(_("该办件已经评价过了：一事一评，不能重复评价")) from None
        audit = AuditBatch("rating", rating.pk, new_chain=True)
        audit.add(
            actor=actor,
            action="rate",
            to_state=str(level),
            reason=comment,
            at=now,
            data={
                "case": str(locked.pk),
                "number": locked.number,
                "level": level,
                "channel": rating.channel,
                "department": department.code,
            },
        )
        audit.write()
        if level in BAD_LEVELS:
            _open_rectification(rating, actor, now)
    return rating


def _checked_level(level) -> int:
    """A whole number 1-5, or its digits as text (a form's value); nothing else (no 4.5, no True)."""
    if isinstance(level, str) and level.strip().isdigit():
        level = int(level)
    if isinstance(level, bool) or not isinstance(level, int) or level not in Level.values:
        raise DomainError(_("请选择满意程度：1（非常不满意）至 5（非常满意）"), field="level")
    return level


def _checked_text(text, *, field: str, limit: int, missing: str = "") -> str:
    """The text stripped; an error for the field if it is empty (when `missing` says why it may not be) or too long."""
    text = (text or "").strip()
    if missing and not text:
        raise DomainError(missing, field=field)
    if len(text) > limit:
        raise DomainError(
            _("不能超过 %(limit)s 字（现有 %(count)s 字）") % {"limit": limit, "count": len(text)}, field=field
        )
    return text


def _check_rateable(case: Case) -> None:
    if case.status in rules.RATEABLE_STATUSES:
        return
    if case.status == CaseStatus.WITHDRAWN:
        raise Conflict(_("办件已撤回，没有办理结果可供评价"))
    raise Conflict(_("办件办结后才能评价；该办件当前状态为“%(status)s”") % {"status": case.get_status_display()})


def _responsible_department(case: Case, code: str | None) -> Department:
    departments = case_departments(case)
    if code:
        chosen = next((d for d in departments if d.code == code), None)
        if chosen is None:
            raise DomainError(
                _("“%(code)s”不是办理该办件的部门，请从办件涉及的部门中选择") % {"code": code}, field="department"
            )
        return chosen
    if not departments:
        raise DomainError(_("无法确定该办件的办理部门，请选择评价针对的部门"), field="department")
    return departments[0]


def _open_rectification(rating: Rating, actor: User, now) -> Rectification:
    deadline = rectification_deadline(now)
    rectification = Rectification.objects.create(
        rating=rating,
        department=rating.department,
        opened_at=now,
        deadline=deadline.at,
        deadline_provisional=deadline.provisional,
    )
    audit = AuditBatch("rectification", rectification.pk, new_chain=True)
    audit.add(
        actor=actor,
        action="open",
        to_state=RectificationStatus.OPEN,
        reason=rating.comment,
        at=now,
        data={
            "case": str(rating.case_id),
            "rating": str(rating.pk),
            "level": rating.level,
            "department": rating.department.code,
            "deadline": deadline.at.isoformat(),
        },
    )
    audit.write()
    transaction.on_commit(lambda: tell_bad_rating(rectification))
    return rectification


# --- rectification --------------------------------------------------------------------------------


def rectification_callback(*, rectification: Rectification, actor: User, note: str) -> Callback:
    """Record a call back to the applicant: who called (the actor), when (now) and what the applicant said."""
    _require_handler(actor, rectification)
    note = _checked_text(
        note, field="note", limit=NOTE_MAX, missing=_("请填写回访情况：何时联系了申请人，申请人怎么说")
    )
    with transaction.atomic():
        locked = _locked(rectification)
        if locked.status != RectificationStatus.OPEN:
            raise Conflict(_("该整改已办结，不能再记录回访"))
        now = timezone.now()
        callback = Callback.objects.create(rectification=locked, at=now, by=actor, note=note)
        audit = AuditBatch("rectification", locked.pk)
        audit.add(actor=actor, action="callback", reason=note, at=now, data={"callback": callback.pk})
        audit.write()
    return callback


def rectification_close(*, rectification: Rectification, actor: User, result: str) -> Rectification:
    """Close with the result of the rectification; the applicant must have been called back first."""
    _require_handler(actor, rectification)
    result = _checked_text(result, field="result", limit=NOTE_MAX, missing=_("请填写整改结果：查明了什么，改进了什么"))
    with transaction.atomic():
        locked = _locked(rectification)
        if locked.status != RectificationStatus.OPEN:
            raise Conflict(_("该整改已经办结"))
        if not locked.callbacks.exists():
            raise Conflict(_("请先回访申请人并记录回访情况，再办结整改"), field="note")
        now = timezone.now()
        locked.status, locked.result, locked.closed_at, locked.closed_by = (
            RectificationStatus.CLOSED,
            result,
            now,
            actor,
        )
        locked.save(update_fields=["status", "result", "closed_at", "closed_by"])
        audit = AuditBatch("rectification", locked.pk)
        audit.add(
            actor=actor,
            action="close",
            from_state=RectificationStatus.OPEN,
            to_state=RectificationStatus.CLOSED,
            reason=result,
            at=now,
            data={"on_time": now <= locked.deadline},
        )
        audit.write()
    return locked


def _require_handler(actor: User, rectification: Rectification) -> None:
    if not rules.may_handle(actor, rectification):
        raise Forbidden(_("只有责任部门的审批人员可以回访和办结该整改"))


def _locked(rectification: Rectification) -> Rectification:
    return Rectification.objects.select_for_update().select_related("department").get(pk=rectification.pk)


# --- calendar changes -----------------------------------------------------------------------------
# Registered with gaoxin.workdays.recompute in RatingsConfig.ready(); runs inside the calendar edit's transaction.


def rectification_deadline(opened_at) -> Deadline:
    """A rectification's time limit: GAOXIN["RECTIFICATION_WORKING_DAYS"] working days from its opening.

    The limit is not stored with the rectification, so a recompute counts with the setting as it is now."""
    return add_working_days(opened_at, rectification_working_days())


def rectifications_recompute(*, years: frozenset[int] | None, actor: User | None) -> int:
    """Open rectifications whose deadline the calendar now counts differently: saved, audited on their chain, and
    the responsible department's approvers told when it moved. Returns how many deadlines changed."""
    running = Rectification.objects.select_for_update(of=("self",)).filter(status=RectificationStatus.OPEN)
    if (bounds := span(years)) is not None:
        since, until = bounds
        running = running.filter(deadline__gte=since, opened_at__lt=until)
    with transaction.atomic():
        changed, moved = save_changed_deadlines(
            running.select_related("rating__case").order_by("pk"),
            subject_type="rectification",
            fresh=lambda rectification: rectification_deadline(rectification.opened_at),
            actor=actor,
        )
        approvers = approvers_by_department(r.department_id for r, _old in moved)
        notify(
            [
                (person, _rectification_moved(r, old))
                for r, old in moved
                for person in approvers.get(r.department_id, [])
            ]
        )
    return changed


def _rectification_moved(rectification: Rectification, old) -> Message:
    names = {"number": rectification.rating.case.number, "old": when(old), "new": when(rectification.deadline)}
    return deadline_moved_message(
        rectification.pk,
        _("办件 %(number)s 的差评整改时限调整为 %(new)s") % names,
        _("工作日历调整后重新计算：整改时限由 %(old)s 改为 %(new)s。") % names,
        reverse("rectification", args=[rectification.pk]),
    )
