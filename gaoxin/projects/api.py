"""The key-projects API: the register, statistics, the warning board and portfolios, and the writes of the pages
(reports, milestones, requests and their transitions), through the same actions and selectors as the pages."""

import json
from typing import Annotated
from uuid import UUID

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Router, Status

from gaoxin.accounts.models import Department, User
from gaoxin.core.api import ERRORS, Count, Day, Line, NonEmptyUpload, Offset, Year, gated, require
from gaoxin.core.errors import DomainError, NotFound
from gaoxin.economy.models import Park
from gaoxin.projects import actions, oc4ids, periods, rules, selectors
from gaoxin.projects.models import Milestone, MonthlyReport
from gaoxin.projects.schemas import (
    BoardOut,
    IntakeOut,
    InvestmentOut,
    MilestoneIn,
    MilestoneMetIn,
    MilestoneOut,
    PortfolioOut,
    ProjectIn,
    ProjectListOut,
    ProjectNoteIn,
    ProjectOut,
    ProjectPatch,
    ReportIn,
    ReportOut,
    RequestIn,
    RequestOut,
    ResolveIn,
    StatsOut,
    YearPlanIn,
)

# Gates (see gaoxin.core.api.gated), decided before the body is read: an applicant may not know of the register (404);
# the zone's people read it, so a write they may not make is a 403.


def _may_read(user, **path):
    if not rules.may_read(user):
        raise NotFound(_("未找到"))


router = Router(auth=gated(_may_read), tags=["重点项目 projects"])


def _may_register(user, **path):
    _may_read(user)
    require(rules.may_register(user), _("只有项目专员、领导可以登记项目"))


def _may_change(user, project_id, **path):
    require(
        rules.may_change(user, selectors.project_for(user, project_id)),
        _("只有本项目的项目专员、责任人和领导可以修改项目"),
    )


def _may_handle_request(user, request_id, **path):
    require(
        rules.may_handle_request(user, selectors.request_for(user, request_id)),
        _("只有承办部门的审批人员可以办理该需求"),
    )


REFERENCES = {
    "park": (Park, "code", "没有代码为“%(value)s”的园区"),
    "responsible_unit": (Department, "code", "没有代码为“%(value)s”的部门"),
    "responsible_leader": (User, "username", "没有账号“%(value)s”"),
    "officer": (User, "username", "没有账号“%(value)s”"),
}


def _resolved(values: dict) -> dict:
    """Codes and usernames in a request body → the rows they name; an unknown one is a 400 on its field."""
    out = dict(values)
    for field, (model, key, message) in REFERENCES.items():
        if field in out and out[field]:
            found = model.objects.filter(**{key: out[field]}).first()
            if found is None:
                raise DomainError(_(message) % {"value": out[field]}, field=field)
            out[field] = found
        elif field in out:
            out[field] = None
    return out


def _detail(request, project_id, year=None) -> dict:
    return selectors.project_detail(request.user, project_id, year=year)


# --- the register and figures ---------------------------------------------------------------------


@router.get("", response={200: ProjectListOut, **ERRORS}, summary="项目库（可按级别、阶段、领导、园区、年度筛选）")
def list_projects(
    request,
    level: Line = "",
    stage: Line = "",
    leader: Line = "",
    unit: Line = "",
    park: Line = "",
    year: Year | None = None,
    q: Line = "",
    light: Line = "",
    limit: Count = 100,
    offset: Offset = 0,
):
    projects = selectors.project_list(
        request.user, level=level, stage=stage, leader=leader, unit=unit, park=park, year=year, q=q, light=light
    )
    limit, offset = max(1, min(limit, 500)), max(offset, 0)
    lights = selectors.milestone_lights()
    page = projects[offset : offset + limit]
    return {"items": [selectors.project_summary(p, lights) for p in page], "count": projects.count()}


@router.post("", auth=gated(_may_register), response={201: ProjectOut, **ERRORS}, summary="登记项目（项目专员、领导）")
def register_project(request, payload: ProjectIn):
    project = actions.project_register(actor=request.user, values=_resolved(payload.dict()))
    return Status(201, _detail(request, project.pk))


@router.get(
    "/stats", response={200: StatsOut, **ERRORS}, summary="统计：开工率（新开工项目）与按级别、阶段、园区、领导汇总"
)
def stats(request, year: Year, levels: Line = "", as_of: Day | None = None):
    selectors.projects_visible_to(request.user)
    level_list = selectors.parse_levels(levels)
    as_of = as_of or timezone.localdate()
    figures = selectors.commencement(year=year, levels=level_list, as_of=as_of)
    figures["not_started"] = [
        {"id": p.pk, "code": p.code, "name": p.name, "planned_start": p.planned_start} for p in figures["not_started"]
    ]
    return {**figures, **selectors.totals(year=year, levels=level_list)}


