"""The leader's view of the service hall: every open case by SLA state, today's figures and the on-time rate."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoxin.accounts.models import Department
from gaoxin.cases import selectors
from gaoxin.catalog.models import Bundle
from gaoxin.core.navigation import NavItem
from gaoxin.core.pages import or_404

# Rows shown per group when no SLA filter is chosen; the filter shows a whole group.
GROUP_PREVIEW = 50
ON_TIME_WINDOW_DAYS = 30

GROUP_LABELS = {
    "overdue": gettext_lazy("超期"),
    "warning": gettext_lazy("预警"),
    "on_time": gettext_lazy("正常"),
    "not_started": gettext_lazy("未受理（未开始计时）"),
}


def leader_only(view):
    @wraps(view)
    @login_required
    def guarded(request, *args, **kwargs):
        if not selectors.sees_overview(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


def nav(request) -> list[NavItem]:
    user = request.user
    if not selectors.sees_overview(user):
        return []
    overdue = selectors.overdue_open_count(user)
    return [NavItem(_("办件总览"), reverse("leader-overview"), count=overdue or None, count_label=_("超期"), order=40)]


@leader_only
def overview(request):
    department = request.GET.get("department", "")
    bundle = request.GET.get("bundle", "")
    sla = request.GET.get("sla", "")
    if sla not in GROUP_LABELS:
        sla = ""
    now = timezone.now()
    data = selectors.open_cases_overview(request.user, department=department, bundle=bundle, sla=sla, now=now)
    figures = selectors.leader_figures(request.user, now=now, days=ON_TIME_WINDOW_DAYS)
    groups = [
        {
            "key": key,
            "label": GROUP_LABELS[key],
            "rows": rows if sla else rows[:GROUP_PREVIEW],
            "count": data["counts"][key],
            "truncated": not sla and len(rows) > GROUP_PREVIEW,
        }
        for key, rows in data["groups"].items()
    ]
    context = {
        "groups": groups,
        "counts": data["counts"],
        "total": data["total"],
        "figures": figures,
        "now": now,
        "departments": Department.objects.order_by("code"),
        "bundles": Bundle.objects.order_by("code"),
        "filters": {"department": department, "bundle": bundle, "sla": sla},
        "filtered": bool(department or bundle or sla),
        "group_labels": GROUP_LABELS,
        "preview": GROUP_PREVIEW,
    }
    return render(request, "cases/leader/overview.html", context)


@leader_only
def case_page(request, case_id):
    """A read-only case page: progress across departments, the applicant, the timeline and the materials."""
    detail = or_404(selectors.case_detail, request.user, case_id)
    return render(request, "cases/leader/case.html", {"case": detail, "form_rows": detail["form_lines"]})


urlpatterns = [
    path("leader/", overview, name="leader-overview"),
    path("leader/cases/<uuid:case_id>/", case_page, name="leader-case"),
]
