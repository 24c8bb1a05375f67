"""Every read of 万人助万企 a person triggers, taking that person: what is not theirs is a 404 (rules.py says who sees
what)."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, Max, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from rapidfuzz import fuzz

from gaoxin.accounts.models import Department, User
from gaoxin.cases.models import Case
from gaoxin.certificates.models import License
from gaoxin.core import personal
from gaoxin.core.audit import timeline
from gaoxin.core.errors import DomainError, NotFound
from gaoxin.core.numbers import percent
from gaoxin.demands import rules
from gaoxin.demands.models import (
    OPEN_STATUSES,
    Attachment,
    Category,
    Channel,
    Demand,
    Escalation,
    EscalationLevel,
    Instruction,
    Pairing,
    Result,
    Satisfaction,
    Status,
    Visit,
)
from gaoxin.economy.models import Enterprise, EnterpriseStatus, OutputMetric, OutputSeries
from gaoxin.projects.models import Project
from gaoxin.workdays.deadlines import SlaState, add_working_days, sla_state


def visit_interval_days() -> int:
    """An enterprise not visited for this long shows on the cadre's and the office's lists (a quarter by default)."""
    return settings.GAOXIN["DEMANDS_VISIT_INTERVAL_DAYS"]


def own_enterprise(user) -> Enterprise | None:
    """The register's enterprise an enterprise account acts for: its USCC, with this person as legal representative."""
    if not rules.is_enterprise_account(user):
        return None
    # The numbers are stored encrypted: the same person by their digests (gaoxin.core.personal).
    return (
        Enterprise.objects.filter(
            uscc=user.uscc.upper(), legal_representative_id_digest=user.id_number_digest, status=EnterpriseStatus.ACTIVE
        )
        .exclude(legal_representative_id_digest="")
        .first()
    )


def current_pairings() -> QuerySet[Pairing]:
    return Pairing.objects.filter(valid_to__isnull=True)


def paired_enterprise_ids(user) -> set[int]:
    if not rules.is_cadre(user):
        return set()
    return set(current_pairings().filter(cadre=user).values_list("enterprise_id", flat=True))


def demands_visible_to(user) -> QuerySet[Demand]:
    demands = Demand.objects.select_related("category", "enterprise", "unit", "repeat_of")
    if rules.sees_all(user):
        return demands
    if rules.is_unit_member(user):
        return demands.filter(Q(unit_id=user.department_id) | Q(co_units=user.department_id)).distinct()
    if rules.is_cadre(user):
        return demands.filter(enterprise_id__in=paired_enterprise_ids(user))
    if rules.is_resident_account(user):
        return demands.filter(raised_by=user, channel=Channel.RESIDENT)
    if (enterprise := own_enterprise(user)) is not None:
        return demands.filter(enterprise=enterprise)
    return demands.none()


def demand_for(user, demand_id) -> Demand:
    demand = demands_visible_to(user).filter(pk=demand_id).first()
    if demand is None:
        raise NotFound(_("未找到该诉求"))
    return demand


def enterprise_for(user, enterprise_id) -> Enterprise:
    """An enterprise the person may raise a demand for or record a visit at: any for the office, a paired one for a
    cadre, its own for an enterprise."""
    if rules.is_office(user):
        found = Enterprise.objects.filter(pk=enterprise_id).first()
    elif rules.is_cadre(user):
        found = Enterprise.objects.filter(pk=enterprise_id, pk__in=paired_enterprise_ids(user)).first()
    else:
        own = own_enterprise(user)
        found = own if own is not None and str(own.pk) == str(enterprise_id) else None
    if found is None:
        raise NotFound(_("未找到该企业，或该企业不是您包联的企业"))
    return found


def may_confirm(user, demand: Demand) -> bool:
    own = own_enterprise(user)
    return rules.may_confirm(
        user, demand, own_enterprise_id=own.pk if own else None, paired_ids=paired_enterprise_ids(user)
    )


# --- how a demand reads ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Stage:
    """The running stage of an open demand: what is awaited, since when, until when, and how late."""

    label: str
    start: datetime
    due: datetime
    sla: str


# The stage an open demand is in, named by what is awaited.
STAGE_LABELS = {
    Status.NEW: gettext_lazy("交办"),
    Status.ASSIGNED: gettext_lazy("签收"),
    Status.ACCEPTED: gettext_lazy("首次响应"),
    Status.IN_PROGRESS: gettext_lazy("办结"),
}


def running_stage(demand: Demand, now: datetime) -> Stage | None:
    """Yellow (warning) at 80 % of the stage's limit used, red once overdue; None for a demand no longer open."""
    stages = {
        Status.NEW: (demand.raised_at, demand.assign_due),
        Status.ASSIGNED: (demand.assigned_at, demand.accept_due),
        Status.ACCEPTED: (demand.assigned_at, demand.respond_due),
        Status.IN_PROGRESS: (demand.solve_from, demand.solve_due),
    }
    if demand.status not in stages:
        return None
    start, due = stages[demand.status]
    if start is None or due is None:
        return None
    return Stage(str(STAGE_LABELS[demand.status]), start, due, sla_state(start=start, deadline=due, now=now).value)


