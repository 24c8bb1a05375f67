"""Every write of 万人助万企. Each action is one transaction that locks what it changes, checks, changes and audits.

A demand's events go on its own chain ("demand", id), which is its timeline; a pairing's change on the enterprise's
chain ("pairing", enterprise id); a visit on its own ("visit", id). Who is told of what is sent after the commit.
"""

import re
import secrets
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.accounts.actions import LAST_USED_PRECISION, token_digest
from gaoxin.accounts.models import ApplicantKind, Department, Role, User
from gaoxin.core import sql
from gaoxin.core.audit import AuditBatch, audit_record
from gaoxin.core.errors import Conflict, DomainError, Forbidden, NotFound
from gaoxin.core.uploads import check_upload
from gaoxin.demands import rules, selectors
from gaoxin.demands.models import (
    OPEN_STATUSES,
    Attachment,
    Category,
    Channel,
    Demand,
    DemandCounter,
    Escalation,
    EscalationLevel,
    HotlineKey,
    Instruction,
    Pairing,
    Result,
    Satisfaction,
    Status,
    Urgency,
    Visit,
)
from gaoxin.economy.models import Enterprise
from gaoxin.notifications.actions import Message, deadline_moved_message, notify, when
from gaoxin.notifications.models import Kind
from gaoxin.notifications.selectors import approvers_by_department, department_heads, users_with_role
from gaoxin.workdays.deadlines import SlaState, add_working_days
from gaoxin.workdays.recompute import deadline_change, span

TITLE_MAX = 100
TEXT_MAX = 2000
PHONE_PATTERN = re.compile(r"^[0-9+\-\s()]{5,20}$")
PROBLEMS_MAX = 10
# Channels each kind of person raises through: an enterprise online, a cadre from a visit, the office any other.
OFFICE_CHANNELS = {Channel.WINDOW, Channel.HOTLINE, Channel.LEADER, Channel.RESIDENT, Channel.ONLINE}


def _text(value, *, field: str, missing: str | None, limit: int = TEXT_MAX) -> str:
    """The text stripped; refused when it is too long (never cut: nothing a person wrote is lost) or, unless it may
    be left blank (missing None), empty."""
    value = (value or "").strip()
    if not value and missing is not None:
        raise DomainError(missing, field=field)
    if len(value) > limit:
        raise DomainError(_("内容过长：最多 %(n)s 个字") % {"n": limit}, field=field)
    return value


def _due(start: datetime, days: int) -> datetime:
    return add_working_days(start, days).at


def _solve_days(demand: Demand) -> int:
    """The solving limit that runs: a reopened demand's shorter one, else a complex demand's longer one."""
    limits = demand.category
    if demand.reopen_count:
        return limits.reopen_days
    return limits.complex_days if demand.is_complex else limits.solve_days


# --- pairings -------------------------------------------------------------------------------------


def pairing_set(
    *,
    enterprise: Enterprise,
    actor: User,
    cadre: User,
    leader: User | None = None,
    chief_officer: bool = False,
    valid_from: date | None = None,
) -> Pairing:
    """Pair the enterprise with a cadre (and a leader) from a day on, ending its current pairing the day before:
    the demands office only. The history stays (valid_from/valid_to)."""
    if not rules.is_office(actor):
        raise Forbidden(_("只有企业服务办可以调整包联关系"))
    if cadre.role != Role.CADRE or not cadre.is_active:
        raise DomainError(_("包联干部须为在岗的包联干部账号"), field="cadre")
    if leader is not None and (leader.role != Role.LEADER or not leader.is_active):
        raise DomainError(_("包联领导须为在岗的领导账号"), field="leader")
    valid_from = valid_from or timezone.localdate()
    with transaction.atomic():
        current = Pairing.objects.select_for_update().filter(enterprise=enterprise, valid_to__isnull=True).first()
        if current is not None:
            if current.valid_from > valid_from:
                raise DomainError(_("起始日期不能早于现有包联关系的起始日期"), field="valid_from")
            current.valid_to = valid_from
            current.save(update_fields=["valid_to"])
        try:
            with transaction.atomic():
                pairing = Pairing.objects.create(
                    enterprise=enterprise,
                    cadre=cadre,
                    leader=leader,
                    chief_officer=chief_officer,
                    valid_from=valid_from,
                    created_by=actor,
                )
        except IntegrityError:
            # Two first pairings of one enterprise at once: the database's one-current rule let one in.
            raise Conflict(_("该企业的包联关系刚被调整，请刷新后重试"), field="enterprise") from None
        audit = AuditBatch("pairing", enterprise.pk)
        data = {"cadre": cadre.username, "leader": leader.username if leader else None, "chief": chief_officer}
        audit.add(actor=actor, action="pair", data={**data, "from": valid_from.isoformat()})
        audit.write()
    return pairing


# --- raising --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One demand as it is raised: what, of which kind, how urgent."""

    category: Category | None
    title: str
    text: str
    urgency: str = Urgency.NORMAL


TAKE_NUMBER = "UPDATE demands_demandcounter SET last = last + 1 WHERE year = %s RETURNING last"


def _next_number(year: int) -> str:
    """One more than the year's last number, taken by one UPDATE that also locks the year's row."""
    taken = sql.first_column(TAKE_NUMBER, [year])
    if not taken:
        try:
            with transaction.atomic():
                DemandCounter.objects.create(year=year)
        except IntegrityError:
            pass  # another request created this year's counter first
        taken = sql.first_column(TAKE_NUMBER, [year])
    return f"SQ{year}{taken[0]:06d}"