@router.get("/intake", response={200: IntakeOut, **ERRORS}, summary="入库项目：某年或某季度的个数与总投资")
def intake(request, year: Year, quarter: Count | None = None):
    if quarter is not None and quarter not in (1, 2, 3, 4):
        raise DomainError(_("季度应为 1–4"), field="quarter")
    return selectors.intake(year=year, quarter=quarter)


def _warning_out(row: dict) -> dict:
    project, m = row["project"], row["milestone"]
    return {
        "project_id": project.pk,
        "project_name": project.name,
        "milestone_id": m.pk,
        "milestone": m.name,
        "planned_date": m.planned_date,
        "state": row["state"],
        "state_label": row["state_label"],
        "days": row["days"],
        "leader": project.responsible_leader.username if project.responsible_leader else None,
        "leader_name": project.responsible_leader.name if project.responsible_leader else "",
        "unit": project.responsible_unit.code if project.responsible_unit else None,
        "unit_name": project.responsible_unit.name if project.responsible_unit else "",
    }


@router.get("/board", response={200: BoardOut, **ERRORS}, summary="预警看板：红色、黄色节点，超期与提级的要素保障需求")
def board(request):
    data = selectors.warning_board(request.user)
    return {
        **data,
        "warnings": [_warning_out(r) for r in data["rows"]],
        "flagged": [p.code for p in data["flagged"]],
    }


@router.get("/leaders/{username}", response={200: PortfolioOut, **ERRORS}, summary="领导分包项目及滞后事项")
def portfolio(request, username: str, year: Year | None = None):
    data = selectors.portfolio(request.user, username, year=year)
    return {**data, "leader": data["leader_username"], "late": [_warning_out(r) for r in data["late"]]}


@router.get("/oc4ids", response={200: dict, **ERRORS}, summary="导出 OC4IDS 0.9.5 项目包（JSON）")
def oc4ids_package(request, level: Line = "", year: Year | None = None):
    projects = selectors.project_list(request.user, level=level, year=year).prefetch_related("milestones")
    data = oc4ids.package(projects, uri=request.build_absolute_uri())
    return HttpResponse(_json(data), content_type="application/json; charset=utf-8")


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


# --- element-guarantee requests -------------------------------------------------------------------


@router.get("/requests", response={200: list[RequestOut], **ERRORS}, summary="要素保障需求（mine=true：本部门承办的）")
def list_requests(request, status: Line = "", department: Line = "", mine: bool = False):
    now = timezone.now()
    rows = selectors.request_list(request.user, status=status, department=department, mine=mine)
    return [selectors.request_out(r, now, request.user) for r in rows[:500]]


@router.get("/requests/{uuid:request_id}", response={200: RequestOut, **ERRORS}, summary="要素保障需求详情")
def get_request(request, request_id: UUID):
    found = selectors.request_for(request.user, request_id)
    return selectors.request_out(found, timezone.now(), request.user)


@router.post(
    "/requests/{uuid:request_id}/progress",
    auth=gated(_may_handle_request),
    response={200: RequestOut, **ERRORS},
    summary="登记办理进展",
)
def progress_request(request, request_id: UUID, payload: ProjectNoteIn):
    found = selectors.request_for(request.user, request_id)
    done = actions.request_progress(request=found, actor=request.user, note=payload.note)
    return selectors.request_out(done, timezone.now(), request.user)


@router.post(
    "/requests/{uuid:request_id}/resolve",
    auth=gated(_may_handle_request),
    response={200: RequestOut, **ERRORS},
    summary="办结（已解决）",
)
def resolve_request(request, request_id: UUID, payload: ResolveIn):
    found = selectors.request_for(request.user, request_id)
    done = actions.request_resolve(request=found, actor=request.user, resolution=payload.resolution)
    return selectors.request_out(done, timezone.now(), request.user)


# --- one project ----------------------------------------------------------------------------------


@router.get("/{uuid:project_id}", response={200: ProjectOut, **ERRORS}, summary="项目详情：分包责任、节点、投资、需求")
def get_project(request, project_id: UUID, year: Year | None = None):
    return _detail(request, project_id, year)


@router.patch(
    "/{uuid:project_id}",
    auth=gated(_may_change),
    response={200: ProjectOut, **ERRORS},
    summary="修改项目基本信息（分包责任由领导修改）",
)
def update_project(request, project_id: UUID, payload: ProjectPatch):
    project = selectors.project_for(request.user, project_id)
    changes = _resolved(payload.dict(exclude_unset=True))
    actions.project_update(project=project, actor=request.user, changes=changes)
    return _detail(request, project_id)


@router.get("/{uuid:project_id}/oc4ids", response={200: dict, **ERRORS}, summary="单个项目的 OC4IDS JSON")
def project_oc4ids(request, project_id: UUID):
    project = selectors.project_for(request.user, project_id)
    return HttpResponse(_json(oc4ids.project_to_oc4ids(project)), content_type="application/json; charset=utf-8")