def demand_out(demand: Demand, now: datetime, user=None) -> dict:
    stage = running_stage(demand, now)
    return {
        "id": demand.pk,
        "number": demand.number,
        "title": demand.title,
        "text": demand.text,
        "channel": demand.channel,
        "channel_label": demand.get_channel_display(),
        "enterprise_id": demand.enterprise_id,
        "party": demand.party_name,
        "category": demand.category.code,
        "category_label": demand.category.name,
        # The unit the office usually hands this kind to (the board preselects it).
        "suggested_unit": demand.category.default_unit_id,
        "urgency": demand.urgency,
        "contact_name": demand.contact_name,
        # Masked for whoever does not handle the demand, and when no reader is named (rules.handles_contact).
        "contact_phone": demand.contact_phone
        if user is not None and rules.handles_contact(user, demand)
        else personal.mask_phone(demand.contact_phone),
        "external_ref": demand.external_ref,
        "status": demand.status,
        "status_label": demand.get_status_display(),
        "unit": demand.unit.code if demand.unit_id else None,
        "unit_name": demand.unit.shown_short_name if demand.unit_id else "",
        "is_complex": demand.is_complex,
        "complex_reason": demand.complex_reason,
        "send_back_reason": demand.send_back_reason,
        "raised_at": demand.raised_at,
        "assign_due": demand.assign_due,
        "accept_due": demand.accept_due,
        "respond_due": demand.respond_due,
        "solve_due": demand.solve_due,
        "assigned_at": demand.assigned_at,
        "accepted_at": demand.accepted_at,
        "responded_at": demand.responded_at,
        "replied_at": demand.replied_at,
        "last_progress": demand.last_progress,
        "result": demand.result,
        "result_label": demand.get_result_display() if demand.result else "",
        "reply": demand.reply,
        "satisfaction": demand.satisfaction,
        "satisfaction_label": demand.get_satisfaction_display() if demand.satisfaction else "",
        "confirmed_on_behalf": demand.confirmed_on_behalf,
        "reopen_count": demand.reopen_count,
        "closed_at": demand.closed_at,
        "stage": stage.label if stage else "",
        "stage_due": stage.due if stage else None,
        "sla": stage.sla if stage else "",
        **repeat_out(demand, user),
    }


def events_of(demand: Demand) -> list[dict]:
    return timeline("demand", demand.pk, rules.EVENT_LABELS)


# --- the lists of each person --------------------------------------------------------------------


def demand_list(user, *, status: str = "", unit: str = "", category: str = "", overdue: bool = False, now=None):
    """The person's demands: those not closed first, newest first, then the closed ones, last closed first; `status`
    "open" for the open ones only."""
    demands = demands_visible_to(user)
    if status == "open":
        demands = demands.filter(status__in=OPEN_STATUSES)
    elif status:
        demands = demands.filter(status=status)
    if unit:
        demands = demands.filter(unit__code=unit)
    if category:
        demands = demands.filter(category__code=category)
    if overdue:
        demands = overdue_filter(demands, now or timezone.now())
    return demands.order_by(F("closed_at").desc(nulls_first=True), "-raised_at")


def overdue_q(now: datetime) -> Q:
    """Open demands whose running stage is past its due date: the same stages as running_stage, in SQL."""
    return (
        Q(status=Status.NEW, assign_due__lt=now)
        | Q(status=Status.ASSIGNED, accept_due__lt=now)
        | Q(status=Status.ACCEPTED, respond_due__lt=now)
        | Q(status=Status.IN_PROGRESS, solve_due__lt=now)
    )


def overdue_filter(demands: QuerySet[Demand], now: datetime) -> QuerySet[Demand]:
    return demands.filter(overdue_q(now))


def board(user, now: datetime) -> dict:
    """The office's dispatch board: new (unassigned, sent back), overdue, and open demands by unit."""
    demands = demands_visible_to(user)
    open_demands = demands.filter(status__in=OPEN_STATUSES)
    by_unit = (
        open_demands.exclude(unit=None)
        .values("unit__code", "unit__short_name", "unit__name")
        .annotate(
            open=Count("pk"),
            overdue=Count("pk", filter=overdue_q(now)),
        )
        .order_by("-open")
    )
    return {
        "new": [demand_out(d, now, user) for d in demands.filter(status=Status.NEW).order_by("assign_due")[:200]],
        "overdue": [demand_out(d, now, user) for d in overdue_filter(open_demands, now).order_by("raised_at")[:200]],
        "by_unit": list(by_unit),
        "awaiting_close": demands.filter(status=Status.CONFIRMED).count(),
    }