def _checked_problem(problem: Problem, prefix: str = "") -> Problem:
    if problem.category is None or not problem.category.active:
        raise DomainError(_("请选择诉求类别"), field=f"{prefix}category")
    if problem.urgency not in Urgency.values:
        raise DomainError(_("请选择紧急程度"), field=f"{prefix}urgency")
    title = _text(problem.title, field=f"{prefix}title", missing=_("请填写诉求标题"), limit=TITLE_MAX)
    text = _text(problem.text, field=f"{prefix}text", missing=_("请写明需要解决的问题"))
    return Problem(problem.category, title, text, problem.urgency)


def _checked_contact(name: str, phone: str) -> tuple[str, str]:
    name = _text(name, field="contact_name", missing=_("请填写联系人"), limit=50)
    phone = (phone or "").strip()
    if not PHONE_PATTERN.match(phone):
        raise DomainError(_("请填写正确的联系电话"), field="contact_phone")
    return name, phone


def _channel_for(actor: User, channel: str | None, enterprise: Enterprise | None) -> str:
    if rules.is_enterprise_account(actor):
        return Channel.ONLINE
    if rules.is_resident_account(actor):
        return Channel.RESIDENT
    if rules.is_cadre(actor):
        return Channel.VISIT
    if channel not in OFFICE_CHANNELS:
        raise DomainError(_("请选择来源渠道"), field="channel")
    if enterprise is None and channel == Channel.ONLINE:
        raise DomainError(_("企业网上提交的诉求须选择企业"), field="enterprise")
    return channel


def _create(
    *, problem: Problem, actor, enterprise, channel, contact, now, visit=None, external=None, audit_data=None
) -> Demand:
    demand = Demand(
        **(external or {}),
        number=_next_number(timezone.localtime(now).year),
        channel=channel,
        enterprise=enterprise,
        category=problem.category,
        title=problem.title,
        text=problem.text,
        urgency=problem.urgency,
        contact_name=contact[0],
        contact_phone=contact[1],
        visit=visit,
        raised_by=actor,
        raised_at=now,
        assign_due=_due(now, problem.category.assign_days),
    )
    repeat = selectors.earlier_repeat(demand)
    if repeat is not None:
        demand.repeat_of, demand.repeat_score = repeat
    demand.save(force_insert=True)
    audit = AuditBatch("demand", demand.pk, new_chain=True)
    data = {"number": demand.number, "channel": channel, "category": problem.category.code, **(audit_data or {})}
    if visit is not None:
        data["visit"] = str(visit.pk)
    if repeat is not None:
        data["repeat_of"], data["repeat_score"] = demand.repeat_of.number, demand.repeat_score
    audit.add(actor=actor, action="raise", to_state=demand.status, data=data, at=now)
    audit.write()
    return demand


def demand_raise(
    *,
    actor: User,
    problem: Problem,
    contact_name: str,
    contact_phone: str,
    enterprise: Enterprise | None = None,
    channel: str | None = None,
    attachments=(),
    now: datetime | None = None,
) -> Demand:
    """Enter a demand in the ledger: an enterprise its own, a resident their own (online, without an enterprise), a
    cadre one of a paired enterprise (from a visit), the office one from any other channel (a resident's without an
    enterprise), with its files (附件) if any. It waits for the office to assign it."""
    now = now or timezone.now()
    if not rules.may_raise(actor):
        raise Forbidden(_("只有企业、群众、包联干部和企业服务办可以登记诉求"))
    if rules.is_resident_account(actor):
        enterprise = None
    elif rules.is_enterprise_account(actor):
        enterprise = selectors.own_enterprise(actor)
        if enterprise is None:
            raise Forbidden(_("您的账号未关联本区登记的企业（须为企业法定代表人本人）"))
    elif enterprise is not None:
        enterprise = selectors.enterprise_for(actor, enterprise.pk)
    elif rules.is_cadre(actor):
        raise DomainError(_("请选择企业"), field="enterprise")
    channel = _channel_for(actor, channel, enterprise)
    problem = _checked_problem(problem)
    contact = _checked_contact(contact_name, contact_phone)
    files = _checked_files(attachments)
    files_data = {"attachments": _described(files)} if files else None
    with _removed_on_failure() as stored, transaction.atomic():
        demand = _create(
            problem=problem,
            actor=actor,
            enterprise=enterprise,
            channel=channel,
            contact=contact,
            now=now,
            audit_data=files_data,
        )
        stored += _store_files(files, actor=actor, now=now, demand=demand)
    return demand


def visit_record(
    *,
    actor: User,
    enterprise: Enterprise,
    visited_on: date,
    met: str,
    topics: str,
    notes: str = "",
    problems: list[Problem] = (),
    contact_phone: str = "",
    photos=(),
    now: datetime | None = None,
) -> tuple[Visit, list[Demand]]:
    """A cadre's visit to a paired enterprise, with its photos; each problem found becomes a demand of the visit, in
    one step (all or nothing). The person met is the demands' contact."""
    now = now or timezone.now()
    if not rules.is_cadre(actor):
        raise Forbidden(_("只有包联干部可以登记走访"))
    enterprise = selectors.enterprise_for(actor, enterprise.pk)
    if not isinstance(visited_on, date) or visited_on > timezone.localtime(now).date():
        raise DomainError(_("走访日期不能晚于今天"), field="visited_on")
    met = _text(met, field="met", missing=_("请填写接待人"), limit=100)
    topics = _text(topics, field="topics", missing=_("请填写走访内容"), limit=300)
    notes = _text(notes, field="notes", missing=None)
    if len(problems) > PROBLEMS_MAX:
        raise DomainError(_("一次走访最多登记 %(n)s 个问题") % {"n": PROBLEMS_MAX}, field="problems")
    checked = [_checked_problem(p, prefix=f"problems.{i}.") for i, p in enumerate(problems)]
    contact = _checked_contact(met, contact_phone) if checked else None
    pictures = _checked_files(photos, field="photos", images_only=True)
    with _removed_on_failure() as stored, transaction.atomic():
        visit = Visit.objects.create(
            enterprise=enterprise,
            cadre=actor,
            visited_on=visited_on,
            met=met,
            topics=topics,
            notes=notes,
            created_at=now,
        )
        stored += _store_files(pictures, actor=actor, now=now, visit=visit)
        audit = AuditBatch("visit", visit.pk, new_chain=True)
        data = {"enterprise": enterprise.pk, "problems": len(checked), "photos": _described(pictures)}
        audit.add(actor=actor, action="visit", data=data, at=now)
        audit.write()
        demands = [
            _create(
                problem=p,
                actor=actor,
                enterprise=enterprise,
                channel=Channel.VISIT,
                contact=contact,
                now=now,
                visit=visit,
            )
            for p in checked
        ]
    return visit, demands


