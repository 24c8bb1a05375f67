"""Every write of ratings and rectifications: keyword-only, one transaction, checked, audited.

A rating is one event on its own audit chain ("rating", id); a rectification's life (open, callbacks, close) is the
chain ("rectification", id). The case's own chain is left alone: see docs/decisions/0004-ratings-app.md.
"""

import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoxin.accounts.models import Department, Role, User
from gaoxin.cases.models import Case, CaseStatus
from gaoxin.core.audit import AuditBatch
from gaoxin.core.errors import Conflict, DomainError, Forbidden
from gaoxin.notifications.actions import Message, deadline_moved_message, notify, when
from gaoxin.notifications.models import Kind
from gaoxin.notifications.selectors import approvers_by_department
from gaoxin.ratings import rules
from gaoxin.ratings.messages import tell_bad_rating
from gaoxin.ratings.models import (
    BAD_LEVELS,
    Appeal,
    AppealStatus,
    Callback,
    Evaluator,
    Level,
    Rating,
    RatingChannel,
    RatingLink,
    Rectification,
    RectificationStatus,
    Verdict,
)
from gaoxin.ratings.selectors import Deciders, case_deciders
from gaoxin.workdays.deadlines import Deadline, add_working_days
from gaoxin.workdays.recompute import save_changed_deadlines, span

COMMENT_MAX = 1000
NOTE_MAX = 2000
DEFAULT_RECTIFICATION_WORKING_DAYS = 5


def rectification_working_days() -> int:
    return int(settings.GAOXIN.get("RECTIFICATION_WORKING_DAYS", DEFAULT_RECTIFICATION_WORKING_DAYS))


# --- rating ---------------------------------------------------------------------------------------

ALREADY_RATED = gettext_lazy("该办件已经评价过了：一事一评，不能重复评价")

STAFF_MAY_NOT_RATE = gettext_lazy(
    "工作人员不能代申请人评价（国办发〔2019〕51号）：请申请人本人评价，现场办理的可扫描窗口展示或办结通知书上的二维码，"
    "或在窗口评价器上评价"
)


def rater_refusal(actor: User, case: Case) -> Forbidden | None:
    """Why this person may not rate the case, or None. The API and the page ask before they read the rating."""
    if rules.may_rate(actor, case):
        return None
    if rules.is_staff_member(actor):
        return Forbidden(str(STAFF_MAY_NOT_RATE))
    return Forbidden(_("只有申请人本人可以评价该办件"))


def rating_create(
    *, case: Case, actor: User, level: int, comment: str = "", department_code: str | None = None
) -> Rating:
    """The applicant rates their own decided case online, once. A bad rating opens a rectification."""
    if refusal := rater_refusal(actor, case):
        raise refusal
    return _rate(case, rated_by=actor, channel=RatingChannel.ONLINE, level=level, comment=comment, code=department_code)


def rating_create_by_link(
    *,
    link: RatingLink,
    visitor,
    level: int,
    comment: str = "",
    department_code: str | None = None,
    channel: str = RatingChannel.QR,
) -> Rating:
    """A walk-in applicant rates through their case's link (their phone, or the window's evaluator), with no account.
    The link is spent by the rating; a logged-in member of staff is refused even holding it."""
    if rules.is_staff_member(visitor):
        raise Forbidden(str(STAFF_MAY_NOT_RATE))
    rated_by = visitor if visitor.is_authenticated else None
    return _rate(
        link.case, rated_by=rated_by, channel=channel, level=level, comment=comment, code=department_code, link=link
    )