def unit_desk(user, now: datetime) -> dict:
    demands = demands_visible_to(user).filter(unit_id=user.department_id) if rules.is_unit_member(user) else None
    if demands is None:
        return {"waiting": [], "working": [], "replied": [], "instructions": []}
    return {
        "waiting": _rows(demands.filter(status=Status.ASSIGNED), now, user),
        "working": _rows(demands.filter(status__in=(Status.ACCEPTED, Status.IN_PROGRESS)), now, user),
        "replied": _rows(demands.filter(status=Status.REPLIED), now, user),
        # The leaders' instructions the unit must answer, on demands it leads.
        "instructions": pending_instructions(demands),
    }


def _rows(demands: QuerySet[Demand], now: datetime, user) -> list[dict]:
    return [demand_out(d, now, user) for d in demands.order_by("raised_at")[:200]]


def cadre_enterprises(user, today: date) -> list[dict]:
    """The cadre's paired enterprises (the office: every enterprise of the register) with their last visit; an
    enterprise with no pairing or not visited for a quarter is flagged."""
    enterprises = Enterprise.objects.filter(status=EnterpriseStatus.ACTIVE)
    if rules.is_cadre(user):
        enterprises = enterprises.filter(pk__in=paired_enterprise_ids(user))
    elif not rules.sees_all(user):
        return []
    enterprises = enterprises.annotate(
        last_visit=Max("visits__visited_on"),
        open_demands=Count("demands", filter=Q(demands__status__in=OPEN_STATUSES), distinct=True),
    ).order_by("name")
    pairings = {p.enterprise_id: p for p in current_pairings().select_related("cadre", "leader")}
    since = today - timedelta(days=visit_interval_days())
    return [
        {
            "enterprise": e,
            "pairing": pairings.get(e.pk),
            "last_visit": e.last_visit,
            "open_demands": e.open_demands,
            "unpaired": e.pk not in pairings,
            "unvisited": e.last_visit is None or e.last_visit < since,
        }
        for e in enterprises
    ]


def visits_of(user) -> QuerySet[Visit]:
    visits = Visit.objects.select_related("enterprise", "cadre")
    if rules.sees_all(user):
        return visits
    if rules.is_cadre(user):
        return visits.filter(enterprise_id__in=paired_enterprise_ids(user))
    return visits.none()


def units() -> QuerySet[Department]:
    return Department.objects.order_by("code")


def categories() -> QuerySet[Category]:
    return Category.objects.filter(active=True)


def cadres() -> QuerySet[User]:
    return User.objects.filter(role="cadre", is_active=True).order_by("username")


# --- repeats (疑似重复) -----------------------------------------------------------------------------

# The party's demands compared with a new one, newest first: enough for any party of the zone, and the raising stays
# cheap whatever the ledger's size.
REPEAT_CANDIDATES = 50
# Chinese has no spaces between words: the texts are compared character by character, without spaces and punctuation
# (a comma more or a full stop less is the same demand).
NOT_COMPARED = re.compile(r"[\s\W_]+")


def repeat_window_days() -> int:
    return settings.GAOXIN["DEMANDS_REPEAT_WINDOW_DAYS"]


def repeat_text_score() -> int:
    return settings.GAOXIN["DEMANDS_REPEAT_TEXT_SCORE"]


def text_score(a: str, b: str) -> int:
    """How alike two demands' texts are, 0-100: rapidfuzz's normalised Indel similarity over their characters."""
    return round(fuzz.ratio(NOT_COMPARED.sub("", a), NOT_COMPARED.sub("", b)))


def _party_q(demand: Demand) -> Q | None:
    """The same party: the same enterprise, or for a resident (no enterprise) the same contact phone."""
    if demand.enterprise_id:
        return Q(enterprise_id=demand.enterprise_id)
    if demand.contact_phone:
        return Q(enterprise__isnull=True) & personal.matching("contact_phone", demand.contact_phone)
    return None


def earlier_repeat(demand: Demand) -> tuple[Demand, int] | None:
    """The party's earlier demand that this one (being raised) repeats, with their texts' score: one raised within
    the window in the same category, or in any category with texts at least the threshold alike; the most alike of
    them. Problems found on one visit are different problems, never repeats of each other."""
    party = _party_q(demand)
    if party is None:
        return None
    since = demand.raised_at - timedelta(days=repeat_window_days())
    candidates = Demand.objects.filter(party, raised_at__gte=since, raised_at__lte=demand.raised_at).exclude(
        pk=demand.pk
    )
    if demand.visit_id:
        candidates = candidates.exclude(visit_id=demand.visit_id)
    mine, threshold = demand.title + demand.text, repeat_text_score()
    best = None
    for earlier in candidates.order_by("-raised_at")[:REPEAT_CANDIDATES]:
        score = text_score(earlier.title + earlier.text, mine)
        if (earlier.category_id == demand.category_id or score >= threshold) and (best is None or score > best[1]):
            best = (earlier, score)
    return best