# --- the loop -------------------------------------------------------------------------------------


@contextmanager
def _changing(demand: Demand):
    with transaction.atomic():
        try:
            locked = (
                Demand.objects.select_for_update(of=("self",))
                .select_related("category", "enterprise", "unit")
                .get(pk=demand.pk)
            )
        except Demand.DoesNotExist:
            raise NotFound(_("未找到该诉求")) from None
        audit = AuditBatch("demand", locked.pk)
        yield locked, audit
        audit.write()


def _transition(demand: Demand, action: str) -> str:
    allowed = rules.TRANSITIONS[action]
    if demand.status not in allowed:
        raise Conflict(
            _("诉求当前状态为“%(status)s”，不能%(action)s")
            % {"status": demand.get_status_display(), "action": str(rules.ACTION_NAMES[action])},
            field="status",
        )
    return allowed[demand.status]


def _move(demand: Demand, audit: AuditBatch, *, action: str, actor, now, reason="", data=None, fields=()) -> None:
    """Set the status the table gives, save it with the other changed fields, record the event."""
    to = _transition(demand, action)
    before, demand.status = demand.status, to
    demand.save(update_fields=["status", *fields])
    audit.add(actor=actor, action=action, from_state=before, to_state=to, reason=reason, data=data, at=now)


def _require_unit(actor, demand: Demand, action: str) -> None:
    """The step must be open from the demand's state (else a conflict: someone acted first, e.g. sent it back), and
    the person of its unit."""
    _transition(demand, action)
    if not rules.works_for_unit(actor, demand):
        raise Forbidden(_("只有承办单位的人员可以办理该诉求"))


def demand_assign(*, demand: Demand, actor: User, unit: Department, co_units=(), now: datetime | None = None) -> Demand:
    """The office hands the demand to a responsible unit (and co-units); the unit's clocks start: accept within 1
    working day, first response within 3, solve within 7 (the category's limits)."""
    now = now or timezone.now()
    if not rules.is_office(actor):
        raise Forbidden(_("只有企业服务办可以交办诉求"))
    if unit is None:
        raise DomainError(_("请选择承办单位"), field="unit")
    co_units = [u for u in co_units if u.pk != unit.pk]
    with _changing(demand) as (demand, audit):
        limits = demand.category
        demand.unit, demand.send_back_reason = unit, ""
        demand.assigned_at, demand.solve_from = now, now
        demand.accept_due = _due(now, limits.accept_days)
        demand.respond_due = _due(now, limits.respond_days)
        demand.solve_due = _due(now, _solve_days(demand))
        fields = ["unit", "send_back_reason", "assigned_at", "solve_from", "accept_due", "respond_due", "solve_due"]
        data = {"unit": unit.code, "co_units": [u.code for u in co_units], "solve_due": demand.solve_due.isoformat()}
        _move(demand, audit, action="assign", actor=actor, now=now, data=data, fields=fields)
        demand.co_units.set(co_units)
        told = [(person, _assigned_message(demand)) for person in _unit_people(unit, co_units)]
        transaction.on_commit(lambda: notify(told, now=now))
    return demand


def demand_send_back(*, demand: Demand, actor: User, reason: str, now: datetime | None = None) -> Demand:
    """The unit returns a demand that is not its business, with the reason; the office assigns it again."""
    now = now or timezone.now()
    reason = _text(reason, field="reason", missing=_("请填写退回理由"))
    with _changing(demand) as (demand, audit):
        _require_unit(actor, demand, "send_back")
        data = {"unit": demand.unit.code}
        demand.unit, demand.send_back_reason = None, reason
        demand.accept_due = demand.respond_due = demand.solve_due = demand.solve_from = demand.assigned_at = None
        fields = ["unit", "send_back_reason", "accept_due", "respond_due", "solve_due", "solve_from", "assigned_at"]
        _move(demand, audit, action="send_back", actor=actor, now=now, reason=reason, data=data, fields=fields)
        demand.co_units.clear()
    return demand


def demand_accept(*, demand: Demand, actor: User, now: datetime | None = None) -> Demand:
    now = now or timezone.now()
    with _changing(demand) as (demand, audit):
        _require_unit(actor, demand, "accept")
        demand.accepted_at = now
        _move(demand, audit, action="accept", actor=actor, now=now, fields=["accepted_at"])
    return demand


