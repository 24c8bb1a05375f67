"""The ratings pages: rating a case (posted from the case pages), the satisfaction figures, the rectifications.

Every write goes through gaoxin.ratings.actions and every read through a selector with the person logged in; what
the person may not see is a 404. A DomainError from an action is shown next to its field.
"""

from functools import partial, wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
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
from gaoxin.core.pages import or_404, public_url
from gaoxin.core.qr import qr_svg
from gaoxin.ratings import actions, rules, selectors
from gaoxin.ratings.forms import (
    AppealDecisionForm,
    AppealForm,
    CallbackForm,
    CloseForm,
    RatingForm,
    VerdictForm,
    add_domain_error,
)
from gaoxin.ratings.models import AppealStatus, RatingChannel, RectificationStatus


def nav(request) -> list[NavItem]:
    user = request.user
    if not user.is_authenticated:
        return []
    items = []
    if rules.sees_satisfaction(user):
        items.append(NavItem(_("满意度"), reverse("satisfaction"), order=45))
    if rules.may_decide_appeal(user):
        waiting = selectors.appeals_visible_to(user).filter(status=AppealStatus.PENDING).count()
        items.append(
            NavItem(_("差评申诉"), reverse("ratings-appeals"), count=waiting or None, count_label=_("待复核"), order=46)
        )
    if user.role == Role.CLERK:
        items.append(NavItem(_("评价器"), reverse("ratings-evaluator"), order=25))
    if user.role == Role.APPROVER:
        waiting = selectors.open_count(user)
        items.append(
            NavItem(_("差评整改"), reverse("rectifications"), count=waiting or None, count_label=_("待整改"), order=35)
        )
    return items


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


# --- rating a case ---------------------------------------------------------------------------------


def _case_page(user, case) -> str:
    return reverse("window-case" if user.role == Role.CLERK else "portal-case", args=[case.pk])


def _rating_form(request, departments, create) -> tuple[RatingForm, int | None]:
    """The posted rating form and, when create(level=, comment=, department_code=) took it, None; else the status to
    answer (400 for what the form or the action refused, 403 or 409 for what the action said)."""
    form = RatingForm(request.POST, departments=departments)
    if not form.is_valid():
        return form, 400
    data = form.cleaned_data
    try:
        create(level=data["level"], comment=data["comment"], department_code=data["department"] or None)
    except DomainError as error:
        add_domain_error(form, error)
        return form, error.status
    return form, None


@login_required
@require_POST
def rate(request, case_id):
    """The applicant's rating form on their case page posts here: back to the case page when done; with htmx only the
    rating card is swapped, errors included; without htmx an error shows the form on a page of its own."""
    case = or_404(case_for, request.user, case_id)
    box = selectors.case_rating(request.user, case.pk)
    # A person who may not rate (any member of staff) is refused before the form is judged (403, not what it lacks).
    if refusal := actions.rater_refusal(request.user, case):
        form, status = RatingForm(request.POST, departments=box["departments"]), refusal.status
        add_domain_error(form, refusal)
    else:
        form, status = _rating_form(
            request, box["departments"], partial(actions.rating_create, case=case, actor=request.user)
        )
        if status is None:
            if _is_htmx(request):
                return render(request, "ratings/case_rating.html", {"case": case, "rating_saved": True})
            messages.success(request, _("评价已提交，感谢您的反馈。"))
            return redirect(_case_page(request.user, case) + "#rating")
    context = {"case": case, "rating_form": form, "back": _case_page(request.user, case)}
    if _is_htmx(request) and status != 403:
        # htmx swaps only a 2xx answer; the card comes back with the errors next to the fields.
        return render(request, "ratings/case_rating.html", context)
    return render(request, "ratings/rate.html", context, status=status)


@login_required
@require_POST
def confirm(request, case_id):
    """The applicant's word on the rectification's result, from their case page."""
    case = or_404(case_for, request.user, case_id)
    if refusal := actions.verdict_refusal(request.user, case):
        raise PermissionDenied(refusal.message)
    rating = selectors.rating_of(case.pk)
    if rating is None or not hasattr(rating, "rectification"):
        messages.error(request, _("该办件没有需要确认的整改"))
        return redirect(_case_page(request.user, case))
    form = VerdictForm(request.POST)
    if form.is_valid():
        try:
            actions.rectification_verdict(rectification=rating.rectification, visitor=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("已收到您对整改结果的意见，谢谢。"))
            return redirect(_case_page(request.user, case) + "#rating")
    context = {"case": case, "verdict_form": form, "back": _case_page(request.user, case)}
    return render(request, "ratings/rate.html", context, status=400)