def repeat_out(demand: Demand, user=None) -> dict:
    """The suspected repeat's mark, for the staff: an enterprise or a resident is not shown the office's suspicion."""
    shown = demand.repeat_of_id is not None and not rules.is_party_account(user)
    return {
        "repeat_of_id": demand.repeat_of_id if shown else None,
        "repeat_of_number": demand.repeat_of.number if shown else "",
        "repeat_score": demand.repeat_score if shown else None,
        "repeat_same_category": shown and demand.repeat_of.category_id == demand.category_id,
    }


# --- supervision (督办) ----------------------------------------------------------------------------

# The stages a unit is late in: a demand waiting for the office (待交办) is the office's own lateness, on its board.
UNIT_STAGES = (Status.ASSIGNED, Status.ACCEPTED, Status.IN_PROGRESS)


def escalate_leader_days() -> int:
    return settings.GAOXIN["DEMANDS_ESCALATE_LEADER_DAYS"]


def leader_escalation_at(due: datetime) -> datetime:
    """When a missed deadline still missed goes to the leader: close of business on the N-th working day after it."""
    return add_working_days(due, escalate_leader_days()).at


def levels_due(due: datetime, done: set[str], now: datetime) -> list[str]:
    """The escalations a deadline missed at `now` calls for that are not `done` yet: the unit's head at once, the
    leader once the further working days are over."""
    levels = [] if EscalationLevel.UNIT_HEAD in done else [EscalationLevel.UNIT_HEAD]
    if EscalationLevel.LEADER not in done and now >= leader_escalation_at(due):
        levels.append(EscalationLevel.LEADER)
    return levels


def _unit_stage_demands() -> QuerySet[Demand]:
    return Demand.objects.filter(status__in=UNIT_STAGES, unit__isnull=False).select_related(
        "category", "enterprise", "unit"
    )


def escalation_candidates(now: datetime) -> list[int]:
    """Demands late in a unit's stage with an escalation still to make (read without locks: the action locks each
    one and decides again)."""
    late = _unit_stage_demands().filter(overdue_q(now)).prefetch_related("escalations")
    found = []
    for demand in late:
        stage = running_stage(demand, now)
        done = {e.level for e in demand.escalations.all() if stage and e.due == stage.due}
        if stage is not None and levels_due(stage.due, done, now):
            found.append(demand.pk)
    return found


def demands_near_due(now: datetime) -> list[tuple[Demand, Stage]]:
    """Demands in a unit's stage with 80 % of its limit used and the deadline not yet passed (yellow)."""
    running = _unit_stage_demands().exclude(overdue_q(now))
    staged = ((demand, running_stage(demand, now)) for demand in running)
    return [(demand, stage) for demand, stage in staged if stage and stage.sla == SlaState.WARNING]


def escalations_of(demand: Demand) -> list[dict]:
    escalations = demand.escalations.prefetch_related("recipients")
    return [
        {
            "level": e.level,
            "level_label": e.get_level_display(),
            "status": e.status,
            "stage": str(STAGE_LABELS[e.status]),
            "due": e.due,
            "at": e.at,
            "to": [person.name for person in e.recipients.all()],
        }
        for e in escalations
    ]


def instruction_out(instruction: Instruction) -> dict:
    return {
        "id": instruction.pk,
        "leader": instruction.leader.name,
        "text": instruction.text,
        "at": instruction.at,
        "answer": instruction.answer,
        "answered_by": instruction.answered_by.name if instruction.answered_by_id else "",
        "answered_at": instruction.answered_at,
    }


def instructions_of(demand: Demand) -> list[dict]:
    return [instruction_out(i) for i in demand.instructions.select_related("leader", "answered_by")]


def instruction_of(demand: Demand, instruction_id) -> Instruction:
    instruction = Instruction.objects.filter(demand=demand, pk=instruction_id).first()
    if instruction is None:
        raise NotFound(_("未找到该批示"), field="instruction")
    return instruction


def pending_instructions(demands: QuerySet[Demand]) -> list[dict]:
    """Instructions not answered yet on these demands (not closed), oldest first, each with its demand."""
    pending = (
        Instruction.objects.filter(answered_at__isnull=True, demand__in=demands.exclude(status=Status.CLOSED))
        .select_related("leader", "demand")
        .order_by("at")
    )
    return [{**instruction_out(i), "demand_id": i.demand_id, "number": i.demand.number} for i in pending[:200]]