def demand_respond(*, demand: Demand, actor: User, note: str, now: datetime | None = None) -> Demand:
    """The first response: the unit has contacted the enterprise and says how it will proceed."""
    now = now or timezone.now()
    note = _text(note, field="note", missing=_("请填写响应情况"))
    with _changing(demand) as (demand, audit):
        _require_unit(actor, demand, "respond")
        demand.responded_at, demand.last_progress = now, note
        _move(
            demand, audit, action="respond", actor=actor, now=now, reason=note, fields=["responded_at", "last_progress"]
        )
    return demand


def demand_mark_complex(*, demand: Demand, actor: User, reason: str, now: datetime | None = None) -> Demand:
    """A complex demand (跨部门、需上级协调 …) is solved within the category's longer limit, counted from the start."""
    now = now or timezone.now()
    reason = _text(reason, field="reason", missing=_("请说明复杂原因"))
    with _changing(demand) as (demand, audit):
        _require_unit(actor, demand, "mark_complex")
        if demand.is_complex:
            raise Conflict(_("该诉求已标记为复杂诉求"), field="is_complex")
        demand.is_complex, demand.complex_reason = True, reason
        demand.solve_due = _due(demand.solve_from, _solve_days(demand))
        data = {"solve_due": demand.solve_due.isoformat()}
        _move(
            demand,
            audit,
            action="mark_complex",
            actor=actor,
            now=now,
            reason=reason,
            data=data,
            fields=["is_complex", "complex_reason", "solve_due"],
        )
    return demand


def demand_record_progress(*, demand: Demand, actor: User, note: str, now: datetime | None = None) -> Demand:
    now = now or timezone.now()
    note = _text(note, field="note", missing=_("请填写办理进展"))
    with _changing(demand) as (demand, audit):
        _require_unit(actor, demand, "progress")
        demand.last_progress = note
        _move(demand, audit, action="progress", actor=actor, now=now, reason=note, fields=["last_progress"])
    return demand


def demand_reply(
    *, demand: Demand, actor: User, result: str, reply: str, attachments=(), now: datetime | None = None
) -> Demand:
    """The unit's reply to the enterprise (or the resident) with the result, and a document of it if any; the party
    is asked to confirm it."""
    now = now or timezone.now()
    if result not in Result.values:
        raise DomainError(_("请选择办理结果"), field="result")
    reply = _text(reply, field="reply", missing=_("请填写答复内容"))
    files = _checked_files(attachments)
    with _removed_on_failure() as stored, _changing(demand) as (demand, audit):
        _require_unit(actor, demand, "reply")
        _require_room(demand, len(files))
        stored += _store_files(files, actor=actor, now=now, demand=demand)
        demand.result, demand.reply, demand.replied_at = result, reply, now
        demand.responded_at = demand.responded_at or now
        _move(
            demand,
            audit,
            action="reply",
            actor=actor,
            now=now,
            reason=reply,
            data={"result": result, **({"attachments": _described(files)} if files else {})},
            fields=["result", "reply", "replied_at", "responded_at"],
        )
        told = [(person, _replied_message(demand)) for person in _enterprise_people(demand)]
        transaction.on_commit(lambda: notify(told, now=now))
    return demand


def demand_confirm(
    *, demand: Demand, actor: User, satisfaction: str, comment: str = "", now: datetime | None = None
) -> Demand:
    """The enterprise (or its cadre on its behalf, marked so) says whether the reply solved it. Not satisfied
    reopens it (重办) with the same unit, the shorter reopening limit, and the responsible leader is told."""
    now = now or timezone.now()
    if satisfaction not in Satisfaction.values:
        raise DomainError(_("请选择满意度"), field="satisfaction")
    comment = _text(comment, field="comment", missing=None)
    if satisfaction == Satisfaction.NOT_SATISFIED and not comment:
        raise DomainError(_("请说明不满意的原因，以便承办单位重办"), field="comment")
    with _changing(demand) as (demand, audit):
        if not selectors.may_confirm(actor, demand):
            raise Forbidden(_("只有提出诉求的企业、群众（或代为确认的包联干部、企业服务办）可以确认办理结果"))
        on_behalf = not rules.is_party_account(actor) and (
            demand.enterprise_id is not None or rules.is_resident_account(demand.raised_by)
        )
        data = {"satisfaction": satisfaction, "on_behalf": on_behalf}
        if satisfaction == Satisfaction.NOT_SATISFIED:
            _reopen(demand, audit, actor=actor, now=now, reason=comment, data=data)
        else:
            demand.satisfaction, demand.confirmed_at, demand.confirmed_on_behalf = satisfaction, now, on_behalf
            _move(
                demand,
                audit,
                action="confirm",
                actor=actor,
                now=now,
                reason=comment,
                data=data,
                fields=["satisfaction", "confirmed_at", "confirmed_on_behalf"],
            )
    return demand


def _reopen(demand: Demand, audit: AuditBatch, *, actor, now, reason, data) -> None:
    demand.reopen_count += 1
    demand.solve_from, demand.solve_due = now, _due(now, _solve_days(demand))
    demand.result = demand.reply = ""
    demand.replied_at = None
    demand.satisfaction = Satisfaction.NOT_SATISFIED
    data = {**data, "reopen_count": demand.reopen_count, "solve_due": demand.solve_due.isoformat()}
    fields = ["reopen_count", "solve_from", "solve_due", "result", "reply", "replied_at", "satisfaction"]
    _move(demand, audit, action="reopen", actor=actor, now=now, reason=reason, data=data, fields=fields)
    leader = _responsible_leader(demand)
    told = [(leader, _reopened_message(demand))] if leader else []
    transaction.on_commit(lambda: notify(told, now=now))


