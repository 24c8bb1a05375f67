"""The economy pages: the overview (the zone against the city for a period, the bulletin, rankings and trends), the
statisticians' import page with its templates and history, parks and the enterprise register, an enterprise's
output, and the innovation double target.

Reads go through selectors with the person logged in; every write goes through gaoxin.economy.actions. Everyone with
a login may read; a form the person may not use answers 403 with the reason.
"""

from decimal import Decimal
from urllib.parse import quote

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoxin.core.errors import DomainError
from gaoxin.core.navigation import NavItem
from gaoxin.core.pages import login_and, or_404
from gaoxin.economy import actions, import_templates, imports, rules, selectors
from gaoxin.economy.forms import ClassifyForm, ImportForm, InnovationCountForm, add_domain_error
from gaoxin.economy.models import Area, IndicatorImport, OutputMetric, OutputSeries, Park

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 50

TABS = [
    ("economy-overview", gettext_lazy("经济指标"), False),
    ("economy-parks", gettext_lazy("园区企业"), False),
    ("economy-enterprises", gettext_lazy("企业库"), False),
    ("economy-innovation", gettext_lazy("创新双倍增"), False),
    ("economy-import", gettext_lazy("数据导入"), True),
]


# The zone's figures and its enterprises' own are for its people (rules.may_read); the bulletin text is public.
readers_only = login_and(rules.may_read)


def nav(request) -> list[NavItem]:
    if not rules.sees_nav(request.user):
        return []
    return [NavItem(_("经济运行"), reverse("economy-overview"), order=55)]


def _tabs(request, current: str) -> list[dict]:
    return [
        {"url": reverse(name), "label": label, "current": name == current}
        for name, label, writers_only in TABS
        if not writers_only or rules.may_import(request.user)
    ]


def _forbidden(request, message: str):
    back = {"back_url": reverse("economy-overview"), "back_label": _("返回经济运行")}
    return render(request, "forbidden.html", {"message": message, "tabs": _tabs(request, ""), **back}, status=403)


def _number(value):
    """A Decimal as a number for drawing a chart (json_script); pages print the Decimal itself."""
    return float(value) if isinstance(value, Decimal) else value


# --- overview -------------------------------------------------------------------------------------


@readers_only
def overview(request):
    zone = selectors.zone_area()
    area = or_404(selectors.area_by_code, request.GET["area"]) if request.GET.get("area") else zone
    if area is None:
        return render(request, "economy/overview.html", {"tabs": _tabs(request, "economy-overview"), "empty": True})
    try:
        period = selectors.read_period(request.GET.get("period"), area=area)
    except DomainError:
        raise Http404 from None
    periods = selectors.periods_of(area)
    context = {
        "tabs": _tabs(request, "economy-overview"),
        "area": area,
        "areas": Area.objects.all(),
        "period": period,
        "periods": periods,
        "empty": period is None,
    }
    if period is not None:
        data = selectors.overview(request.user, area=area, period=period)
        context.update(data)
        context["chart"] = _trend_chart(data)
        if sum(1 for r in data["ranking"] if r["growth"] is not None) < 2:
            context["ranking"] = []  # nothing to compare: the city publishes no district figures for this one
        _add_bars(context["ranking"])
        context["city_name"] = data["city"].name if data["city"] else ""
    return render(request, "economy/overview.html", context)


def _add_bars(ranking: list[dict]) -> None:
    """Bar widths (percent of the highest growth) for the ranking list."""
    top = max((r["growth"] for r in ranking if r["growth"] is not None and r["growth"] > 0), default=None)
    for r in ranking:
        growth = r["growth"]
        r["bar"] = 0 if not top or growth is None or growth <= 0 else round(float(growth / top) * 100, 1)


def _trend_chart(data: dict) -> dict:
    area, city = data["area"], data["city"]
    return {
        "labels": {
            "area": area.name,
            "city": city.name if city and city != area else "",
            "growth": _("同比增长（%）"),
            "level": _("总量"),
        },
        "charts": [
            {
                "id": f"trend-{t['indicator'].code}",
                "title": t["indicator"].name,
                "unit": t["indicator"].unit,
                "periods": [p["period"].label for p in t["points"]],
                "growth": [_number(p["growth"]) for p in t["points"]],
                "city_growth": [_number(p["city_growth"]) for p in t["points"]],
                "level": [_number(p["level"]) for p in t["points"]],
            }
            for t in data["trends"]
        ],
    }