def supervision(user, now: datetime) -> dict:
    """The leaders' and the office's supervision view: the demands late in a unit's stage or escalated and still
    open, by unit, with the escalation each reached; those escalated to this person; instructions pending answer."""
    if not rules.sees_all(user):
        return {"units": [], "mine": [], "pending": []}
    demands = demands_visible_to(user)
    watched = (
        demands.filter(status__in=UNIT_STAGES)
        .filter(overdue_q(now) | Q(escalations__isnull=False))
        .distinct()
        .prefetch_related(Prefetch("escalations", queryset=Escalation.objects.prefetch_related("recipients")))
        .annotate(pending=Count("instructions", filter=Q(instructions__answered_at__isnull=True), distinct=True))
        .order_by("unit__code", "raised_at")
    )
    units: dict[int, dict] = {}
    mine = []
    for demand in watched[:500]:
        escalations = list(demand.escalations.all())
        row = {
            **demand_out(demand, now, user),
            "escalation": escalations[-1].get_level_display() if escalations else "",
            "pending_instructions": demand.pending,
        }
        group = units.setdefault(
            demand.unit_id, {"unit": demand.unit.shown_short_name, "rows": [], "overdue": 0, "escalated": 0}
        )
        group["rows"].append(row)
        group["overdue"] += row["sla"] == SlaState.OVERDUE
        group["escalated"] += bool(escalations)
        if any(user in e.recipients.all() for e in escalations):
            mine.append(row)
    return {"units": list(units.values()), "mine": mine, "pending": pending_instructions(demands)}


# --- 一企一档: one enterprise's file ---------------------------------------------------------------------------

# Enough of each part for a page; the rest is on the part's own pages (the ledger, the register, the projects).
FILE_ROWS = 50
OUTPUT_POINTS = 12


def may_read_file(user, enterprise_id) -> bool:
    own = own_enterprise(user)
    return rules.may_read_file(
        user, enterprise_id, own_enterprise_id=own.pk if own else None, paired_ids=paired_enterprise_ids(user)
    )


def enterprise_file_for(user, enterprise_id) -> Enterprise:
    """The enterprise whose file the person may read (rules.may_read_file), else a 404."""
    if not rules.may_use(user) or not may_read_file(user, _as_id(enterprise_id)):
        raise NotFound(_("未找到该企业"))
    found = Enterprise.objects.select_related("park").filter(pk=enterprise_id).first()
    if found is None:
        raise NotFound(_("未找到该企业"))
    return found