def demand_close(*, demand: Demand, actor: User, note: str = "", now: datetime | None = None) -> Demand:
    """销号: the office closes a demand the enterprise confirmed, or — its reviewed decision, with a note — one whose
    reply explained that policy does not allow it. Anything else stays open."""
    now = now or timezone.now()
    if not rules.is_office(actor):
        raise Forbidden(_("只有企业服务办可以销号"))
    note = _text(note, field="note", missing=None)
    with _changing(demand) as (demand, audit):
        explained = demand.status == Status.REPLIED and demand.result == Result.EXPLAINED
        if demand.status == Status.REPLIED and not explained:
            raise Conflict(_("企业尚未确认办理结果，不能销号"), field="status")
        if explained and not note:
            raise DomainError(_("未经企业确认销号，须写明审核意见"), field="note")
        demand.closed_at = now
        data = {"basis": "reviewed_explanation" if explained else "confirmed"}
        _move(demand, audit, action="close", actor=actor, now=now, reason=note, data=data, fields=["closed_at"])
    return demand


# --- who is told ----------------------------------------------------------------------------------


def _unit_people(unit: Department, co_units) -> list[User]:
    found = approvers_by_department([unit.pk, *(u.pk for u in co_units)])
    return [person for people in found.values() for person in people]


def _enterprise_people(demand: Demand) -> list[User]:
    """The enterprise's accounts (its legal representative's), or, for a demand raised by a cadre, that cadre too;
    the resident who raised their own."""
    people = []
    if demand.enterprise_id:
        people = list(
            User.objects.filter(
                role=Role.APPLICANT,
                applicant_kind=ApplicantKind.ENTERPRISE,
                is_active=True,
                uscc=demand.enterprise.uscc,
                id_number_digest=demand.enterprise.legal_representative_id_digest,
            ).exclude(id_number_digest="")
        )
    raiser = demand.raised_by
    if raiser is not None and raiser not in people and raiser.is_active:
        if demand.channel == Channel.VISIT or rules.is_residents_own(raiser, demand):
            people.append(raiser)
    return people


def _responsible_leader(demand: Demand) -> User | None:
    if not demand.enterprise_id:
        return None
    pairing = selectors.current_pairings().filter(enterprise_id=demand.enterprise_id).select_related("leader").first()
    return pairing.leader if pairing else None


def _params(demand: Demand) -> dict:
    return {
        "number": demand.number,
        "title": demand.title,
        "party": demand.party_name,
        "unit": demand.unit.shown_short_name if demand.unit_id else "",
        "link": reverse("demands-demand", args=[demand.pk]),
    }


def _assigned_message(demand: Demand) -> Message:
    params = {**_params(demand), "accept_due": when(demand.accept_due), "solve_due": when(demand.solve_due)}
    return Message(
        Kind.DEMAND_ASSIGNED, f"{demand.pk}:{demand.assigned_at.isoformat()}", link=params["link"], params=params
    )


def _replied_message(demand: Demand) -> Message:
    params = {**_params(demand), "result": demand.get_result_display()}
    return Message(
        Kind.DEMAND_REPLIED, f"{demand.pk}:{demand.replied_at.isoformat()}", link=params["link"], params=params
    )


def _reopened_message(demand: Demand) -> Message:
    params = {**_params(demand), "count": demand.reopen_count, "solve_due": when(demand.solve_due)}
    return Message(Kind.DEMAND_REOPENED, f"{demand.pk}:{demand.reopen_count}", link=params["link"], params=params)


# --- supervision (督办) ----------------------------------------------------------------------------
# docs/decisions/0032-supervision.md: yellow warns the unit, a missed deadline goes to the unit's head, and still
# missed some working days later to the enterprise's responsible leader; leaders write instructions the unit answers.


def demands_supervise(*, now: datetime | None = None, tell: bool = True) -> dict:
    """The scheduled job (demands.tasks.supervise_demands): the unit's people hear of each deadline in warning once,
    and every missed deadline of a unit is escalated once per level. Each demand is escalated in its own transaction
    with its row locked, so two workers at once escalate it once. `tell`: the demo loads its history quietly."""
    now = now or timezone.now()
    if tell:
        _warn_units(now)
    escalated = sum(_escalate(demand_id, now=now, tell=tell) for demand_id in selectors.escalation_candidates(now))
    return {"escalated": escalated}


def _warn_units(now: datetime) -> None:
    near = selectors.demands_near_due(now)
    people = approvers_by_department(demand.unit_id for demand, _stage in near)
    told = [(person, _warning_message(d, stage)) for d, stage in near for person in people.get(d.unit_id, [])]
    notify(told, now=now)


def _escalate(demand_id, *, now: datetime, tell: bool) -> int:
    """Escalate one demand as its locked row says now (a reply or an earlier worker may have come first)."""
    with transaction.atomic():
        demand = (
            Demand.objects.select_for_update(of=("self",))
            .select_related("category", "enterprise", "unit")
            .filter(pk=demand_id, status__in=selectors.UNIT_STAGES, unit__isnull=False)
            .first()
        )
        stage = selectors.running_stage(demand, now) if demand is not None else None
        if stage is None or stage.sla != SlaState.OVERDUE:
            return 0
        done = set(demand.escalations.filter(due=stage.due).values_list("level", flat=True))
        levels = selectors.levels_due(stage.due, done, now)
        audit, told = AuditBatch("demand", demand.pk), []
        for level in levels:
            people = _escalation_targets(demand, level)
            escalation = Escalation.objects.create(
                demand=demand, level=level, status=demand.status, due=stage.due, at=now
            )
            escalation.recipients.set(people)
            names = "、".join(person.name for person in people) or _("（无在岗人员）")
            reason = _("%(stage)s超过期限 %(due)s，提请%(level)s督办：%(people)s") % {
                "stage": stage.label,
                "due": when(stage.due),
                "level": escalation.get_level_display(),
                "people": names,
            }
            data = {"level": level, "due": stage.due.isoformat(), "to": [person.username for person in people]}
            audit.add(
                actor=None,
                action="escalate",
                from_state=demand.status,
                to_state=demand.status,
                reason=reason,
                data=data,
                at=now,
            )
            told += [(person, _escalated_message(demand, stage, escalation)) for person in people]
        audit.write()
        if tell:
            transaction.on_commit(lambda: notify(told, now=now))
    return len(levels)