def _rate(case: Case, *, rated_by, channel, level, comment, code, link: RatingLink | None = None) -> Rating:
    level = _checked_level(level)
    comment = _checked_text(comment, field="comment", limit=COMMENT_MAX)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        _check_rateable(locked)
        if Rating.objects.filter(case=locked).exists():
            raise Conflict(str(ALREADY_RATED))
        deciders = case_deciders(locked)
        department = _responsible_department(deciders, code)
        now = timezone.now()
        try:
            with transaction.atomic():
                rating = Rating.objects.create(
                    case=locked,
                    level=level,
                    comment=comment,
                    channel=channel,
                    department=department,
                    handled_by=deciders.handler_of(department),
                    rated_by=rated_by,
                    rated_at=now,
                )
        except IntegrityError:  # rated by someone else in the meantime (a database without row locks)
            raise Conflict(str(ALREADY_RATED)) from None
        rating.departments.set(deciders.departments)
        if link is not None:
            RatingLink.objects.filter(pk=link.pk).update(used_at=now)
        audit = AuditBatch("rating", rating.pk, new_chain=True)
        audit.add(
            actor=rated_by,
            action="rate",
            to_state=str(level),
            reason=comment,
            at=now,
            data={
                "case": str(locked.pk),
                "number": locked.number,
                "level": level,
                "channel": channel,
                "department": department.code,
                "departments": [d.code for d in deciders.departments],
                "handled_by": rating.handled_by_id,
            },
        )
        audit.write()
        if level in BAD_LEVELS:
            _open_rectification(rating, rated_by, now)
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


def _responsible_department(deciders: Deciders, code: str | None) -> Department:
    if code:
        chosen = next((d for d in deciders.departments if d.code == code), None)
        if chosen is None:
            raise DomainError(
                _("“%(code)s”不是办理该办件的部门，请从办件涉及的部门中选择") % {"code": code}, field="department"
            )
        return chosen
    if not deciders.departments:
        raise DomainError(_("无法确定该办件的办理部门，请选择评价针对的部门"), field="department")
    return deciders.departments[0]


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
            data={"on_time": now <= locked.deadline, "round": locked.rounds},
        )
        audit.write()
        _tell_applicant_the_result(locked)
    return locked


def _tell_applicant_the_result(rectification: Rectification) -> None:
    """The result goes back to the applicant who rated (a walk-in reads it at their link, which asks the same)."""
    case = Case.objects.only("pk", "number", "applicant").get(pk=rectification.rating.case_id)
    if case.applicant_id is None:
        return
    names = {"number": case.number, "result": rectification.result}
    notify(
        [
            (
                case.applicant,
                Message(
                    Kind.RECTIFICATION_RESULT,
                    f"{rectification.pk}:{rectification.rounds}",
                    _("您对办件 %(number)s 的评价已整改，请确认整改结果") % names,
                    _("整改结果：%(result)s\n请在办件页面告诉我们：整改后您是否满意。") % names,
                    reverse("portal-case", args=[case.pk]) + "#rating",
                ),
            )
        ]
    )


def _require_handler(actor: User, rectification: Rectification) -> None:
    if not rules.may_handle(actor, rectification):
        raise Forbidden(_("只有责任部门的审批人员可以回访和办结该整改"))


def _locked(rectification: Rectification) -> Rectification:
    return Rectification.objects.select_for_update().select_related("department").get(pk=rectification.pk)


# --- the applicant's word on the result -----------------------------------------------------------


def verdict_refusal(visitor, case: Case, *, by_link: bool = False) -> Forbidden | None:
    """The applicant who rated says whether the result helped: their account, or (a walk-in) their link."""
    if rules.is_staff_member(visitor):
        return Forbidden(_("整改结果由申请人本人确认，工作人员不能代为确认"))
    if by_link or rules.may_rate(visitor, case):
        return None
    return Forbidden(_("只有申请人本人可以确认整改结果"))


def rectification_verdict(
    *, rectification: Rectification, visitor, verdict: str, note: str = "", by_link: bool = False
) -> Rectification:
    """满意 ends the rectification; 不满意 (with what is still wrong) reopens it for another round with a new time
    limit, told to the department's approvers and watched by the leaders (督办: rounds > 1)."""
    if refusal := verdict_refusal(visitor, rectification.rating.case, by_link=by_link):
        raise refusal
    if verdict not in Verdict.values:
        raise DomainError(_("请选择：满意，或不满意"), field="verdict")
    missing = _("请说明整改后仍未解决的问题") if verdict == Verdict.DISSATISFIED else ""
    note = _checked_text(note, field="note", limit=NOTE_MAX, missing=missing)
    actor = visitor if visitor.is_authenticated else None
    with transaction.atomic():
        locked = _locked(rectification)
        if locked.status != RectificationStatus.CLOSED or locked.verdict:
            raise Conflict(_("该整改现在不需要您确认：整改办结后才能确认结果，且每轮只确认一次"))
        now = timezone.now()
        audit = AuditBatch("rectification", locked.pk)
        if verdict == Verdict.SATISFIED:
            locked.verdict, locked.verdict_note, locked.verdict_at = verdict, note, now
            locked.save(update_fields=["verdict", "verdict_note", "verdict_at"])
            audit.add(actor=actor, action="confirm", to_state=verdict, reason=note, at=now)
        else:
            _reopen(locked, now)
            audit.add(
                actor=actor,
                action="reopen",
                from_state=RectificationStatus.CLOSED,
                to_state=RectificationStatus.OPEN,
                reason=note,
                at=now,
                data={"round": locked.rounds, "deadline": locked.deadline.isoformat()},
            )
        audit.write()
        if verdict == Verdict.DISSATISFIED:
            _tell_reopened(locked, note)
    return locked


