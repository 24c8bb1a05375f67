"""Reads of key projects that a person triggers; each takes the person. Everyone with a login reads the register.

Warnings (预警) come from milestones: one past its planned date and not met is red ("overdue"); one due within 10
working days is yellow ("warning"); a project takes the worst colour of its milestones, else green ("ok").
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoxin.accounts.models import Role, User
from gaoxin.core.audit import timeline
from gaoxin.core.errors import NotFound
from gaoxin.core.numbers import percent
from gaoxin.economy.models import Park
from gaoxin.projects import figures, periods, rules
from gaoxin.projects.models import (
    BuildKind,
    ElementRequest,
    Level,
    Milestone,
    MonthlyReport,
    Project,
    RequestStatus,
    Stage,
    YearPlan,
)
from gaoxin.workdays.deadlines import add_working_days

OVERDUE, WARNING, OK, MET = "overdue", "warning", "ok", "met"
LIGHT_LABELS = {
    OVERDUE: gettext_lazy("红色预警"),
    WARNING: gettext_lazy("黄色预警"),
    OK: gettext_lazy("正常"),
}
MILESTONE_STATE_LABELS = {
    OVERDUE: gettext_lazy("超期未完成"),
    WARNING: gettext_lazy("临近（10个工作日内）"),
    OK: gettext_lazy("未到期"),
    MET: gettext_lazy("已完成"),
}
ZERO = Decimal("0.00")


def _money(value) -> Decimal:
    return (value or ZERO).quantize(Decimal("0.01"))


# --- the register ---------------------------------------------------------------------------------


def projects_visible_to(user: User) -> QuerySet[Project]:
    if not rules.may_read(user):
        return Project.objects.none()
    return Project.objects.select_related(
        "park", "responsible_leader__leader_profile", "responsible_unit", "officer", "responsible_person"
    )


def project_for(user: User, project_id) -> Project:
    project = projects_visible_to(user).filter(pk=project_id).first()
    if project is None:
        raise NotFound(_("未找到该项目"))
    return project


def parse_levels(levels: str | list[str] | None) -> list[str]:
    if not levels:
        return []
    parts = levels.split(",") if isinstance(levels, str) else levels
    return [p.strip() for p in parts if p.strip()]


def project_list(
    user: User,
    *,
    level: str | list[str] = "",
    stage: str = "",
    leader: str = "",
    unit: str = "",
    park: str = "",
    year: int | None = None,
    q: str = "",
    light: str = "",
    now: datetime | None = None,
) -> QuerySet[Project]:
    """The register filtered: level (one or several, comma-separated), stage, leader (username), unit (department
    code), park (code, or "none"), year (projects in that year's plan), q (name, code or owner), light."""
    projects = projects_visible_to(user)
    levels = parse_levels(level)
    if levels:
        projects = projects.filter(level__in=levels)
    if stage:
        projects = projects.filter(stage=stage)
    if leader:
        projects = projects.filter(responsible_leader__username=leader)
    if unit:
        projects = projects.filter(responsible_unit__code=unit)
    if park == "none":
        projects = projects.filter(park__isnull=True)
    elif park:
        projects = projects.filter(park__code=park)
    if year:
        projects = projects.filter(year_plans__year=year)
    if q:
        projects = projects.filter(Q(name__icontains=q) | Q(code__icontains=q) | Q(owner__icontains=q))
    if light in (OVERDUE, WARNING, OK):
        lights = milestone_lights(now)
        red = lights.red_project_ids()
        yellow = lights.yellow_project_ids() - red
        if light == OVERDUE:
            projects = projects.filter(pk__in=red)
        elif light == WARNING:
            projects = projects.filter(pk__in=yellow)
        else:
            projects = projects.exclude(pk__in=red | yellow)
    elif light == "flagged":
        projects = projects.filter(_incomplete_responsibility())
    return projects.order_by("code").distinct()


def _incomplete_responsibility() -> Q:
    return (
        Q(responsible_leader__isnull=True)
        | Q(responsible_unit__isnull=True)
        | (Q(responsible_person_name="") & Q(responsible_person__isnull=True))
    )


# --- milestones and warnings ----------------------------------------------------------------------


def milestone_state(milestone: Milestone, *, today: date, soon: date) -> str:
    if milestone.actual_date is not None:
        return MET
    if milestone.planned_date < today:
        return OVERDUE
    if milestone.planned_date <= soon:
        return WARNING
    return OK


@dataclass
class Lights:
    """The unmet milestones that are red or yellow now, and the light of any project from them."""

    today: date
    soon: date
    milestones: list[Milestone]

    def red_project_ids(self) -> set:
        return {m.project_id for m in self.milestones if m.planned_date < self.today}

    def yellow_project_ids(self) -> set:
        return {m.project_id for m in self.milestones if m.planned_date >= self.today}

    def of(self, project_id) -> str:
        states = {OVERDUE if m.planned_date < self.today else WARNING for m in self._by_project().get(project_id, [])}
        return OVERDUE if OVERDUE in states else WARNING if WARNING in states else OK

    def _by_project(self) -> dict:
        if not hasattr(self, "_index"):
            index = defaultdict(list)
            for m in self.milestones:
                index[m.project_id].append(m)
            self._index = index
        return self._index


def milestone_lights(now: datetime | None = None, projects: QuerySet | None = None) -> Lights:
    now = now or timezone.now()
    today, soon = timezone.localtime(now).date(), periods.soon_limit(now)
    pending = Milestone.objects.filter(actual_date__isnull=True, planned_date__lte=soon)
    if projects is not None:
        pending = pending.filter(project__in=projects.values("pk"))
    return Lights(today, soon, list(pending.order_by("planned_date", "pk")))


def light_fields(state: str) -> dict:
    return {"light": state, "light_label": str(LIGHT_LABELS[state])}


def project_summary(project: Project, lights: Lights) -> dict:
    leader = project.responsible_leader
    return {
        "id": project.pk,
        "code": project.code,
        "name": project.name,
        "level": project.level,
        "level_label": project.get_level_display(),
        "category": project.category,
        "stage": project.stage,
        "stage_label": project.get_stage_display(),
        "build_kind": project.build_kind,
        "park": project.park.code if project.park else None,
        "park_name": project.park.name if project.park else "",
        "owner": project.owner,
        "total_investment": _money(project.total_investment),
        "total_investment_yi": figures.wan_to_yi(project.total_investment),
        "leader": leader.username if leader else None,
        "leader_name": leader.name if leader else "",
        "unit": project.responsible_unit.code if project.responsible_unit else None,
        "unit_name": project.responsible_unit.name if project.responsible_unit else "",
        "person_name": project.person_name,
        "responsibility_missing": project.responsibility_missing,
        **light_fields(lights.of(project.pk)),
    }


# --- investment against the year's plan -----------------------------------------------------------


def investment(project: Project, *, year: int, through_month: int | None = None, today: date | None = None) -> dict:
    """The year's plan, the months reported, and progress through a month (default: the months ended by today)."""
    today = today or timezone.localdate()
    months = periods.months_elapsed(year, today) if through_month is None else through_month
    if not 0 <= months <= 12:
        raise NotFound(_("月份应为 0–12"))
    plan = YearPlan.objects.filter(project=project, year=year).values_list("planned_investment", flat=True).first()
    reports = {r.month: r for r in MonthlyReport.objects.filter(project=project, year=year)}
    completed = sum((r.invested for m, r in reports.items() if m <= months), ZERO)
    progress = figures.investment_progress(plan=plan or ZERO, completed=completed, months_elapsed=months)
    cumulative, series = ZERO, []
    for month in range(1, 13):
        report = reports.get(month)
        if report:
            cumulative += report.invested
        series.append(
            {
                "month": month,
                "invested": _money(report.invested) if report else None,
                "cumulative": _money(cumulative) if month <= max(reports, default=0) else None,
                "schedule": _money((plan or ZERO) * month / 12),
            }
        )
    return {
        "year": year,
        "through_month": months,
        "plan": _money(plan) if plan is not None else None,
        "completed": _money(completed),
        "completion_rate": progress.completion_rate,
        "schedule_rate": progress.schedule_rate,
        "difference": progress.difference,
        "state": progress.state,
        "months": series,
    }


def report_rows(project: Project, *, now: datetime | None = None) -> list[dict]:
    now = now or timezone.now()
    rows = []
    for report in project.reports.order_by("-year", "-month").prefetch_related("photos").select_related("submitted_by"):
        due = periods.report_due(report.year, report.month)
        rows.append(
            {
                "report": report,
                "id": report.pk,
                "year": report.year,
                "month": report.month,
                "invested": _money(report.invested),
                "progress": report.progress,
                "photos": list(report.photos.all()),
                "submitted_by": report.submitted_by.name if report.submitted_by else "",
                "submitted_at": report.submitted_at,
                "updated_at": report.updated_at,
                "due": due.at,
                "locked": now > due.at,
            }
        )
    return rows


def open_report_months(now: datetime | None = None) -> list[tuple[int, int]]:
    """The months whose report may still be filed now: this month and, until its due date, the previous one."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    previous = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    months = [(today.year, today.month)]
    if not periods.month_closed(*previous, now):
        months.insert(0, previous)
    return months


# --- element-guarantee requests -------------------------------------------------------------------


def requests_visible_to(user: User) -> QuerySet[ElementRequest]:
    if not rules.may_read(user):
        return ElementRequest.objects.none()
    return ElementRequest.objects.select_related(
        "project", "department", "raised_by", "escalated_to", "project__responsible_leader"
    )


def request_for(user: User, request_id) -> ElementRequest:
    request = requests_visible_to(user).filter(pk=request_id).first()
    if request is None:
        raise NotFound(_("未找到该要素保障需求"))
    return request


def request_list(user: User, *, status: str = "", department: str = "", mine: bool = False) -> QuerySet:
    """All requests, or with mine=True those routed to an approver's department (open first, nearest deadline)."""
    requests = requests_visible_to(user)
    if mine:
        if user.role != Role.APPROVER:
            return requests.none()
        requests = requests.filter(department_id=user.department_id)
    if status == "unresolved":
        requests = requests.exclude(status=RequestStatus.RESOLVED)
    elif status:
        requests = requests.filter(status=status)
    if department:
        requests = requests.filter(department__code=department)
    return requests.order_by("status", "deadline")


def request_sla(request: ElementRequest, now: datetime) -> str:
    if request.status == RequestStatus.RESOLVED:
        return OK if request.resolved_at and request.resolved_at <= request.deadline else OVERDUE
    if now > request.deadline:
        return OVERDUE
    return WARNING if request.deadline <= _soon_moment(now) else OK


def _soon_moment(now: datetime) -> datetime:
    """A request is shown as a warning in its last two working days."""
    return add_working_days(now, 2).at


def request_out(request: ElementRequest, now: datetime, user: User | None = None) -> dict:
    return {
        "id": request.pk,
        "project_id": request.project_id,
        "project_name": request.project.name,
        "kind": request.kind,
        "kind_label": request.get_kind_display(),
        "description": request.description,
        "department": request.department.code,
        "department_name": request.department.name,
        "working_days": request.working_days,
        "status": request.status,
        "status_label": request.get_status_display(),
        "raised_at": request.raised_at,
        "raised_by": request.raised_by.name if request.raised_by else "",
        "deadline": request.deadline,
        "deadline_provisional": request.deadline_provisional,
        "sla": request_sla(request, now),
        "last_note": request.last_note,
        "resolution": request.resolution,
        "resolved_at": request.resolved_at,
        "escalated": request.escalated_at is not None,
        "escalated_at": request.escalated_at,
        "escalated_to": request.escalated_to.name if request.escalated_to else "",
        "may_handle": bool(user and rules.may_handle_request(user, request)),
    }


def events_of(subject_type: str, subject_id) -> list[dict]:
    return timeline(subject_type, subject_id, rules.EVENT_LABELS)


# --- a project's page -----------------------------------------------------------------------------


def milestone_out(m: Milestone, *, today: date, soon: date) -> dict:
    state = milestone_state(m, today=today, soon=soon)
    return {
        "id": m.pk,
        "name": m.name,
        "kind": m.kind,
        "kind_label": m.get_kind_display(),
        "planned_date": m.planned_date,
        "actual_date": m.actual_date,
        "note": m.note,
        "state": state,
        "state_label": str(MILESTONE_STATE_LABELS[state]),
        "late": m.actual_date is not None and m.actual_date > m.planned_date,
        "days_overdue": (today - m.planned_date).days if state == OVERDUE else 0,
    }


def project_detail(
    user: User, project_id, *, now: datetime | None = None, year: int | None = None, through_month: int | None = None
) -> dict:
    now = now or timezone.now()
    project = project_for(user, project_id)
    today, soon = timezone.localtime(now).date(), periods.soon_limit(now)
    lights = milestone_lights(now, Project.objects.filter(pk=project.pk))
    milestones = [milestone_out(m, today=today, soon=soon) for m in project.milestones.all()]
    profile = getattr(project.responsible_leader, "leader_profile", None) if project.responsible_leader else None
    plans = {p.year: _money(p.planned_investment) for p in project.year_plans.all()}
    year = year or (max(plans) if plans and today.year not in plans else today.year)
    return {
        **project_summary(project, lights),
        "project": project,
        "category_label": project.get_category_display(),
        "build_kind_label": project.get_build_kind_display(),
        "location": project.location,
        "description": project.description,
        "planned_start": project.planned_start,
        "actual_start": project.actual_start,
        "planned_completion": project.planned_completion,
        "actual_completion": project.actual_completion,
        "intake_year": project.intake_year,
        "intake_quarter": project.intake_quarter,
        "leader_title": profile.title if profile else "",
        "leader_rank": profile.get_rank_display() if profile else "",
        "person_phone": project.responsible_person_phone,
        "officer": project.officer.username if project.officer else None,
        "officer_name": project.officer.name if project.officer else "",
        "year_plans": [{"year": y, "planned_investment": v} for y, v in sorted(plans.items())],
        "milestones": milestones,
        "investment": investment(project, year=year, through_month=through_month, today=today),
        "requests": [request_out(r, now, user) for r in requests_visible_to(user).filter(project=project)],
        "may_change": rules.may_change(user, project),
    }


# --- statistics -----------------------------------------------------------------------------------


def commencement(*, year: int, levels: list[str], as_of: date) -> dict:
    """Commencement rate (开工率) = new-start projects started by as_of / new-start projects planned to start in the
    year; started means an actual start date on or before as_of."""
    planned = Project.objects.filter(build_kind=BuildKind.NEW, planned_start__year=year)
    if levels:
        planned = planned.filter(level__in=levels)
    started = planned.filter(actual_start__lte=as_of)
    planned_count, started_count = planned.count(), started.count()
    return {
        "year": year,
        "levels": levels,
        "as_of": as_of,
        "new_starts_planned": planned_count,
        "new_starts_started": started_count,
        "commencement_rate": percent(started_count, planned_count),
        "not_started": list(planned.exclude(pk__in=started.values("pk")).order_by("planned_start", "code")),
    }


def intake(*, year: int, quarter: int | None = None) -> dict:
    """Projects that entered the database (入库) in a year, or in one quarter of it: how many, total investment."""
    projects = Project.objects.filter(intake_year=year)
    if quarter:
        projects = projects.filter(intake_quarter=quarter)
    total = projects.aggregate(total=Sum("total_investment"))["total"]
    return {
        "year": year,
        "quarter": quarter,
        "count": projects.count(),
        "total_investment": _money(total),
        "total_investment_yi": figures.wan_to_yi(total or ZERO),
    }


def intake_by_quarter(year: int) -> list[dict]:
    return [intake(year=year, quarter=q) for q in (1, 2, 3, 4)]


def _grouped(projects: QuerySet, key: str, labels: dict, empty_label=None) -> list[dict]:
    rows = projects.values(key).annotate(count=Count("pk", distinct=True), total=Sum("total_investment"))
    out = [
        {
            "key": row[key] if row[key] is not None else "",
            "label": str(labels.get(row[key], empty_label or _("未指定"))),
            "count": row["count"],
            "total_investment": _money(row["total"]),
            "total_investment_yi": figures.wan_to_yi(row["total"] or ZERO),
        }
        for row in rows
    ]
    order = list(labels)
    return sorted(out, key=lambda r: (order.index(r["key"]) if r["key"] in order else len(order), r["label"]))


def totals(*, year: int | None, levels: list[str]) -> dict:
    """Count and total investment by level, stage, park and leader, of the projects in the year's plan."""
    projects = Project.objects.all()
    if year:
        projects = projects.filter(pk__in=YearPlan.objects.filter(year=year).values("project_id"))
    if levels:
        projects = projects.filter(level__in=levels)
    parks = {p.code: p.label for p in Park.objects.all()}
    leaders = {
        u.username: u.name for u in User.objects.filter(pk__in=projects.values("responsible_leader_id")).order_by("pk")
    }
    plan_total = YearPlan.objects.filter(project__in=projects.values("pk"), year=year).aggregate(
        t=Sum("planned_investment")
    )
    completed = MonthlyReport.objects.filter(project__in=projects.values("pk"), year=year).aggregate(t=Sum("invested"))
    total = projects.aggregate(t=Sum("total_investment"))["t"]
    return {
        "count": projects.count(),
        "total_investment": _money(total),
        "total_investment_yi": figures.wan_to_yi(total or ZERO),
        "year_plan": _money(plan_total["t"]) if year else None,
        "year_completed": _money(completed["t"]) if year else None,
        "by_level": _grouped(projects, "level", dict(Level.choices)),
        "by_stage": _grouped(projects, "stage", dict(Stage.choices)),
        "by_park": _grouped(projects, "park__code", parks, _("不在园区")),
        "by_leader": _grouped(projects, "responsible_leader__username", leaders),
    }


# --- the warning board and a leader's portfolio ---------------------------------------------------


def _warning_row(m: Milestone, lights: Lights) -> dict:
    state = OVERDUE if m.planned_date < lights.today else WARNING
    return {
        "milestone": m,
        "project": m.project,
        "state": state,
        "state_label": str(MILESTONE_STATE_LABELS[state]),
        "days": (lights.today - m.planned_date).days if state == OVERDUE else (m.planned_date - lights.today).days,
    }


def _grouped_rows(rows: list[dict], key, label, empty_label) -> list[dict]:
    groups: dict = {}
    for row in rows:
        owner = key(row["project"])
        group = groups.setdefault(
            owner, {"key": owner, "label": label(row["project"]) if owner else empty_label, "rows": []}
        )
        group["rows"].append(row)
    out = list(groups.values())
    for group in out:
        group["overdue"] = sum(1 for r in group["rows"] if r["state"] == OVERDUE)
        group["warning"] = len(group["rows"]) - group["overdue"]
    return sorted(out, key=lambda g: (-g["overdue"], -g["warning"], str(g["label"])))


def warning_board(user: User, *, now: datetime | None = None) -> dict:
    """Red and yellow milestones by responsible leader and by responsible unit; overdue and escalated requests;
    projects whose responsibility is incomplete."""
    if not rules.may_read(user):
        raise NotFound(_("未找到"))
    now = now or timezone.now()
    lights = milestone_lights(now)
    projects = {
        p.pk: p
        for p in Project.objects.filter(pk__in={m.project_id for m in lights.milestones}).select_related(
            "responsible_leader__leader_profile", "responsible_unit", "park"
        )
    }
    for m in lights.milestones:
        m.project = projects[m.project_id]
    rows = [_warning_row(m, lights) for m in lights.milestones]
    rows.sort(key=lambda r: (r["state"] != OVERDUE, r["milestone"].planned_date))
    overdue_requests = list(
        requests_visible_to(user).exclude(status=RequestStatus.RESOLVED).filter(deadline__lt=now).order_by("deadline")
    )
    return {
        "now": now,
        "today": lights.today,
        "soon": lights.soon,
        "rows": rows,
        "overdue_count": sum(1 for r in rows if r["state"] == OVERDUE),
        "warning_count": sum(1 for r in rows if r["state"] == WARNING),
        "red_projects": len(lights.red_project_ids()),
        "yellow_projects": len(lights.yellow_project_ids() - lights.red_project_ids()),
        "by_leader": _grouped_rows(
            rows, lambda p: p.responsible_leader_id, lambda p: p.responsible_leader.name, _("（未明确责任领导）")
        ),
        "by_unit": _grouped_rows(
            rows, lambda p: p.responsible_unit_id, lambda p: p.responsible_unit.name, _("（未明确责任单位）")
        ),
        "requests": [request_out(r, now, user) for r in overdue_requests],
        "escalated_count": sum(1 for r in overdue_requests if r.escalated_at),
        "flagged": list(projects_visible_to(user).filter(_incomplete_responsibility()).order_by("code")),
    }


def leaders_with_projects(user: User) -> list[dict]:
    if not rules.may_read(user):
        return []
    leaders = (
        User.objects.filter(projects_led__isnull=False)
        .select_related("leader_profile")
        .annotate(count=Count("projects_led", distinct=True), total=Sum("projects_led__total_investment"))
        .order_by("-count", "username")
    )
    lights = milestone_lights()
    red = lights.red_project_ids()
    yellow = lights.yellow_project_ids() - red
    led = defaultdict(set)
    for leader_id, project_id in Project.objects.filter(responsible_leader__isnull=False).values_list(
        "responsible_leader_id", "pk"
    ):
        led[leader_id].add(project_id)
    return [
        {
            "user": leader,
            "profile": getattr(leader, "leader_profile", None),
            "count": leader.count,
            "total_investment_yi": figures.wan_to_yi(leader.total or ZERO),
            "red": len(led[leader.pk] & red),
            "yellow": len(led[leader.pk] & yellow),
        }
        for leader in leaders
    ]


def portfolio(
    user: User,
    leader_username: str,
    *,
    now: datetime | None = None,
    year: int | None = None,
    through_month: int | None = None,
) -> dict:
    """A leader's projects (一位领导 … 一抓到底): each with its light and this year's investment, and what is late."""
    if not rules.may_read(user):
        raise NotFound(_("未找到"))
    leader = User.objects.filter(username=leader_username, role=Role.LEADER).select_related("leader_profile").first()
    if leader is None:
        raise NotFound(_("未找到该领导"))
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    projects = list(projects_visible_to(user).filter(responsible_leader=leader).order_by("code"))
    lights = milestone_lights(now, Project.objects.filter(responsible_leader=leader))
    if year is None:
        planned = YearPlan.objects.filter(project__in=projects, year__lte=today.year).order_by("-year")
        year = planned.values_list("year", flat=True).first() or today.year
    months = periods.months_elapsed(year, today) if through_month is None else through_month
    plans = dict(
        YearPlan.objects.filter(project__in=projects, year=year).values_list("project_id", "planned_investment")
    )
    done = dict(
        MonthlyReport.objects.filter(project__in=projects, year=year, month__lte=months)
        .values("project_id")
        .annotate(total=Sum("invested"))
        .values_list("project_id", "total")
    )
    by_id = {p.pk: p for p in projects}
    for m in lights.milestones:
        m.project = by_id[m.project_id]
    rows = []
    for project in projects:
        progress = figures.investment_progress(
            plan=plans.get(project.pk) or ZERO, completed=done.get(project.pk) or ZERO, months_elapsed=months
        )
        rows.append(
            {
                **project_summary(project, lights),
                "plan": _money(plans.get(project.pk)) if project.pk in plans else None,
                "completed": _money(done.get(project.pk)),
                "completion_rate": progress.completion_rate,
                "difference": progress.difference,
                "progress_state": progress.state,
            }
        )
    rank = {OVERDUE: 0, WARNING: 1, OK: 2}
    rows.sort(key=lambda r: (rank[r["light"]], r["code"]))
    late = [_warning_row(m, lights) for m in lights.milestones]
    late.sort(key=lambda r: (r["state"] != OVERDUE, r["milestone"].planned_date))
    open_requests = (
        requests_visible_to(user)
        .filter(project__responsible_leader=leader)
        .exclude(status=RequestStatus.RESOLVED)
        .order_by("deadline")
    )
    profile = getattr(leader, "leader_profile", None)
    return {
        "leader": leader,
        "leader_username": leader.username,
        "leader_name": leader.name,
        "title": profile.title if profile else "",
        "rank": profile.get_rank_display() if profile else "",
        "year": year,
        "months_elapsed": months,
        # Planned years, and always this year and the one shown, so a report filed now can be looked at.
        "plan_years": sorted(
            set(YearPlan.objects.filter(project__in=projects).values_list("year", flat=True))
            | {timezone.localdate(now).year, year},
            reverse=True,
        ),
        "projects": rows,
        "count": len(rows),
        "red": sum(1 for r in rows if r["light"] == OVERDUE),
        "yellow": sum(1 for r in rows if r["light"] == WARNING),
        "total_investment_yi": figures.wan_to_yi(sum((p.total_investment for p in projects), ZERO)),
        "late": late,
        "requests": [request_out(r, now, user) for r in open_requests],
        "escalated": sum(1 for r in open_requests if r.escalated_at),
    }


def nav_count(user: User) -> tuple[int, str]:
    """What waits for this person: requests routed to an approver's department, red projects for a leader or an
    officer."""
    if user.role == Role.APPROVER:
        waiting = ElementRequest.objects.filter(department_id=user.department_id).exclude(status=RequestStatus.RESOLVED)
        return waiting.count(), _("待办要素保障需求")
    if user.role in (Role.LEADER, Role.OFFICER):
        field = "responsible_leader" if user.role == Role.LEADER else "officer"
        mine = Project.objects.filter(**{field: user})
        red = milestone_lights(projects=mine).red_project_ids()
        return len(red), _("红色预警项目")
    return 0, ""