def _escalation_targets(demand: Demand, level: str) -> list[User]:
    """The unit's heads (部门负责人; its approvers when it has none, so that the escalation reaches someone), or the
    enterprise's responsible leader (包联领导; the zone's leaders for a resident's demand or an enterprise without
    an active one)."""
    if level == EscalationLevel.UNIT_HEAD:
        return department_heads(demand.unit_id) or _unit_people(demand.unit, ())
    leader = _responsible_leader(demand)
    if leader is not None and leader.is_active:
        return [leader]
    return users_with_role(Role.LEADER)


def demand_instruct(*, demand: Demand, actor: User, text: str, now: datetime | None = None) -> Instruction:
    """批示: a leader writes an instruction on a demand handed to a unit; the unit's people are told to answer it."""
    now = now or timezone.now()
    if not rules.may_instruct(actor):
        raise Forbidden(_("只有领导可以作出批示"))
    text = _text(text, field="text", missing=_("请填写批示内容"))
    with _changing(demand) as (demand, audit):
        if demand.unit_id is None or demand.status == Status.CLOSED:
            raise Conflict(_("诉求尚未交办承办单位或已销号，不能作出批示"), field="status")
        instruction = Instruction.objects.create(demand=demand, leader=actor, text=text, at=now)
        audit.add(actor=actor, action="instruct", reason=text, data={"instruction": str(instruction.pk)}, at=now)
        told = [(person, _instructed_message(demand, instruction)) for person in _unit_staff(demand.unit)]
        transaction.on_commit(lambda: notify(told, now=now))
    return instruction


def instruction_answer(*, instruction: Instruction, actor: User, answer: str, now: datetime | None = None):
    """The lead unit answers a leader's instruction, once; the leader is told."""
    now = now or timezone.now()
    answer = _text(answer, field="answer", missing=_("请填写答复内容"))
    with _changing(instruction.demand) as (demand, audit):
        if not rules.works_for_unit(actor, demand):
            raise Forbidden(_("只有承办单位的人员可以答复批示"))
        instruction = Instruction.objects.select_related("leader").get(pk=instruction.pk)
        if instruction.answered_at is not None:
            raise Conflict(_("该批示已答复"), field="instruction")
        instruction.answer, instruction.answered_by, instruction.answered_at = answer, actor, now
        instruction.save(update_fields=["answer", "answered_by", "answered_at"])
        data = {"instruction": str(instruction.pk)}
        audit.add(actor=actor, action="answer_instruction", reason=answer, data=data, at=now)
        told = [(instruction.leader, _answered_message(demand, instruction))] if instruction.leader.is_active else []
        transaction.on_commit(lambda: notify(told, now=now))
    return instruction


def demand_clear_repeat(*, demand: Demand, actor: User, note: str = "", now: datetime | None = None) -> Demand:
    """The office clears a false mark of a suspected repeat; the trail keeps which demand it was marked a repeat of."""
    now = now or timezone.now()
    if not rules.is_office(actor):
        raise Forbidden(_("只有企业服务办可以取消疑似重复标记"))
    note = _text(note, field="note", missing=None)
    with _changing(demand) as (demand, audit):
        if demand.repeat_of_id is None:
            raise Conflict(_("该诉求没有疑似重复标记"), field="repeat_of")
        data = {"repeat_of": str(demand.repeat_of_id), "repeat_score": demand.repeat_score}
        demand.repeat_of, demand.repeat_score = None, None
        demand.save(update_fields=["repeat_of", "repeat_score"])
        audit.add(actor=actor, action="clear_repeat", reason=note, data=data, at=now)
    return demand


def _unit_staff(unit: Department) -> list[User]:
    """The unit's approvers and heads: an instruction is for the unit, and its head answers for it."""
    return [*_unit_people(unit, ()), *department_heads(unit.pk)]


def _stage_params(demand: Demand, stage) -> dict:
    return {**_params(demand), "stage": stage.label, "due": when(stage.due)}


def _warning_message(demand: Demand, stage) -> Message:
    params = _stage_params(demand, stage)
    return Message(Kind.DEMAND_WARNING, f"{demand.pk}:{stage.due.isoformat()}", link=params["link"], params=params)


def _escalated_message(demand: Demand, stage, escalation: Escalation) -> Message:
    params = {**_stage_params(demand, stage), "level": escalation.get_level_display()}
    key = f"{demand.pk}:{escalation.level}:{stage.due.isoformat()}"
    return Message(Kind.DEMAND_ESCALATED, key, link=params["link"], params=params)


def _instructed_message(demand: Demand, instruction: Instruction) -> Message:
    params = {**_params(demand), "leader": instruction.leader.name, "instruction": instruction.text}
    return Message(Kind.DEMAND_INSTRUCTED, str(instruction.pk), link=params["link"], params=params)


def _answered_message(demand: Demand, instruction: Instruction) -> Message:
    params = {**_params(demand), "answer": instruction.answer}
    return Message(Kind.DEMAND_INSTRUCTION_ANSWERED, str(instruction.pk), link=params["link"], params=params)


# --- the 12345 hotline ----------------------------------------------------------------------------