def _as_id(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def enterprise_file(user, enterprise: Enterprise, now: datetime) -> dict:
    """Everything the platform holds on one enterprise, each part from the app that keeps it: its register entry and
    park (economy), output figures (economy), the cases it applied for by its USCC (cases), its licenses
    (certificates), the key projects it builds (projects, by the builder's name), its pairings with their history,
    the cadres' visits and its demands."""
    return {
        "enterprise": _register_entry(enterprise),
        "output": _output_figures(enterprise),
        "cases": _cases_of(enterprise),
        "licenses": _licenses_of(enterprise),
        "projects": _projects_of(enterprise),
        "pairings": _pairings_of(enterprise),
        "visits": _visits_at(enterprise),
        "demands": [demand_out(d, now, user) for d in _demands_of(enterprise)],
        "demand_count": Demand.objects.filter(enterprise=enterprise).count(),
    }


def _register_entry(e: Enterprise) -> dict:
    return {
        "id": e.pk,
        "name": e.name,
        "uscc": e.uscc,
        "legal_representative": e.legal_representative,
        "address": e.address,
        "registered_capital": e.registered_capital,
        "business_scope": e.business_scope,
        "established_on": e.established_on,
        "status": e.status,
        "status_label": e.get_status_display(),
        "industry": e.industry,
        "park": e.park.code if e.park_id else None,
        "park_name": (e.park.short_name or e.park.name) if e.park_id else "",
    }


def _output_figures(e: Enterprise) -> list[dict]:
    order = list(OutputMetric.values)
    rows = []
    for series in OutputSeries.objects.filter(enterprise=e).prefetch_related("points"):
        points = list(series.points.all())[-OUTPUT_POINTS:]
        rows.append(
            {
                "metric": series.metric,
                "metric_label": series.get_metric_display(),
                "product": series.product,
                "unit": series.unit,
                "points": [{"on": p.on, "value": p.value} for p in points],
                "latest": points[-1].value if points else None,
                "latest_on": points[-1].on if points else None,
            }
        )
    return sorted(rows, key=lambda r: (order.index(r["metric"]), r["product"]))


def _cases_of(e: Enterprise) -> list[dict]:
    # The cases it applied for by its USCC, and the one that set it up (its applicant was a person then).
    cases = Case.objects.filter(Q(applicant_uscc=e.uscc) | Q(pk=e.source_case_id)).select_related("item", "bundle")
    cases = cases.order_by("-created_at")
    return [
        {
            "id": c.pk,
            "number": c.number,
            "title": c.title,
            "status": c.status,
            "status_label": c.get_status_display(),
            "submitted_at": c.submitted_at,
            "decided_at": c.decided_at,
        }
        for c in cases[:FILE_ROWS]
    ]


def _licenses_of(e: Enterprise) -> list[dict]:
    licenses = License.objects.filter(Q(enterprise=e) | Q(uscc=e.uscc)).order_by("-issued_at")
    return [
        {
            "id": lic.pk,
            "number": lic.number,
            "name": lic.name,
            "authority": lic.authority,
            "issued_at": lic.issued_at,
            "revoked": lic.revoked_at is not None,
        }
        for lic in licenses[:FILE_ROWS]
    ]


def _projects_of(e: Enterprise) -> list[dict]:
    projects = Project.objects.filter(owner=e.name).order_by("code")
    return [
        {
            "id": p.pk,
            "code": p.code,
            "name": p.name,
            "level_label": p.get_level_display(),
            "stage_label": p.get_stage_display(),
            "total_investment": p.total_investment,
        }
        for p in projects[:FILE_ROWS]
    ]


def _pairings_of(e: Enterprise) -> list[dict]:
    pairings = Pairing.objects.filter(enterprise=e).select_related("cadre", "leader").order_by("-valid_from", "-pk")
    return [
        {
            "cadre": p.cadre.name,
            "leader": p.leader.name if p.leader_id else "",
            "chief_officer": p.chief_officer,
            "valid_from": p.valid_from,
            "valid_to": p.valid_to,
            "current": p.valid_to is None,
        }
        for p in pairings
    ]


def _visits_at(e: Enterprise) -> list[dict]:
    visits = Visit.objects.filter(enterprise=e).select_related("cadre")
    return [
        {"visited_on": v.visited_on, "cadre": v.cadre.name, "met": v.met, "topics": v.topics}
        for v in visits[:FILE_ROWS]
    ]


def _demands_of(e: Enterprise) -> QuerySet[Demand]:
    demands = Demand.objects.filter(enterprise=e).select_related("category", "enterprise", "unit")
    return demands.order_by(F("closed_at").desc(nulls_first=True), "-raised_at")[:FILE_ROWS]


# --- the figures (三率) and the bulletin -----------------------------------------------------------
# docs/decisions/0031-demands-figures.md defines each figure and says why so.


@dataclass(frozen=True)
class Period:
    """Days from date_from to date_to, both included, in the zone's time (Asia/Shanghai)."""

    date_from: date
    date_to: date

    @classmethod
    def month_of(cls, day: date) -> "Period":
        first = day.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        return cls(first, following - timedelta(days=1))

    @classmethod
    def year_of(cls, day: date) -> "Period":
        return cls(day.replace(month=1, day=1), day.replace(month=12, day=31))

    @classmethod
    def asked(cls, date_from: date | None, date_to: date | None, *, today: date) -> "Period":
        """The period a person asked for: this month by default, one missing end taken from the other's month."""
        if date_from is None and date_to is None:
            return cls.month_of(today)
        if date_from is None:
            date_from = cls.month_of(date_to).date_from
        if date_to is None:
            date_to = cls.month_of(date_from).date_to
        if date_from > date_to:
            raise DomainError(_("开始日期不能晚于结束日期"), field="date_from")
        return cls(date_from, date_to)

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date_from, time.min))

    @property
    def end(self) -> datetime:
        """The first moment after the period (midnight after date_to)."""
        return timezone.make_aware(datetime.combine(self.date_to + timedelta(days=1), time.min))

    def is_whole_month(self) -> bool:
        return self == Period.month_of(self.date_from)

    def label(self, today: date) -> str:
        """本月, a month (2026年11月) or the days (2026年1月1日至2026年3月31日), as a bulletin names its period."""
        if self.is_whole_month():
            if self == Period.month_of(today):
                return _("本月")
            return _("%(year)s年%(month)s月") % {"year": self.date_from.year, "month": self.date_from.month}
        return _("%(start)s至%(end)s") % {"start": _day(self.date_from), "end": _day(self.date_to)}


def _day(day: date) -> str:
    return _("%(year)s年%(month)s月%(day)s日") % {"year": day.year, "month": day.month, "day": day.day}


# A reply given (waiting for the enterprise, or accepted by it); accepted by the enterprise (and closed).
ANSWERED_STATUSES = (Status.REPLIED, Status.CONFIRMED, Status.CLOSED)
ACCEPTED_STATUSES = (Status.CONFIRMED, Status.CLOSED)
SATISFIED = (Satisfaction.SATISFIED, Satisfaction.BASICALLY)
COUNT_NAMES = (
    "received",
    "assign_counted",
    "assigned_on_time",
    "respond_counted",
    "responded_on_time",
    "replied",
    "solved",
    "evaluated",
    "satisfied",
    "open",
    "overdue",
    "reopened",
)