@router.get(
    "/{uuid:project_id}/investment", response={200: InvestmentOut, **ERRORS}, summary="年度投资完成率与序时进度"
)
def project_investment(request, project_id: UUID, year: Year, month: Count | None = None):
    project = selectors.project_for(request.user, project_id)
    if month is not None and not 0 <= month <= 12:
        raise DomainError(_("月份应为 0–12"), field="month")
    return selectors.investment(project, year=year, through_month=month)


@router.post(
    "/{uuid:project_id}/year-plans",
    auth=gated(_may_change),
    response={200: ProjectOut, **ERRORS},
    summary="设定年度计划投资",
)
def set_year_plan(request, project_id: UUID, payload: YearPlanIn):
    project = selectors.project_for(request.user, project_id)
    actions.project_set_year_plan(
        project=project, actor=request.user, year=payload.year, planned_investment=payload.planned_investment
    )
    return _detail(request, project_id, payload.year)


def _report_out(project, report: MonthlyReport) -> dict:
    for row in selectors.report_rows(project):
        if row["id"] == report.pk:
            return {**row, "photos": [{"id": p.pk, "name": p.original_name, "size": p.size} for p in row["photos"]]}
    raise NotFound(_("未找到该月报"))


@router.get("/{uuid:project_id}/reports", response={200: list[ReportOut], **ERRORS}, summary="月度报告")
def list_reports(request, project_id: UUID):
    project = selectors.project_for(request.user, project_id)
    return [
        {**row, "photos": [{"id": p.pk, "name": p.original_name, "size": p.size} for p in row["photos"]]}
        for row in selectors.report_rows(project)
    ]


@router.post(
    "/{uuid:project_id}/reports",
    auth=gated(_may_change),
    response={200: ReportOut, 201: ReportOut, **ERRORS},
    summary="填报或更正月度报告",
)
def submit_report(request, project_id: UUID, payload: ReportIn):
    project = selectors.project_for(request.user, project_id)
    report = actions.report_submit(
        project=project,
        actor=request.user,
        year=payload.year,
        month=payload.month,
        invested=payload.invested,
        progress=payload.progress,
    )
    return Status(201 if report.created else 200, _report_out(project, report))


@router.post(
    "/{uuid:project_id}/reports/{int:year}/{int:month}/photos",
    auth=gated(_may_change),
    response={200: ReportOut, **ERRORS},
    summary="为月度报告上传现场照片（JPG、PNG）",
)
def upload_photos(
    request, project_id: UUID, year: Year, month: Count, photos: Annotated[list[NonEmptyUpload], File(min_length=1)]
):
    project = selectors.project_for(request.user, project_id)
    report = MonthlyReport.objects.filter(project=project, year=year, month=month).first()
    if report is None:
        raise NotFound(_("该月尚未填报月报"))
    actions.report_add_photos(report=report, actor=request.user, photos=photos)
    return _report_out(project, report)


@router.post(
    "/{uuid:project_id}/milestones",
    auth=gated(_may_change),
    response={201: MilestoneOut, **ERRORS},
    summary="新增时间节点",
)
def add_milestone(request, project_id: UUID, payload: MilestoneIn):
    project = selectors.project_for(request.user, project_id)
    milestone = actions.milestone_add(
        project=project,
        actor=request.user,
        name=payload.name,
        planned_date=payload.planned_date,
        kind=payload.kind,
        note=payload.note,
    )
    return Status(201, _milestone_out(milestone))


def _milestone_out(milestone: Milestone) -> dict:
    now = timezone.now()
    return selectors.milestone_out(milestone, today=timezone.localtime(now).date(), soon=periods.soon_limit(now))


@router.post(
    "/{uuid:project_id}/milestones/{int:milestone_id}/met",
    auth=gated(_may_change),
    response={200: MilestoneOut, **ERRORS},
    summary="记录节点实际完成日期",
)
def record_milestone(request, project_id: UUID, milestone_id: Count, payload: MilestoneMetIn):
    project = selectors.project_for(request.user, project_id)
    milestone = project.milestones.filter(pk=milestone_id).first()
    if milestone is None:
        raise NotFound(_("未找到该节点"))
    done = actions.milestone_record(
        milestone=milestone, actor=request.user, actual_date=payload.actual_date, note=payload.note
    )
    return _milestone_out(done)


@router.post(
    "/{uuid:project_id}/requests",
    auth=gated(_may_change),
    response={201: RequestOut, **ERRORS},
    summary="提出要素保障需求",
)
def raise_request(request, project_id: UUID, payload: RequestIn):
    project = selectors.project_for(request.user, project_id)
    department = None
    if payload.department:
        department = Department.objects.filter(code=payload.department).first()
        if department is None:
            raise DomainError(_("没有代码为“%(value)s”的部门") % {"value": payload.department}, field="department")
    raised = actions.request_raise(
        project=project,
        actor=request.user,
        kind=payload.kind,
        description=payload.description,
        department=department,
        working_days=payload.working_days,
    )
    return Status(201, selectors.request_out(raised, timezone.now(), request.user))