# A work order's number as the hotline's platforms write it (letters, digits, dashes), e.g. 12345-20260412-0031.
WORK_ORDER_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]{0,39}$")
# A hotline's work order has no title of its own: the demand's is the start of its text (the text is kept whole).
HOTLINE_TITLE_LENGTH = 30


@dataclass(frozen=True)
class WorkOrder:
    """One 12345 work order (工单) as the hotline's platform exports or sends it."""

    number: str
    called_at: datetime | None
    caller: str
    phone: str
    category: Category | None
    text: str
    enterprise: Enterprise | None = None
    urgency: str = Urgency.NORMAL


def hotline_title(text: str) -> str:
    lines = (text or "").strip().splitlines()
    first = lines[0].strip() if lines else ""
    return first if len(first) <= HOTLINE_TITLE_LENGTH else first[: HOTLINE_TITLE_LENGTH - 1] + "…"


def _checked_work_order(order: WorkOrder, now: datetime) -> tuple[str, datetime | None, Problem, tuple[str, str]]:
    number = (order.number or "").strip()
    if not WORK_ORDER_PATTERN.match(number):
        raise DomainError(_("工单编号须为 1 至 40 位字母、数字或短横线"), field="number")
    called_at = order.called_at
    if called_at is not None and timezone.is_naive(called_at):
        called_at = timezone.make_aware(called_at)  # a time without its zone is the zone's (Asia/Shanghai)
    if called_at is not None and called_at > now:
        raise DomainError(_("来电时间不能晚于现在"), field="called_at")
    problem = _checked_problem(Problem(order.category, hotline_title(order.text), order.text, order.urgency))
    return number, called_at, problem, _checked_contact(order.caller, order.phone)


def hotline_order_of(number: str) -> Demand | None:
    return Demand.objects.filter(channel=Channel.HOTLINE, external_ref=number).first()


def demand_from_hotline(
    *, order: WorkOrder, actor: User | None = None, key: HotlineKey | None = None, now: datetime | None = None
) -> tuple[Demand, bool]:
    """A 12345 work order entered in the ledger as a demand of the hotline channel, waiting for the office to assign
    it; the office imports them (actor) or the hotline's system sends them (key). One demand per work order number:
    a work order already entered returns its demand and False (the hotline's system may send it again)."""
    now = now or timezone.now()
    if key is None and not rules.is_office(actor):
        raise Forbidden(_("只有企业服务办可以导入12345热线工单"))
    number, called_at, problem, contact = _checked_work_order(order, now)
    if (existing := hotline_order_of(number)) is not None:
        return existing, False
    external = {"external_ref": number, "external_at": called_at}
    # Who entered it: the office's account, or the system of the key (raised_by stays empty: no account).
    sender = {"external_ref": number, **({"key": key.pk, "system": key.name} if key is not None else {})}
    try:
        with transaction.atomic():
            demand = _create(
                problem=problem,
                actor=actor,
                enterprise=order.enterprise,
                channel=Channel.HOTLINE,
                contact=contact,
                now=now,
                external=external,
                audit_data=sender,
            )
    except IntegrityError:
        # The same work order sent twice at once: the database's one-per-number rule let one in.
        return hotline_order_of(number), False
    return demand, True


def hotline_key_create(*, name: str, actor: User | None) -> tuple[HotlineKey, str]:
    """A new key for the hotline's system, and the key itself, which is shown this once: only its digest is kept. The
    system administrator makes it (actor None: the command line, run by whoever runs the server)."""
    if actor is not None and actor.role != Role.ADMIN:
        raise Forbidden(_("只有系统管理员可以创建接口密钥"))
    name = _text(name, field="name", missing=_("请填写调用系统的名称"), limit=100)
    raw = secrets.token_urlsafe(32)
    with transaction.atomic():
        key = HotlineKey.objects.create(name=name, digest=token_digest(raw), prefix=raw[:6], created_by=actor)
        audit_record(subject_type="hotline_key", subject_id=key.pk, actor=actor, action="create", data={"name": name})
    return key, raw


def hotline_key_revoke(*, key: HotlineKey, actor: User | None, now: datetime | None = None) -> HotlineKey:
    if actor is not None and actor.role != Role.ADMIN:
        raise Forbidden(_("只有系统管理员可以注销接口密钥"))
    now = now or timezone.now()
    with transaction.atomic():
        key = HotlineKey.objects.select_for_update().get(pk=key.pk)
        if key.revoked_at is None:
            key.revoked_at = now
            key.save(update_fields=["revoked_at"])
            audit_record(subject_type="hotline_key", subject_id=key.pk, actor=actor, action="revoke", at=now)
    return key


def hotline_key_check(raw: str, now: datetime | None = None) -> HotlineKey | None:
    """The live key this is, or None; its last use is written at most once a minute, as for bearer tokens."""
    if not raw:
        return None
    now = now or timezone.now()
    key = HotlineKey.objects.filter(digest=token_digest(raw), revoked_at__isnull=True).first()
    if key is not None and (key.last_used_at is None or key.last_used_at < now - LAST_USED_PRECISION):
        HotlineKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return key


# --- a changed working-day calendar (gaoxin.workdays.recompute) --------------------------------------------------


def _dues(demand: Demand) -> dict[str, datetime]:
    """The stage deadlines as the loop's actions set them, counted by the calendar as it is now."""
    limits = demand.category
    dues = {"assign_due": _due(demand.raised_at, limits.assign_days)}
    if demand.assigned_at is not None:
        dues["accept_due"] = _due(demand.assigned_at, limits.accept_days)
        dues["respond_due"] = _due(demand.assigned_at, limits.respond_days)
    if demand.solve_from is not None:
        dues["solve_due"] = _due(demand.solve_from, _solve_days(demand))
    return dues