def figure_counts(now: datetime) -> dict:
    """The counts every figure is made of, as aggregates over the demands raised in the period, counted by the
    database whatever their number. Every column named here is in the index demand_figures, so that the index alone
    answers (counting `status`, never null, rather than the primary key)."""
    assign_counted = Q(assigned_at__isnull=False) | Q(assign_due__lt=now)
    respond_counted = Q(responded_at__isnull=False) | Q(respond_due__lt=now)
    return {
        "received": Count("status"),
        "assign_counted": Count("status", filter=assign_counted),
        "assigned_on_time": Count("status", filter=Q(assigned_at__lte=F("assign_due"))),
        "respond_counted": Count("status", filter=respond_counted),
        "responded_on_time": Count("status", filter=Q(responded_at__lte=F("respond_due"))),
        "replied": Count("status", filter=Q(status__in=ANSWERED_STATUSES)),
        "solved": Count("status", filter=Q(result=Result.SOLVED, status__in=ACCEPTED_STATUSES)),
        "evaluated": Count("status", filter=~Q(satisfaction="")),
        "satisfied": Count("status", filter=Q(satisfaction__in=SATISFIED)),
        "open": Count("status", filter=Q(status__in=OPEN_STATUSES)),
        "overdue": Count("status", filter=overdue_q(now)),
        "reopened": Count("status", filter=Q(reopen_count__gt=0)),
    }


def with_rates(counts: dict) -> dict:
    """The counts and the four rates made of them, in percent to one decimal; None where nothing counts."""
    counts = {name: counts.get(name) or 0 for name in COUNT_NAMES}
    return {
        **counts,
        "assign_rate": percent(counts["assigned_on_time"], counts["assign_counted"]),
        "respond_rate": percent(counts["responded_on_time"], counts["respond_counted"]),
        "solve_rate": percent(counts["solved"], counts["received"]),
        "satisfaction_rate": percent(counts["satisfied"], counts["evaluated"]),
    }


def _raised_in(period: Period) -> QuerySet[Demand]:
    return Demand.objects.filter(raised_at__gte=period.start, raised_at__lt=period.end)


def zone_figures(period: Period, now: datetime) -> dict:
    """The zone's figures for the period: one aggregate query."""
    return with_rates(_raised_in(period).aggregate(**figure_counts(now)))


def counts_by_unit_and_category(period: Period, now: datetime) -> list[dict]:
    """The counts per (lead unit, category): one pass over the period's demands, of which the zone's, the units' and
    the categories' figures are sums (a few hundred rows at most, whatever the number of demands)."""
    return list(_raised_in(period).values("unit_id", "category_id").annotate(**figure_counts(now)).order_by())


def summed_by(rows: list[dict], key: str | None) -> dict:
    """The counts of `rows` added up per value of `key` (None: all of them, under the key None)."""
    sums: dict = {}
    for row in rows:
        total = sums.setdefault(row[key] if key else None, dict.fromkeys(COUNT_NAMES, 0))
        for name in COUNT_NAMES:
            total[name] += row[name]
    return sums


NO_RATE = Decimal(-1)


def _ranking_key(row: dict) -> tuple:
    """Higher 解决率 first, then higher 满意率, then fewer overdue; a unit with no rate yet after those with one."""
    solve, satisfied = (NO_RATE if rate is None else rate for rate in (row["solve_rate"], row["satisfaction_rate"]))
    return (-solve, -satisfied, row["overdue"])


def ranked(rows: list[dict]) -> list[dict]:
    """The rows in ranking order with their rank; equal keys share a rank (1, 1, 3)."""
    rows = sorted(rows, key=lambda r: (_ranking_key(r), r["code"]))
    previous, rank = None, 0
    for place, row in enumerate(rows, start=1):
        key = _ranking_key(row)
        if key != previous:
            previous, rank = key, place
        row["rank"] = rank
    return rows


def unit_figures(rows: list[dict]) -> tuple[list[dict], dict | None]:
    """Every lead unit that was handed demands raised in the period, ranked; and the demands with no unit (waiting
    to be assigned, or sent back), which no unit answers for, apart. One query (the units' names)."""
    grouped = summed_by(rows, "unit_id")
    unassigned = grouped.pop(None, None)
    departments = Department.objects.in_bulk(list(grouped))
    rows = [
        {
            "code": departments[unit_id].code,
            "name": departments[unit_id].shown_short_name,
            **with_rates(counts),
        }
        for unit_id, counts in grouped.items()
    ]
    return ranked(rows), with_rates(unassigned) if unassigned else None


def category_figures(rows: list[dict]) -> list[dict]:
    """Every active category (and any other with demands in the period), in the categories' order. One query."""
    grouped = summed_by(rows, "category_id")
    shown = Category.objects.filter(Q(active=True) | Q(pk__in=list(grouped)))
    return [{"code": c.code, "name": c.name, **with_rates(grouped.get(c.pk, {}))} for c in shown]


def bulletin(zone: dict, period_label: str) -> str:
    """The period's sentence as the cities publish it: 本月共收集企业诉求N个，已解决M个，解决率x%，企业满意率y% —
    with the overdue and the reopened when there are any."""
    if not zone["received"]:
        return _("%(period)s未收集到企业诉求。") % {"period": period_label}
    parts = [
        _("%(period)s共收集企业诉求%(received)s个，已解决%(solved)s个，解决率%(rate)s%%")
        % {"period": period_label, "received": zone["received"], "solved": zone["solved"], "rate": zone["solve_rate"]}
    ]
    if zone["satisfaction_rate"] is not None:
        parts.append(_("企业满意率%(rate)s%%") % {"rate": zone["satisfaction_rate"]})
    if zone["overdue"]:
        parts.append(_("超期未办结%(n)s个") % {"n": zone["overdue"]})
    if zone["reopened"]:
        parts.append(_("重办%(n)s个") % {"n": zone["reopened"]})
    return pgettext("list separator in a sentence", "，").join(parts) + pgettext("end of a sentence", "。")


