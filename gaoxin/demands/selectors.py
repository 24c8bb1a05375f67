"""Every read of 万人助万企 a person triggers, taking that person: what is not theirs is a 404 (rules.py says who sees
what)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Count, F, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.accounts.models import Department, User
from gaoxin.cases.models import Case
from gaoxin.certificates.models import License
from gaoxin.core import personal
from gaoxin.core.audit import timeline
from gaoxin.core.errors import NotFound
from gaoxin.demands import rules
from gaoxin.demands.models import OPEN_STATUSES, Category, Demand, Pairing, Status, Visit
from gaoxin.economy.models import Enterprise, EnterpriseStatus, OutputMetric, OutputSeries
from gaoxin.projects.models import Project
from gaoxin.workdays.deadlines import sla_state


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
    demands = Demand.objects.select_related("category", "enterprise", "unit")
    if rules.sees_all(user):
        return demands
    if rules.is_unit_member(user):
        return demands.filter(Q(unit_id=user.department_id) | Q(co_units=user.department_id)).distinct()
    if rules.is_cadre(user):
        return demands.filter(enterprise_id__in=paired_enterprise_ids(user))
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


def running_stage(demand: Demand, now: datetime) -> Stage | None:
    """Yellow (warning) at 80 % of the stage's limit used, red once overdue; None for a demand no longer open."""
    stages = {
        Status.NEW: (_("交办"), demand.raised_at, demand.assign_due),
        Status.ASSIGNED: (_("签收"), demand.assigned_at, demand.accept_due),
        Status.ACCEPTED: (_("首次响应"), demand.assigned_at, demand.respond_due),
        Status.IN_PROGRESS: (_("办结"), demand.solve_from, demand.solve_due),
    }
    if demand.status not in stages:
        return None
    label, start, due = stages[demand.status]
    if start is None or due is None:
        return None
    return Stage(str(label), start, due, sla_state(start=start, deadline=due, now=now).value)


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
        return {"waiting": [], "working": [], "replied": []}
    return {
        "waiting": _rows(demands.filter(status=Status.ASSIGNED), now, user),
        "working": _rows(demands.filter(status__in=(Status.ACCEPTED, Status.IN_PROGRESS)), now, user),
        "replied": _rows(demands.filter(status=Status.REPLIED), now, user),
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
