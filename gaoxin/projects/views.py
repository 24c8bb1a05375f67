"""The key-project pages: the register, a project, a leader's portfolio, the warning board, statistics, and the forms
of the project's people (monthly report, milestone, request, basics) and of the routed department (request progress).

Reads go through selectors with the person logged in; every write goes through gaoxin.projects.actions. Everyone with
a login may read; a form the person may not use answers 403 with the reason.
"""

import json
from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoxin.accounts.models import Department, Role, User
from gaoxin.core.errors import DomainError
from gaoxin.core.navigation import NavItem
from gaoxin.core.pages import login_and, or_404, query_year
from gaoxin.economy.models import Park
from gaoxin.projects import actions, oc4ids, periods, rules, selectors, spreadsheets
from gaoxin.projects.forms import (
    ImportForm,
    MilestoneAddForm,
    MilestoneMetForm,
    NoteForm,
    ProjectEditForm,
    ReportForm,
    RequestForm,
    ResolveForm,
    add_domain_error,
    month_label,
)
from gaoxin.projects.models import Level, MonthlyReport, Project, ReportPhoto, RequestStatus, Stage, YearPlan

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

TABS = [
    ("projects-register", gettext_lazy("项目库")),
    ("projects-board", gettext_lazy("预警看板")),
    ("projects-leaders", gettext_lazy("领导分包")),
    ("projects-requests", gettext_lazy("要素保障")),
    ("projects-stats", gettext_lazy("统计分析")),
]


# The register is for the zone's own people (rules.may_read); an applicant gets the 404 of a page not for them.
readers_only = login_and(rules.may_read)


def nav(request) -> list[NavItem]:
    user = request.user
    if not rules.sees_nav(user):
        return []
    count, label = selectors.nav_count(user)
    return [NavItem(_("重点项目"), reverse("projects-register"), count=count or None, count_label=label, order=50)]


def _tabs(current: str) -> list[dict]:
    return [{"url": reverse(name), "label": label, "current": name == current} for name, label in TABS]


def _int(text, default=None):
    try:
        return int(text)
    except (TypeError, ValueError):
        return default


def _forbidden(request, message: str):
    back = {"back_url": reverse("projects-register"), "back_label": _("返回项目库")}
    return render(request, "forbidden.html", {"message": message, **back}, status=403)