def figures(user, *, date_from: date | None = None, date_to: date | None = None, now: datetime | None = None) -> dict:
    """The figures page and API: the period's zone totals, the units ranked, the categories and the bulletin. For
    those who see every demand (the office and leaders); NotFound for anyone else. Three queries."""
    if not rules.sees_all(user):
        raise NotFound(_("未找到"))
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    period = Period.asked(date_from, date_to, today=today)
    rows = counts_by_unit_and_category(period, now)
    zone = with_rates(summed_by(rows, None).get(None, {}))
    units, unassigned = unit_figures(rows)
    label = period.label(today)
    return {
        "date_from": period.date_from,
        "date_to": period.date_to,
        "period_label": label,
        "zone": zone,
        "units": units,
        "unassigned": unassigned,
        "categories": category_figures(rows),
        "bulletin": bulletin(zone, label),
        "generated_at": now,
    }


def overdue_by_unit(now: datetime) -> list[dict]:
    """Open demands past their running stage's due date now, whenever raised, per lead unit, most first; those with
    no unit yet (the office's to assign) as a row of their own. Two queries."""
    rows = list(Demand.objects.filter(overdue_q(now)).values("unit_id").annotate(overdue=Count("status")).order_by())
    departments = Department.objects.in_bulk([r["unit_id"] for r in rows if r["unit_id"]])
    out = [
        {
            "code": departments[r["unit_id"]].code if r["unit_id"] else "",
            "name": departments[r["unit_id"]].shown_short_name if r["unit_id"] else _("待交办（企业服务办）"),
            "overdue": r["overdue"],
        }
        for r in rows
    ]
    return sorted(out, key=lambda r: (-r["overdue"], r["code"]))


def cockpit_tile(user, *, now: datetime, units: int = 5) -> dict | None:
    """The cockpit's demands tile: this month's figures, and the demands overdue now with the `units` that have the
    most. None for a cockpit reader who does not see demands (the system administrator). Three queries."""
    if not rules.sees_all(user):
        return None
    period = Period.month_of(timezone.localtime(now).date())
    zone = zone_figures(period, now)
    overdue = overdue_by_unit(now)
    return {
        "date_from": period.date_from,
        "date_to": period.date_to,
        "received": zone["received"],
        "solved": zone["solved"],
        "solve_rate": zone["solve_rate"],
        "satisfaction_rate": zone["satisfaction_rate"],
        "overdue_now": sum(r["overdue"] for r in overdue),
        "overdue_by_unit": overdue[:units],
    }


# --- attachments (附件) and a visit's photos -------------------------------------------------------------------------


def attachment_out(attachment: Attachment) -> dict:
    if attachment.demand_id:
        url = reverse("demands-attachment", args=[attachment.demand_id, attachment.pk])
    else:
        url = reverse("demands-visit-photo", args=[attachment.visit_id, attachment.pk])
    return {
        "id": attachment.pk,
        "name": attachment.original_name,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "is_image": attachment.content_type.startswith("image/"),
        "uploaded_by": attachment.uploaded_by.name,
        "uploaded_at": attachment.uploaded_at,
        "url": url,
    }


def attachments_of(demand: Demand) -> list[dict]:
    return [attachment_out(a) for a in demand.attachments.select_related("uploaded_by")]


def visit_photos_of(demand: Demand) -> list[dict]:
    """The photos of the visit the demand was found on: whoever sees the demand sees what the cadre saw there."""
    if not demand.visit_id:
        return []
    return [
        attachment_out(a) for a in Attachment.objects.filter(visit_id=demand.visit_id).select_related("uploaded_by")
    ]


def attachment_for(user, demand_id, attachment_id) -> Attachment:
    """A file of a demand the person sees; a 404 for anyone else, as for the demand."""
    demand = demand_for(user, demand_id)
    found = Attachment.objects.filter(pk=attachment_id, demand=demand).first()
    if found is None:
        raise NotFound(_("未找到该附件"))
    return found


def visit_photo_for(user, visit_id, photo_id) -> Attachment:
    """A photo of a visit the person sees (the office, leaders, the enterprise's cadre), or of the visit a demand they
    see was found on (its unit, the enterprise)."""
    sees_visit = (
        visits_of(user).filter(pk=visit_id).exists() or demands_visible_to(user).filter(visit_id=visit_id).exists()
    )
    found = Attachment.objects.filter(pk=photo_id, visit_id=visit_id).first() if sees_visit else None
    if found is None:
        raise NotFound(_("未找到该照片"))
    return found