def demands_recompute(*, years: frozenset[int] | None, actor: User | None) -> int:
    """Open demands whose deadlines the calendar now counts differently: saved, audited on the demand's chain, and
    whoever must act in the running stage (the office, or the lead unit's people) told when its deadline moved. An
    escalation already made stays made. Returns how many demands changed."""
    pending = Demand.objects.select_for_update(of=("self",)).filter(status__in=OPEN_STATUSES)
    if (bounds := span(years)) is not None:
        since, until = bounds
        reaches = Q(assign_due__gte=since) | Q(accept_due__gte=since) | Q(respond_due__gte=since)
        pending = pending.filter(reaches | Q(solve_due__gte=since), raised_at__lt=until)
    changed, told = 0, []
    with transaction.atomic():
        for demand in pending.select_related("category", "unit").order_by("pk"):
            moved = {name: due for name, due in _dues(demand).items() if due != getattr(demand, name)}
            if not moved:
                continue
            running = selectors.running_stage(demand, timezone.now())
            old_running = running.due if running is not None else None
            data = {name: deadline_change((getattr(demand, name), False), due, False) for name, due in moved.items()}
            for name, due in moved.items():
                setattr(demand, name, due)
            demand.save(update_fields=list(moved))
            audit = AuditBatch("demand", demand.pk)
            audit.add(
                actor=actor, action="deadline_recompute", from_state=demand.status, to_state=demand.status, data=data
            )
            audit.write()
            changed += 1
            now_running = selectors.running_stage(demand, timezone.now())
            if now_running is not None and old_running is not None and now_running.due != old_running:
                told += [(person, _demand_moved(demand, old_running, now_running)) for person in _acting(demand)]
        notify(told)
    return changed


def _acting(demand: Demand) -> list[User]:
    """Who must act in the demand's running stage: the office before it is assigned, then the lead unit."""
    if demand.unit_id is None:
        return users_with_role(Role.DEMANDS_OFFICE)
    return _unit_people(demand.unit, ())


def _demand_moved(demand: Demand, old: datetime, stage) -> Message:
    names = {"number": demand.number, "stage": stage.label, "old": when(old), "new": when(stage.due)}
    return deadline_moved_message(
        demand.pk,
        _("诉求 %(number)s 的%(stage)s期限调整为 %(new)s") % names,
        _("工作日历调整后重新计算：%(stage)s期限由 %(old)s 改为 %(new)s。") % names,
        reverse("demands-demand", args=[demand.pk]),
    )


# --- attachments (附件) and a visit's photos -------------------------------------------------------------------------


def attachments_max() -> int:
    return settings.GAOXIN["DEMANDS_ATTACHMENTS_MAX"]


def _checked_files(files, *, field: str = "attachments", images_only: bool = False) -> list[tuple]:
    """Each file checked by the platform's upload rules (type from its content, size), none beyond the limit."""
    files = [f for f in files if f]
    if len(files) > attachments_max():
        raise DomainError(_("最多上传 %(n)s 个文件") % {"n": attachments_max()}, field=field)
    checked = []
    for upload in files:
        item = check_upload(upload, field=field)
        if images_only and not item.content_type.startswith("image/"):
            raise DomainError(_("走访照片只接受 JPG、PNG 图片"), field=field)
        checked.append((upload, item))
    return checked


def _require_room(demand: Demand, adding: int) -> None:
    """Counted with the demand's row locked, so two uploads at once cannot both pass the limit."""
    if adding and demand.attachments.count() + adding > attachments_max():
        raise DomainError(_("每项诉求最多 %(n)s 个附件") % {"n": attachments_max()}, field="attachments")


def _described(checked: list[tuple]) -> list[dict]:
    return [{"name": item.safe_name, "size": item.size, "sha256": item.sha256} for _upload, item in checked]


@contextmanager
def _removed_on_failure():
    """The files stored inside a transaction that then fails are removed: the database forgets them, the disk too."""
    stored: list[Attachment] = []
    try:
        yield stored
    except BaseException:
        for attachment in stored:
            attachment.file.delete(save=False)
        raise


def _store_files(checked: list[tuple], *, actor, now, demand=None, visit=None) -> list[Attachment]:
    stored = []
    for upload, item in checked:
        attachment = Attachment(
            demand=demand,
            visit=visit,
            original_name=item.safe_name,
            content_type=item.content_type,
            size=item.size,
            sha256=item.sha256,
            uploaded_by=actor,
            uploaded_at=now,
        )
        # A fresh name on disk: no collisions to probe for, no name a person chose.
        attachment.file.save(f"{uuid.uuid4().hex}.{item.extension}", upload, save=False)
        stored.append(attachment)
        attachment.save(force_insert=True)
    return stored


def demand_attach(*, demand: Demand, actor: User, files, now: datetime | None = None) -> list[Attachment]:
    """Add files to a demand: its party or its raiser until it is closed, the lead unit while it works it."""
    now = now or timezone.now()
    checked = _checked_files(files)
    if not checked:
        raise DomainError(_("请选择要上传的文件"), field="attachments")
    with _removed_on_failure() as stored, _changing(demand) as (demand, audit):
        if not rules.may_attach(actor, demand):
            raise Forbidden(_("只有诉求的提出人和承办单位可以上传附件（已销号的不能再上传）"))
        _require_room(demand, len(checked))
        stored += _store_files(checked, actor=actor, now=now, demand=demand)
        data = {"attachments": _described(checked)}
        audit.add(actor=actor, action="attach", from_state=demand.status, to_state=demand.status, data=data, at=now)
    return stored