# --- import ---------------------------------------------------------------------------------------


@readers_only
def import_page(request):
    if not rules.may_import(request.user):
        return _forbidden(request, _("只有统计员和管理员可以导入经济指标。"))
    form = ImportForm(request.POST or None, request.FILES or None)
    problems, outcome = [], None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            outcome = actions.indicator_import(actor=request.user, file_name=upload.name, content=upload.read())
        except imports.ImportRejected as rejected:
            problems = rejected.problems
            form.add_error(None, rejected.message)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if outcome.batch is None:
                messages.info(request, _("文件中的数据与系统中的完全一致，未作任何更改。"))
            else:
                messages.success(
                    request,
                    _(
                        "导入完成：写入 %(written)s 个数值，替换 %(replaced)s 个（原值已存入历史记录），"
                        "%(unchanged)s 个未变化。"
                    )
                    % {"written": outcome.written, "replaced": outcome.replaced, "unchanged": outcome.unchanged},
                )
                return redirect("economy-import-batch", batch_id=outcome.batch.pk)
    status = 400 if problems or form.errors else 200
    context = {
        "tabs": _tabs(request, "economy-import"),
        "form": form,
        "problems": problems,
        "problem_sheets": any(p.sheet for p in problems),
        "batches": selectors.recent_imports(request.user),
    }
    return render(request, "economy/import.html", context, status=status)


@readers_only
def import_batch(request, batch_id):
    if not rules.may_import(request.user):
        return _forbidden(request, _("只有统计员和管理员可以查看导入记录。"))
    batch = IndicatorImport.objects.select_related("imported_by").filter(pk=batch_id).first()
    if batch is None:
        raise Http404
    written = batch.values.select_related("indicator", "area").order_by(
        "year", "end_month", "indicator__sort_order", "area__sort_order"
    )
    context = {
        "tabs": _tabs(request, "economy-import"),
        "batch": batch,
        "written": written,
        "replaced": selectors.import_history(request.user, batch=batch).order_by(
            "period", "indicator__sort_order", "area__sort_order"
        ),
    }
    return render(request, "economy/import_batch.html", context)


@readers_only
def import_template(request, extension: str):
    if extension == "xlsx":
        content, content_type = import_templates.template_xlsx(), XLSX
    else:
        content, content_type = import_templates.template_csv(), "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    name = import_templates.template_name(extension)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


# --- parks and enterprises ------------------------------------------------------------------------


@readers_only
def parks(request):
    summaries = selectors.park_summaries(request.user)
    context = {
        "tabs": _tabs(request, "economy-parks"),
        "summaries": summaries,
        "unparked": selectors.enterprise_list(request.user, park=selectors.NO_PARK).count(),
    }
    return render(request, "economy/parks.html", context)


@readers_only
def park(request, code: str):
    found = or_404(selectors.park_for, request.user, code)
    enterprises = selectors.enterprise_list(request.user, park=found.code)
    context = {
        "tabs": _tabs(request, "economy-parks"),
        "park": found,
        "enterprises": enterprises,
        "latest": _latest_figures(enterprises),
    }
    return render(request, "economy/park.html", context)


def _latest_figures(enterprises) -> dict[int, list]:
    """Per enterprise, the latest figure of each of its output series (for the park's table)."""
    out: dict[int, list] = {}
    for series in OutputSeries.objects.filter(enterprise__in=enterprises).prefetch_related("points"):
        points = list(series.points.all())
        if points and series.metric != OutputMetric.CAPACITY:
            out.setdefault(series.enterprise_id, []).append({"series": series, "point": points[-1]})
    return out


