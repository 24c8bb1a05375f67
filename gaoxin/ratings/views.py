"""The ratings pages: rating a case (posted from the case pages), the satisfaction figures, the rectifications.

Every write goes through gaoxin.ratings.actions and every read through a selector with the person logged in; what
the person may not see is a 404. A DomainError from an action is shown next to its field.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gaoxin.accounts.models import Role
from gaoxin.cases.selectors import case_for
from gaoxin.core.errors import DomainError
from gaoxin.core.navigation import NavItem
from gaoxin.core.pages import or_404
from gaoxin.ratings import actions, rules, selectors
from gaoxin.ratings.forms import CallbackForm, CloseForm, RatingForm, add_domain_error
from gaoxin.ratings.models import RectificationStatus


def nav(request) -> list[NavItem]:
    user = request.user
    if not user.is_authenticated:
        return []
    items = []
    if rules.sees_satisfaction(user):
        items.append(NavItem(_("满意度"), reverse("satisfaction"), order=45))
    if user.role == Role.APPROVER:
        waiting = selectors.open_count(user)
        items.append(
            NavItem(_("差评整改"), reverse("rectifications"), count=waiting or None, count_label=_("待整改"), order=35)
        )
    return items


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


# --- rating a case --------------------------------------------------------------------------------


def _case_page(user, case) -> str:
    return reverse("window-case" if user.role == Role.CLERK else "portal-case", args=[case.pk])


@login_required
@require_POST
def rate(request, case_id):
    """The rating form of a case page posts here: back to the case page when done; with htmx only the rating card
    is swapped, errors included; without htmx an error shows the form on a page of its own."""
    case = or_404(case_for, request.user, case_id)
    box = selectors.case_rating(request.user, case.pk)
    form = RatingForm(request.POST, departments=box["departments"])
    status = 400
    # A person who may not rate is refused before the form is judged (403, not what the form lacks).
    if refusal := actions.rater_refusal(request.user, case):
        add_domain_error(form, refusal)
        status = refusal.status
    elif form.is_valid():
        data = form.cleaned_data
        try:
            actions.rating_create(
                case=case,
                actor=request.user,
                level=data["level"],
                comment=data["comment"],
                department_code=data["department"] or None,
            )
        except DomainError as error:
            add_domain_error(form, error)
            status = error.status
        else:
            if _is_htmx(request):
                return render(request, "ratings/case_rating.html", {"case": case, "rating_saved": True})
            messages.success(request, _("评价已提交，感谢您的反馈。"))
            return redirect(_case_page(request.user, case) + "#rating")
    context = {"case": case, "rating_form": form, "back": _case_page(request.user, case)}
    if _is_htmx(request):
        # htmx swaps only a 2xx answer; the card comes back with the errors next to the fields.
        return render(request, "ratings/case_rating.html", context)
    return render(request, "ratings/rate.html", context, status=status)


# --- satisfaction ---------------------------------------------------------------------------------


@login_required
def satisfaction(request):
    figures = or_404(selectors.satisfaction, request.user)
    return render(
        request,
        "ratings/satisfaction.html",
        {
            **figures,
            "now": timezone.now(),
            "sees_rectifications": selectors.sees_rectifications(request.user),
            "working_days": actions.rectification_working_days(),
        },
    )


# --- rectifications -------------------------------------------------------------------------------

TABS = {
    "open": gettext_lazy("整改中"),
    "closed": gettext_lazy("已整改"),
    "all": gettext_lazy("全部"),
}


def rectifications_only(view):
    @wraps(view)
    @login_required
    def guarded(request, *args, **kwargs):
        if not selectors.sees_rectifications(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


@rectifications_only
def rectification_list(request):
    tab = request.GET.get("status", "open")
    if tab not in TABS:
        tab = "open"
    rows = selectors.rectification_list(request.user, status="" if tab == "all" else tab)
    visible = selectors.rectifications_visible_to(request.user)
    counts = {
        "open": visible.filter(status=RectificationStatus.OPEN).count(),
        "closed": visible.filter(status=RectificationStatus.CLOSED).count(),
    }
    counts["all"] = counts["open"] + counts["closed"]
    tabs = [{"key": key, "label": label, "count": counts[key]} for key, label in TABS.items()]
    return render(
        request,
        "ratings/rectifications.html",
        {"rows": rows, "tab": tab, "tabs": tabs, "department": request.user.department},
    )


@rectifications_only
def rectification_page(request, rectification_id):
    rectification = or_404(selectors.rectification_for, request.user, rectification_id)
    callback_form, close_form, status = CallbackForm(), CloseForm(), 200
    if request.method == "POST":
        step = request.POST.get("step")
        form = CallbackForm(request.POST) if step == "callback" else CloseForm(request.POST)
        if step == "callback":
            callback_form = form
        else:
            close_form = form
        status = 400
        if form.is_valid():
            try:
                if step == "callback":
                    actions.rectification_callback(
                        rectification=rectification, actor=request.user, note=form.cleaned_data["note"]
                    )
                    done = _("回访情况已记录。")
                else:
                    actions.rectification_close(
                        rectification=rectification, actor=request.user, result=form.cleaned_data["result"]
                    )
                    done = _("整改已办结。")
            except DomainError as error:
                add_domain_error(form, error)  # closing before a callback ("note") goes above the close form
                status = error.status
            else:
                messages.success(request, done)
                return redirect("rectification", rectification_id=rectification.pk)
        rectification = or_404(selectors.rectification_for, request.user, rectification_id)
    detail = selectors.rectification_out(rectification, timezone.now(), user=request.user)
    return render(
        request,
        "ratings/rectification.html",
        {"r": detail, "callback_form": callback_form, "close_form": close_form},
        status=status,
    )


urlpatterns = [
    path("ratings/", satisfaction, name="satisfaction"),
    path("ratings/cases/<uuid:case_id>/rate/", rate, name="ratings-rate"),
    path("ratings/rectifications/", rectification_list, name="rectifications"),
    path("ratings/rectifications/<uuid:rectification_id>/", rectification_page, name="rectification"),
]