def _chart(data):
    """Chart data for charts.js (json_script): Decimal amounts as numbers for drawing; the figures shown in text and
    tables are the Decimals themselves."""
    if isinstance(data, dict):
        return {key: _chart(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_chart(value) for value in data]
    if isinstance(data, Decimal):
        return float(data)
    return str(data) if data is not None and not isinstance(data, int | float | str) else data


# --- the register ---------------------------------------------------------------------------------

FILTERS = ("level", "stage", "leader", "unit", "park", "year", "q", "light")


def _filters(request) -> dict:
    values = {key: request.GET.get(key, "").strip() for key in FILTERS}
    values["year"] = query_year(values["year"])
    return values


def _filtered(request, filters: dict):
    return selectors.project_list(request.user, **filters)


@readers_only
def register(request):
    filters = _filters(request)
    projects = _filtered(request, filters)
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    lights = selectors.milestone_lights()
    rows = [selectors.project_summary(p, lights) for p in page.object_list]
    total = Project.objects.filter(pk__in=projects.values("pk")).aggregate(t=Sum("total_investment"))["t"] or Decimal(0)
    query = request.GET.copy()
    query.pop("page", None)
    waiting = 0
    if request.user.role == Role.APPROVER:
        waiting = selectors.request_list(request.user, status="unresolved", mine=True).count()
    context = {
        "tabs": _tabs("projects-register"),
        "rows": rows,
        "page": page,
        "count": page.paginator.count,
        "total_yi": (total / 10000).quantize(Decimal("0.01")),
        "filters": filters,
        "filtered": any(filters.values()),
        "query": query.urlencode(),
        "levels": Level.choices,
        "stages": Stage.choices,
        "parks": Park.objects.all(),
        "leaders": User.objects.filter(projects_led__isnull=False).distinct().order_by("username"),
        "units": Department.objects.filter(projects_in_charge__isnull=False).distinct().order_by("code"),
        "years": sorted(set(YearPlan.objects.values_list("year", flat=True)), reverse=True),
        "lights": [
            ("overdue", _("红色预警")),
            ("warning", _("黄色预警")),
            ("ok", _("正常")),
            ("flagged", _("分包责任不全")),
        ],
        "may_register": rules.may_register(request.user),
        "waiting_requests": waiting,
    }
    return render(request, "projects/register.html", context)


@readers_only
def export_xlsx(request):
    filters = _filters(request)
    data = spreadsheets.export_workbook(_filtered(request, filters), year=filters["year"])
    response = HttpResponse(data, content_type=XLSX)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="key-projects-{stamp}.xlsx"'
    return response


@readers_only
def export_oc4ids(request):
    filters = _filters(request)
    projects = _filtered(request, filters).prefetch_related("milestones")
    package = oc4ids.package(projects, uri=request.build_absolute_uri())
    response = HttpResponse(
        json.dumps(package, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="key-projects-oc4ids.json"'
    return response


@readers_only
def template_xlsx(request):
    response = HttpResponse(spreadsheets.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="key-projects-template.xlsx"'
    return response


@readers_only
def import_page(request):
    user = request.user
    if not (rules.may_register(user) or user.projects_kept.exists()):
        return _forbidden(request, _("只有项目专员、领导可以导入项目和月报。"))
    form, errors, status = ImportForm(), [], 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        status = 400
        if form.is_valid():
            try:
                result = spreadsheets.projects_import(file=form.cleaned_data["file"], actor=user)
            except spreadsheets.ImportRejected as rejected:
                errors = rejected.errors
                form.add_error(None, rejected.message)
            except DomainError as error:
                add_domain_error(form, error)
                status = error.status
            else:
                messages.success(
                    request,
                    _(
                        "导入完成：新增项目 %(created)s 个，更新 %(updated)s 个，"
                        "年度计划 %(plans)s 条，月报 %(reports)s 条。"
                    )
                    % {
                        "created": result.created,
                        "updated": result.updated,
                        "plans": result.plans,
                        "reports": result.reports,
                    },
                )
                return redirect("projects-register")
    return render(
        request,
        "projects/import.html",
        {
            "tabs": _tabs("projects-register"),
            "form": form,
            "errors": errors,
            "project_sheet": spreadsheets.PROJECT_SHEET,
            "report_sheet": spreadsheets.REPORT_SHEET,
        },
        status=status,
    )


# --- one project ----------------------------------------------------------------------------------


@readers_only
def project_page(request, project_id):
    year, month = query_year(request.GET.get("year")), _int(request.GET.get("month"))
    if month is not None and not 1 <= month <= 12:
        month = None
    detail = or_404(selectors.project_detail, request.user, project_id, year=year, through_month=month)
    project = detail["project"]
    investment = detail["investment"]
    chart = {
        "months": [_("%(month)s月") % {"month": m["month"]} for m in investment["months"]],
        "invested": [m["invested"] for m in investment["months"]],
        "cumulative": [m["cumulative"] for m in investment["months"]],
        "schedule": [m["schedule"] for m in investment["months"]],
        "plan": investment["plan"],
        "labels": {
            "invested": _("当月完成投资"),
            "cumulative": _("累计完成投资"),
            "schedule": _("序时进度目标"),
            "unit": _("万元"),
        },
    }
    context = {
        "tabs": _tabs("projects-register"),
        "p": detail,
        "reports": selectors.report_rows(project),
        "events": selectors.events_of("project", project.pk)[:30],
        "chart": _chart(chart),
        "plan_years": sorted(
            {p["year"] for p in detail["year_plans"]} | {timezone.localdate().year, detail["investment"]["year"]},
            reverse=True,
        ),
        "months": range(1, 13),
        "open_months": [(y, m) for y, m in selectors.open_report_months()],
    }
    return render(request, "projects/project.html", context)


def _project_for_change(request, project_id):
    project = or_404(selectors.project_for, request.user, project_id)
    if not rules.may_change(request.user, project):
        return project, _forbidden(request, _("只有本项目的项目专员、责任人和领导可以修改项目。"))
    return project, None


@readers_only
def report_page(request, project_id):
    """The monthly report (月报) of the project officer: the month, the investment, the visible progress, photos."""
    project, refused = _project_for_change(request, project_id)
    if refused:
        return refused
    months = selectors.open_report_months()
    status = 200
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES, months=months)
        status = 400
        if form.is_valid():
            year, month = form.chosen_month()
            try:
                report = actions.report_submit(
                    project=project,
                    actor=request.user,
                    year=year,
                    month=month,
                    invested=form.cleaned_data["invested"],
                    progress=form.cleaned_data["progress"],
                    photos=form.cleaned_data["photos"],
                )
            except DomainError as error:
                add_domain_error(form, error if error.field != "month" else DomainError(error.message, field="period"))
                status = error.status
            else:
                done = _("月报已提交。") if report.created else _("月报已更正。")
                messages.success(request, done)
                return redirect(reverse("projects-project", args=[project.pk]) + "#reports")
    else:
        period = request.GET.get("period") or (f"{months[-1][0]}-{months[-1][1]:02d}" if months else "")
        initial = {"period": period}
        year, _sep, month = period.partition("-")
        existing = MonthlyReport.objects.filter(project=project, year=query_year(year), month=_int(month)).first()
        if existing:
            initial.update(invested=f"{existing.invested:.2f}", progress=existing.progress)
        form = ReportForm(initial=initial, months=months)
    filed = {
        (r.year, r.month): r
        for r in MonthlyReport.objects.filter(project=project).filter(year__in={y for y, _m in months})
    }
    deadlines = [
        {
            "label": month_label(y, m),
            "due": periods.report_due(y, m).at,
            "filed": (y, m) in filed,
            "value": f"{y}-{m:02d}",
        }
        for y, m in months
    ]
    return render(
        request,
        "projects/report_form.html",
        {"tabs": _tabs("projects-register"), "project": project, "form": form, "deadlines": deadlines},
        status=status,
    )


def _run(form, act):
    """A posted form: run the action when the form is valid, and put a refusal beside its field.

    Returns (what the action returned, or None when it did not run or was refused; the page's status)."""
    if not form.is_valid():
        return None, 400
    try:
        return act(form.cleaned_data), 200
    except DomainError as error:
        add_domain_error(form, error)
        return None, error.status


@readers_only
def milestone_page(request, project_id, milestone_id):
    project, refused = _project_for_change(request, project_id)
    if refused:
        return refused
    milestone = project.milestones.filter(pk=milestone_id).first()
    if milestone is None:
        raise Http404
    status = 200
    if request.method == "POST":
        form = MilestoneMetForm(request.POST)
        done, status = _run(
            form,
            lambda data: actions.milestone_record(
                milestone=milestone, actor=request.user, actual_date=data["actual_date"], note=data["note"]
            ),
        )
        if done:
            messages.success(request, _("已记录节点“%(name)s”的实际完成日期。") % {"name": milestone.name})
            return redirect(reverse("projects-project", args=[project.pk]) + "#milestones")
    else:
        form = MilestoneMetForm(initial={"actual_date": milestone.actual_date or timezone.localdate()})
    return render(
        request,
        "projects/milestone_form.html",
        {"tabs": _tabs("projects-register"), "project": project, "milestone": milestone, "form": form},
        status=status,
    )


@readers_only
def milestone_add_page(request, project_id):
    project, refused = _project_for_change(request, project_id)
    if refused:
        return refused
    status = 200
    form = MilestoneAddForm(request.POST or None)
    if request.method == "POST":
        done, status = _run(
            form,
            lambda data: actions.milestone_add(
                project=project, actor=request.user, name=data["name"], planned_date=data["planned_date"]
            ),
        )
        if done:
            messages.success(request, _("已新增时间节点。"))
            return redirect(reverse("projects-project", args=[project.pk]) + "#milestones")
    return render(
        request,
        "projects/milestone_add.html",
        {"tabs": _tabs("projects-register"), "project": project, "form": form},
        status=status,
    )


@readers_only
def edit_page(request, project_id):
    project, refused = _project_for_change(request, project_id)
    if refused:
        return refused
    status = 200
    if request.method == "POST":
        form = ProjectEditForm(request.POST)
        done, status = _run(
            form, lambda data: actions.project_update(project=project, actor=request.user, changes=data)
        )
        if done:
            messages.success(request, _("项目基本信息已保存。"))
            return redirect("projects-project", project_id=project.pk)
    else:
        form = ProjectEditForm(initial=ProjectEditForm.initial_for(project))
    return render(
        request,
        "projects/edit.html",
        {"tabs": _tabs("projects-register"), "project": project, "form": form},
        status=status,
    )


@readers_only
def request_new_page(request, project_id):
    project, refused = _project_for_change(request, project_id)
    if refused:
        return refused
    status = 200
    form = RequestForm(request.POST or None)
    if request.method == "POST":
        raised, status = _run(
            form,
            lambda data: actions.request_raise(
                project=project,
                actor=request.user,
                kind=data["kind"],
                description=data["description"],
                department=data["department"],
                working_days=data["working_days"],
            ),
        )
        if raised:
            department = raised.department.name
            messages.success(request, _("需求已提交，承办部门：%(department)s。") % {"department": department})
            return redirect(reverse("projects-project", args=[project.pk]) + "#requests")
    routing = [
        {"kind": label, "department": code, "days": days}
        for (kind, label), (code, days) in (
            (choice, rules.DEFAULT_ROUTING[choice[0]]) for choice in form.fields["kind"].choices
        )
    ]
    names = dict(Department.objects.values_list("code", "name"))
    for row in routing:
        row["department"] = names.get(row["department"], row["department"])
    return render(
        request,
        "projects/request_form.html",
        {"tabs": _tabs("projects-requests"), "project": project, "form": form, "routing": routing},
        status=status,
    )


@readers_only
def photo(request, photo_id):
    stored = ReportPhoto.objects.filter(pk=photo_id).select_related("report").first()
    if stored is None or not rules.may_read(request.user):
        raise Http404
    response = FileResponse(stored.file.open("rb"), content_type=stored.content_type, filename=stored.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- element-guarantee requests -------------------------------------------------------------------


@readers_only
def requests_page(request):
    user = request.user
    mine = user.role == Role.APPROVER and request.GET.get("all") != "1"
    status = request.GET.get("status", "unresolved")
    if status not in ("unresolved", "", *RequestStatus.values):
        status = "unresolved"
    rows = selectors.request_list(user, status=status, mine=mine)
    now = timezone.now()
    context = {
        "tabs": _tabs("projects-requests"),
        "rows": [selectors.request_out(r, now, user) for r in rows[:300]],
        "mine": mine,
        "is_approver": user.role == Role.APPROVER,
        "status": status,
        "statuses": [("unresolved", _("未解决")), *RequestStatus.choices, ("", _("全部"))],
        "department": user.department if mine else None,
    }
    return render(request, "projects/requests.html", context)


@readers_only
def request_page(request, request_id):
    found = or_404(selectors.request_for, request.user, request_id)
    note_form, resolve_form, status = NoteForm(), ResolveForm(), 200
    if request.method == "POST":
        step = request.POST.get("step")
        form = ResolveForm(request.POST) if step == "resolve" else NoteForm(request.POST)
        if step == "resolve":
            resolve_form = form
        else:
            note_form = form
        status = 400
        if form.is_valid():
            try:
                if step == "resolve":
                    actions.request_resolve(
                        request=found, actor=request.user, resolution=form.cleaned_data["resolution"]
                    )
                    done = _("需求已办结。")
                else:
                    actions.request_progress(request=found, actor=request.user, note=form.cleaned_data["note"])
                    done = _("办理进展已登记。")
            except DomainError as error:
                add_domain_error(form, error)
                status = error.status
            else:
                messages.success(request, done)
                return redirect("projects-request", request_id=found.pk)
        found = or_404(selectors.request_for, request.user, request_id)
    now = timezone.now()
    return render(
        request,
        "projects/request.html",
        {
            "tabs": _tabs("projects-requests"),
            "r": selectors.request_out(found, now, request.user),
            "request_obj": found,
            "events": selectors.events_of("element_request", found.pk),
            "note_form": note_form,
            "resolve_form": resolve_form,
            "open": found.status != RequestStatus.RESOLVED,
        },
        status=status,
    )


# --- leaders, the board, statistics ---------------------------------------------------------------


@readers_only
def leaders_page(request):
    return render(
        request,
        "projects/leaders.html",
        {"tabs": _tabs("projects-leaders"), "leaders": selectors.leaders_with_projects(request.user)},
    )


@readers_only
def my_portfolio(request):
    if request.user.role != Role.LEADER:
        return redirect("projects-leaders")
    return redirect("projects-portfolio", username=request.user.username)


@readers_only
def portfolio_page(request, username):
    year, month = query_year(request.GET.get("year")), _int(request.GET.get("month"))
    if month is not None and not 1 <= month <= 12:
        month = None
    data = or_404(selectors.portfolio, request.user, username, year=year, through_month=month)
    return render(
        request, "projects/portfolio.html", {"tabs": _tabs("projects-leaders"), "p": data, "months": range(1, 13)}
    )


@readers_only
def board_page(request):
    data = or_404(selectors.warning_board, request.user)
    view = request.GET.get("by", "leader")
    if view not in ("leader", "unit"):
        view = "leader"
    return render(
        request,
        "projects/board.html",
        {
            "tabs": _tabs("projects-board"),
            "b": data,
            "by": view,
            "groups": data["by_leader"] if view == "leader" else data["by_unit"],
        },
    )


@readers_only
def stats_page(request):
    today = timezone.localdate()
    planned = set(YearPlan.objects.filter(year__lte=today.year).values_list("year", flat=True))
    years = sorted(planned | {today.year}, reverse=True)
    # By default the latest year that has an action plan (the demo's 2021), else this year.
    year = query_year(request.GET.get("year"), max(planned) if planned else today.year)
    levels = [v for v in request.GET.getlist("levels") if v in Level.values]
    if "levels" not in request.GET and "year" not in request.GET:
        levels = [Level.PROVINCE, Level.CITY]
    try:
        as_of = date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        as_of = min(today, date(year, 12, 31))
    commencement = selectors.commencement(year=year, levels=levels, as_of=as_of)
    totals = selectors.totals(year=year, levels=levels)
    intake = selectors.intake_by_quarter(year)
    chart = {
        "stages": [g["label"] for g in totals["by_stage"]],
        "stage_counts": [g["count"] for g in totals["by_stage"]],
        "quarters": [_("第%(q)s季度") % {"q": q["quarter"]} for q in intake],
        "intake_yi": [q["total_investment_yi"] for q in intake],
        "intake_counts": [q["count"] for q in intake],
        "labels": {"count": _("项目数"), "yi": _("总投资（亿元）")},
    }
    return render(
        request,
        "projects/stats.html",
        {
            "tabs": _tabs("projects-stats"),
            "year": year,
            "years": years,
            "levels": levels,
            "level_choices": Level.choices,
            "as_of": as_of,
            "c": commencement,
            "t": totals,
            "intake": intake,
            "intake_year": selectors.intake(year=year),
            "chart": _chart(chart),
        },
    )


urlpatterns = [
    path("projects/", register, name="projects-register"),
    path("projects/export.xlsx", export_xlsx, name="projects-export-xlsx"),
    path("projects/oc4ids.json", export_oc4ids, name="projects-export-oc4ids"),
    path("projects/template.xlsx", template_xlsx, name="projects-template"),
    path("projects/import/", import_page, name="projects-import"),
    path("projects/board/", board_page, name="projects-board"),
    path("projects/stats/", stats_page, name="projects-stats"),
    path("projects/leaders/", leaders_page, name="projects-leaders"),
    path("projects/leaders/<str:username>/", portfolio_page, name="projects-portfolio"),
    path("projects/portfolio/", my_portfolio, name="projects-my-portfolio"),
    path("projects/requests/", requests_page, name="projects-requests"),
    path("projects/requests/<uuid:request_id>/", request_page, name="projects-request"),
    path("projects/photos/<int:photo_id>/", photo, name="projects-photo"),
    path("projects/<uuid:project_id>/", project_page, name="projects-project"),
    path("projects/<uuid:project_id>/edit/", edit_page, name="projects-edit"),
    path("projects/<uuid:project_id>/reports/new/", report_page, name="projects-report"),
    path("projects/<uuid:project_id>/milestones/new/", milestone_add_page, name="projects-milestone-add"),
    path("projects/<uuid:project_id>/milestones/<int:milestone_id>/", milestone_page, name="projects-milestone"),
    path("projects/<uuid:project_id>/requests/new/", request_new_page, name="projects-request-new"),
]