@readers_only
def enterprises(request):
    park_code = request.GET.get("park", "").strip()
    q = request.GET.get("q", "").strip()
    rows = or_404(selectors.enterprise_list, request.user, park=park_code, q=q)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "tabs": _tabs(request, "economy-enterprises"),
        "page": page,
        "parks": Park.objects.all(),
        "park_code": park_code,
        "q": q,
        "no_park": selectors.NO_PARK,
        "query": query.urlencode(),
    }
    return render(request, "economy/enterprises.html", context)


@readers_only
def enterprise(request, uscc: str):
    found = or_404(selectors.enterprise_for, request.user, uscc)
    may_classify = rules.may_record(request.user)
    form = ClassifyForm(
        request.POST or None, initial={"park": found.park, "industry": found.industry}, prefix="classify"
    )
    if request.method == "POST":
        if not may_classify:
            return _forbidden(request, _("只有统计员和管理员可以修改企业的园区和行业。"))
        if form.is_valid():
            try:
                actions.enterprise_classify(
                    actor=request.user,
                    enterprise=found,
                    park=form.cleaned_data["park"],
                    industry=form.cleaned_data["industry"],
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("企业的园区和行业已保存。"))
                return redirect("economy-enterprise", uscc=found.uscc)
    series = selectors.output_series_of(request.user, found)
    context = {
        "tabs": _tabs(request, "economy-enterprises"),
        "enterprise": found,
        "series": series,
        "chart": _output_chart(series),
        "form": form,
        "may_classify": may_classify,
    }
    return render(request, "economy/enterprise.html", context, status=400 if form.errors else 200)


def _output_chart(series: list[dict]) -> dict:
    """One chart per output series; a capacity series of the same unit is drawn on the output chart as a line."""
    capacity = {s["series"].unit: s for s in series if s["series"].metric == OutputMetric.CAPACITY}
    charts = []
    for s in series:
        metric = s["series"].metric
        if metric == OutputMetric.CAPACITY or not s["points"]:
            continue
        cap = capacity.get(s["series"].unit)
        charts.append(
            {
                "id": f"output-{s['series'].pk}",
                "kind": "bar" if metric in (OutputMetric.OUTPUT_VALUE, OutputMetric.MONTHLY_OUTPUT) else "line",
                "title": " · ".join(x for x in (s["series"].get_metric_display(), s["series"].product) if x),
                "unit": s["series"].unit,
                "dates": [p.on.isoformat() for p in s["points"]],
                "values": [_number(p.value) for p in s["points"]],
                "capacity": _number(cap["latest"].value) if cap and cap["latest"] else None,
                "capacity_label": _("设计产能"),
            }
        )
    return {"charts": charts}


# --- innovation -----------------------------------------------------------------------------------


@readers_only
def innovation(request):
    may_record = rules.may_record(request.user)
    form = InnovationCountForm(request.POST or None)
    if request.method == "POST":
        if not may_record:
            return _forbidden(request, _("只有统计员和管理员可以登记创新主体和平台数量。"))
        if form.is_valid():
            try:
                actions.innovation_count_record(
                    actor=request.user,
                    category=form.cleaned_data["category"],
                    year=form.cleaned_data["year"],
                    count=form.cleaned_data["count"],
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("年末数量已登记。"))
                return redirect("economy-innovation")
    context = {
        "tabs": _tabs(request, "economy-innovation"),
        "data": selectors.innovation_progress(request.user),
        "form": form,
        "may_record": may_record,
    }
    return render(request, "economy/innovation.html", context, status=400 if form.errors else 200)


urlpatterns = [
    path("economy/", overview, name="economy-overview"),
    path("economy/import/", import_page, name="economy-import"),
    path("economy/import/<uuid:batch_id>/", import_batch, name="economy-import-batch"),
    path("economy/import/template.xlsx", import_template, {"extension": "xlsx"}, name="economy-template-xlsx"),
    path("economy/import/template.csv", import_template, {"extension": "csv"}, name="economy-template-csv"),
    path("economy/parks/", parks, name="economy-parks"),
    path("economy/parks/<slug:code>/", park, name="economy-park"),
    path("economy/enterprises/", enterprises, name="economy-enterprises"),
    path("economy/enterprises/<str:uscc>/", enterprise, name="economy-enterprise"),
    path("economy/innovation/", innovation, name="economy-innovation"),
]