def _reopen(rectification: Rectification, now) -> None:
    deadline = rectification_deadline(now)
    rectification.status, rectification.rounds = RectificationStatus.OPEN, rectification.rounds + 1
    rectification.opened_at, rectification.deadline = now, deadline.at
    rectification.deadline_provisional = deadline.provisional
    # The closed round's result and closer stay in the audit trail; the new round starts blank.
    rectification.result, rectification.closed_at, rectification.closed_by = "", None, None
    rectification.verdict, rectification.verdict_note, rectification.verdict_at = "", "", None
    rectification.save()


def _tell_reopened(rectification: Rectification, complaint: str) -> None:
    number = rectification.rating.case.number
    names = {"number": number, "deadline": when(rectification.deadline), "note": complaint}
    message = Message(
        Kind.RECTIFICATION_REOPENED,
        f"{rectification.pk}:{rectification.rounds}",
        _("办件 %(number)s 的申请人对整改结果不满意，整改重新开始") % names,
        _("申请人说：%(note)s\n请再次回访并在 %(deadline)s 前整改；本件由领导督办。") % names,
        reverse("rectification", args=[rectification.pk]),
    )
    approvers = approvers_by_department([rectification.department_id]).get(rectification.department_id, [])
    leaders = User.objects.filter(role=Role.LEADER, is_active=True)
    notify([(person, message) for person in [*approvers, *leaders]])


# --- appeals (申诉复核) -------------------------------------------------------------------------------

DEFAULT_APPEAL_WORKING_DAYS = 5


def appeal_deadline(rating: Rating) -> Deadline:
    """A department appeals within GAOXIN["APPEAL_WORKING_DAYS"] working days of the rating (在规定时限内申诉)."""
    days = int(settings.GAOXIN.get("APPEAL_WORKING_DAYS", DEFAULT_APPEAL_WORKING_DAYS))
    return add_working_days(rating.rated_at, days)


def rating_appeal(*, rating: Rating, actor: User, reason: str) -> Appeal:
    """The responsible department asks the administrator to review a bad rating it thinks malicious or mistaken."""
    if not rules.may_appeal(actor, rating):
        raise Forbidden(_("只有评价计入的责任部门的审批人员可以申诉"))
    reason = _checked_text(
        reason, field="reason", limit=NOTE_MAX, missing=_("请写明申诉理由：为什么认为该评价属于恶意或误评")
    )
    with transaction.atomic():
        locked = Rating.objects.select_for_update().select_related("case").get(pk=rating.pk)
        if locked.level not in BAD_LEVELS:
            raise Conflict(_("只能对差评（不满意、非常不满意）申诉"))
        if Appeal.objects.filter(rating=locked).exists():
            raise Conflict(_("该评价已经申诉过：每条评价只能申诉一次"))
        now = timezone.now()
        if now > (deadline := appeal_deadline(locked)).at:
            raise Conflict(_("申诉期限已过（%(deadline)s 前可申诉）") % {"deadline": when(deadline.at)})
        appeal = Appeal.objects.create(rating=locked, reason=reason, filed_by=actor, filed_at=now)
        audit = AuditBatch("rating", locked.pk)
        audit.add(actor=actor, action="appeal", to_state=AppealStatus.PENDING, reason=reason, at=now)
        audit.write()
    return appeal