# --- a walk-in's own link (QR code) and the window's evaluator ----------------------------------------


def _staff_refusal(request) -> HttpResponse | None:
    """A member of staff logged in on this browser is refused the walk-in's pages (403): the rating is the
    applicant's, on their own phone or on the evaluator, which nobody is logged in on."""
    if not rules.is_staff_member(request.user):
        return None
    return render(request, "ratings/staff_refused.html", {"reason": actions.STAFF_MAY_NOT_RATE}, status=403)


def rate_by_link(request, link_token):
    """The page behind the QR code, for a phone and no login: rate once; afterwards the rating, and the
    rectification's result to confirm."""
    if refused := _staff_refusal(request):
        return refused
    box = or_404(selectors.rating_box_by_link, link_token)
    return _link_page(request, box, channel=RatingChannel.QR, template="ratings/rate_link.html")


def _link_page(request, box, *, channel, template, extra=None):
    link = box["link"]
    form = verdict_form = None
    status = 200
    if request.method == "POST" and request.POST.get("step") == "verdict" and box["rating"]:
        verdict_form, status = _verdict(request, box["rating"])
        if status is None:
            messages.success(request, _("已收到您对整改结果的意见，谢谢。"))
            return redirect(request.path)
    elif request.method == "POST":
        create = partial(actions.rating_create_by_link, link=link, visitor=request.user, channel=channel)
        form, status = _rating_form(request, box["departments"], create)
        if status is None:
            return redirect(request.path + "?thanks=1")
    elif box["can_rate"]:
        form = RatingForm(departments=box["departments"])
    context = {
        **box,
        **(extra or {}),
        "form": form,
        "verdict_form": verdict_form or VerdictForm(),
        "thanks": request.GET.get("thanks") == "1",
        "working_days": actions.rectification_working_days(),
        "applicant": selectors.masked_name(box["case"].applicant_name),
    }
    response = render(request, template, context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _verdict(request, rating) -> tuple[VerdictForm, int | None]:
    form = VerdictForm(request.POST)
    if not form.is_valid():
        return form, 400
    rectification = getattr(rating, "rectification", None)
    if rectification is None:
        form.add_error(None, _("该评价没有整改，无需确认"))
        return form, 409
    try:
        actions.rectification_verdict(
            rectification=rectification, visitor=request.user, by_link=True, **form.cleaned_data
        )
    except DomainError as error:
        add_domain_error(form, error)
        return form, error.status
    return form, None


def evaluator_page(request, evaluator_token):
    """The tablet at the window: the clerk serving, and the case they asked the applicant to rate (or a welcome).
    It asks every few seconds whether the clerk sent another case, and reloads when so."""
    if refused := _staff_refusal(request):
        return refused
    evaluator = or_404(selectors.evaluator_by_token, evaluator_token)
    extra = {"evaluator": evaluator, "clerk": evaluator.clerk, "state": _evaluator_state(evaluator)}
    if evaluator.link is None:
        return render(request, "ratings/evaluator.html", {**extra, "case": None})
    box = selectors.rating_box_by_link(evaluator.link.token)
    return _link_page(request, box, channel=RatingChannel.EVALUATOR, template="ratings/evaluator.html", extra=extra)


def _evaluator_state(evaluator) -> str:
    return f"{evaluator.link_id or ''}:{evaluator.pushed_at.timestamp() if evaluator.pushed_at else ''}"


def evaluator_poll(request, evaluator_token):
    """204 while the evaluator shows what it should; a new case sent (or the address renewed) reloads the page."""
    if refused := _staff_refusal(request):
        return refused
    evaluator = or_404(selectors.evaluator_by_token, evaluator_token)
    response = HttpResponse(status=204)
    if request.GET.get("state") != _evaluator_state(evaluator):
        response = HttpResponse(status=200)
        response["HX-Refresh"] = "true"
    response["Cache-Control"] = "no-store"
    return response


def clerks_only(view):
    @wraps(view)
    @login_required
    def guarded(request, *args, **kwargs):
        if request.user.role != Role.CLERK:
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


@clerks_only
def evaluator_setup(request):
    """The clerk's evaluator: the address to open on the window's tablet, and a new one if a tablet was lost."""
    renew = request.method == "POST" and request.POST.get("renew") == "1"
    evaluator = actions.evaluator_issue(clerk=request.user, renew=renew)
    if renew:
        messages.success(request, _("评价器地址已更换：请在评价器上打开新地址，旧地址已失效。"))
        return redirect("ratings-evaluator")
    url = public_url(reverse("evaluator", args=[evaluator.token]))
    return render(request, "ratings/evaluator_setup.html", {"evaluator": evaluator, "url": url, "qr": qr_svg(url)})


@clerks_only
@require_POST
def evaluator_push(request, case_id):
    """请申请人评价: the case goes to the clerk's evaluator; back to the window's case page."""
    case = or_404(case_for, request.user, case_id)
    try:
        actions.evaluator_push(clerk=request.user, case=case)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(reverse("window-case", args=[case.pk]) + "#rating")
    messages.success(request, _("已推送到评价器：请申请人在评价器上评价。"))
    return redirect(reverse("window-case", args=[case.pk]) + "#rating")


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


RECTIFICATION_STEPS = {
    "callback": (CallbackForm, gettext_lazy("回访情况已记录。")),
    "close": (CloseForm, gettext_lazy("整改已办结，整改结果已告知申请人。")),
    "appeal": (AppealForm, gettext_lazy("申诉已提交，等待管理员复核。")),
}


def _rectification_step(step, rectification, user, data) -> None:
    if step == "callback":
        actions.rectification_callback(rectification=rectification, actor=user, note=data["note"])
    elif step == "close":
        actions.rectification_close(rectification=rectification, actor=user, result=data["result"])
    else:
        actions.rating_appeal(rating=rectification.rating, actor=user, reason=data["reason"])


@rectifications_only
def rectification_page(request, rectification_id):
    rectification = or_404(selectors.rectification_for, request.user, rectification_id)
    forms = {step: form_class() for step, (form_class, _done) in RECTIFICATION_STEPS.items()}
    status = 200
    if request.method == "POST":
        step = request.POST.get("step")
        step = step if step in RECTIFICATION_STEPS else "close"
        form_class, done = RECTIFICATION_STEPS[step]
        form = forms[step] = form_class(request.POST)
        status = 400
        if form.is_valid():
            try:
                _rectification_step(step, rectification, request.user, form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)  # closing before a callback ("note") goes above the close form
                status = error.status
            else:
                messages.success(request, done)
                return redirect("rectification", rectification_id=rectification.pk)
        rectification = or_404(selectors.rectification_for, request.user, rectification_id)
    detail = selectors.rectification_out(rectification, timezone.now(), user=request.user)
    context = {"r": detail, "callback_form": forms["callback"], "close_form": forms["close"]}
    return render(request, "ratings/rectification.html", {**context, "appeal_form": forms["appeal"]}, status=status)


# --- appeals (申诉复核) -----------------------------------------------------------------------------


def appeals_only(view):
    @wraps(view)
    @login_required
    def guarded(request, *args, **kwargs):
        if not (rules.may_decide_appeal(request.user) or request.user.role == Role.APPROVER):
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


@appeals_only
def appeal_list(request):
    rows = selectors.appeal_list(request.user)
    return render(request, "ratings/appeals.html", {"rows": rows, "decides": rules.may_decide_appeal(request.user)})


@appeals_only
def appeal_page(request, appeal_id):
    appeal = or_404(selectors.appeal_for, request.user, appeal_id)
    form, status = AppealDecisionForm(), 200
    if request.method == "POST":
        form, status = AppealDecisionForm(request.POST), 400
        if form.is_valid():
            try:
                actions.appeal_decide(appeal=appeal, actor=request.user, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
                status = error.status
            else:
                messages.success(request, _("复核结论已记录，满意度随之更新。"))
                return redirect("ratings-appeal", appeal_id=appeal.pk)
    context = {"a": selectors.appeal_row(appeal), "form": form, "decides": rules.may_decide_appeal(request.user)}
    return render(request, "ratings/appeal.html", context, status=status)


urlpatterns = [
    path("ratings/", satisfaction, name="satisfaction"),
    path("ratings/cases/<uuid:case_id>/rate/", rate, name="ratings-rate"),
    path("ratings/cases/<uuid:case_id>/confirm/", confirm, name="ratings-confirm"),
    path("ratings/cases/<uuid:case_id>/evaluator/", evaluator_push, name="ratings-push"),
    path("ratings/evaluator/", evaluator_setup, name="ratings-evaluator"),
    path("rate/<str:link_token>/", rate_by_link, name="rate-by-link"),
    path("evaluator/<str:evaluator_token>/", evaluator_page, name="evaluator"),
    path("evaluator/<str:evaluator_token>/poll/", evaluator_poll, name="evaluator-poll"),
    path("ratings/rectifications/", rectification_list, name="rectifications"),
    path("ratings/rectifications/<uuid:rectification_id>/", rectification_page, name="rectification"),
    path("ratings/appeals/", appeal_list, name="ratings-appeals"),
    path("ratings/appeals/<uuid:appeal_id>/", appeal_page, name="ratings-appeal"),
]