def appeal_decide(*, appeal: Appeal, actor: User, upheld: bool, note: str) -> Appeal:
    """The administrator's review. Upheld: the rating is not counted (不计入) and asks for no rectification."""
    if not rules.may_decide_appeal(actor):
        raise Forbidden(_("只有管理员可以复核申诉"))
    note = _checked_text(note, field="note", limit=NOTE_MAX, missing=_("请填写复核意见"))
    with transaction.atomic():
        locked = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if locked.status != AppealStatus.PENDING:
            raise Conflict(_("该申诉已经复核"))
        now = timezone.now()
        status = AppealStatus.UPHELD if upheld else AppealStatus.REJECTED
        locked.status, locked.decision_note, locked.decided_by, locked.decided_at = status, note, actor, now
        locked.save(update_fields=["status", "decision_note", "decided_by", "decided_at"])
        audit = AuditBatch("rating", locked.rating_id)
        audit.add(
            actor=actor, action="appeal_decide", from_state=AppealStatus.PENDING, to_state=status, reason=note, at=now
        )
        audit.write()
        if upheld:
            Rating.objects.filter(pk=locked.rating_id).update(excluded=True)
            _void_rectification(locked.rating_id, actor, note, now)
    return locked


def _void_rectification(rating_id, actor: User, note: str, now) -> None:
    rectification = Rectification.objects.select_for_update().filter(rating_id=rating_id).first()
    if rectification is None or rectification.status == RectificationStatus.VOIDED:
        return
    before = rectification.status
    rectification.status = RectificationStatus.VOIDED
    rectification.save(update_fields=["status"])
    audit = AuditBatch("rectification", rectification.pk)
    audit.add(actor=actor, action="void", from_state=before, to_state=RectificationStatus.VOIDED, reason=note, at=now)
    audit.write()


# --- links and the evaluator --------------------------------------------------------------------------


def rating_link_issue(*, case: Case) -> RatingLink | None:
    """The walk-in case's own link, made once the case is decided (from the deciding transaction: the documents
    printed then carry it). None for a case that is not a walk-in's or not yet rateable."""
    if not (rules.is_walk_in(case) and case.status in rules.RATEABLE_STATUSES):
        return None
    link, _made = RatingLink.objects.get_or_create(
        case=case, defaults={"token": secrets.token_urlsafe(12), "created_at": timezone.now()}
    )
    return link


def issue_link_when_decided(*, case: Case, audit) -> None:
    """Registered with gaoxin.cases.hooks.on_case_changed. The link is the case's decision's consequence, audited as
    that decision; it changes nothing by itself."""
    rating_link_issue(case=case)


def evaluator_issue(*, clerk: User, renew: bool = False) -> Evaluator:
    """The clerk's evaluator address, made the first time; `renew` gives it a new address (a tablet lost or moved),
    after which the old one shows nothing."""
    if clerk.role != Role.CLERK:
        raise Forbidden(_("评价器属于综合窗口的工作人员"))
    with transaction.atomic():
        evaluator, made = Evaluator.objects.select_for_update().get_or_create(
            clerk=clerk, defaults={"token": secrets.token_urlsafe(12)}
        )
        if renew and not made:
            evaluator.token, evaluator.link, evaluator.pushed_at = secrets.token_urlsafe(12), None, None
            evaluator.save(update_fields=["token", "link", "pushed_at"])
        if made or renew:
            audit = AuditBatch("evaluator", evaluator.pk, new_chain=made)
            audit.add(actor=clerk, action="renew" if renew and not made else "issue")
            audit.write()
    return evaluator


def evaluator_push(*, clerk: User, case: Case) -> Evaluator:
    """请申请人评价: the clerk's evaluator shows this walk-in case, for the applicant to rate there. The clerk only
    sends it; the rating is the applicant's."""
    if not rules.may_ask_to_rate(clerk, case):
        raise Forbidden(_("只有综合窗口可以把现场办理的办件推送到评价器；网上申报的办件由申请人在网上评价"))
    _check_rateable(case)
    if Rating.objects.filter(case=case).exists():
        raise Conflict(str(ALREADY_RATED))
    evaluator = evaluator_issue(clerk=clerk)
    with transaction.atomic():
        link = rating_link_issue(case=case)
        locked = Evaluator.objects.select_for_update().get(pk=evaluator.pk)
        locked.link, locked.pushed_at = link, timezone.now()
        locked.save(update_fields=["link", "pushed_at"])
        audit = AuditBatch("evaluator", locked.pk)
        audit.add(actor=clerk, action="push", data={"case": str(case.pk), "number": case.number})
        audit.write()
    return locked


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
