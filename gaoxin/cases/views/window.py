"""The window desk (综合窗口): the queue, the decision on one case, and walk-in applications made for an applicant."""

from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gaoxin.cases import actions, rules, selectors
from gaoxin.cases.forms import ApplicationForm, CorrectionsFormMixin, ObjectionForm, add_domain_error
from gaoxin.cases.models import DECIDED_STATUSES, Case, CaseStatus, Channel, VisitPurpose
from gaoxin.catalog.fields import application_fields
from gaoxin.catalog.models import Bundle, PromiseKind, ServiceItem
from gaoxin.catalog.selectors import items_matching
from gaoxin.core.errors import Conflict, DomainError, Forbidden, NotFound
from gaoxin.core.navigation import NavItem
from gaoxin.core.pages import or_404

# --- access and navigation ------------------------------------------------------------------------


def window_only(view):
    """Clerks (and administrators) only; anyone else is told the page does not exist."""

    @wraps(view)
    @login_required
    def guarded(request, *args, **kwargs):
        if not rules.may_act_as_window(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


def nav(request) -> list[NavItem]:
    user = request.user
    if not (user.is_authenticated and rules.may_act_as_window(user)):
        return []
    waiting = selectors.window_counts(user)["submitted"]
    return [NavItem(_("综合窗口"), reverse("window-queue"), count=waiting or None, count_label=_("待受理"), order=20)]


def promise_of(case: Case):
    """What the case was promised: its own snapshot, or (for a case created before snapshots) its bundle or item."""
    return case if case.promise_kind else (case.bundle or case.item)


def is_immediate(case: Case) -> bool:
    return promise_of(case).promise_kind == PromiseKind.IMMEDIATE


def finished_in_time(case: Case) -> str | None:
    """For a decided case: "on_time" if decided by its deadline, else "late"; None while it is open."""
    if case.status not in DECIDED_STATUSES or not (case.decided_at and case.deadline):
        return None
    return "on_time" if case.decided_at <= case.deadline else "late"


# --- the queue ------------------------------------------------------------------------------------

TAB_LABELS = {
    "submitted": gettext_lazy("待受理"),
    "corrections": gettext_lazy("待补正"),
    "drafts": gettext_lazy("代办草稿"),
    "all": gettext_lazy("全部办件"),
}


@window_only
def queue(request):
    tab = request.GET.get("tab", "submitted")
    if tab not in selectors.WINDOW_TABS:
        tab = "submitted"
    q = request.GET.get("q", "").strip()[:50]
    page = Paginator(selectors.window_queue(request.user, tab=tab, q=q), 50).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [
        {"case": c, "sla": selectors.case_sla(c, now), "immediate": is_immediate(c), "finished": finished_in_time(c)}
        for c in page
    ]
    counts = selectors.window_counts(request.user)
    tabs = [{"key": key, "label": TAB_LABELS[key], "count": counts[key]} for key in selectors.WINDOW_TABS]
    return render(
        request,
        "cases/window/queue.html",
        {"tab": tab, "tab_label": TAB_LABELS[tab], "tabs": tabs, "rows": rows, "page": page, "q": q, "now": now},
    )


# --- deciding on one case -------------------------------------------------------------------------


class WindowDecisionForm(CorrectionsFormMixin, forms.Form):
    """One form for the three outcomes; the button pressed is the decision. Corrections name the ticked materials,
    each with its own reason (CorrectionRows)."""

    DECISIONS = ("accept", "not_accept", "corrections")

    decision = forms.ChoiceField(choices=[(d, d) for d in DECISIONS], required=False)
    note = forms.CharField(label=gettext_lazy("意见 / 理由"), required=False, max_length=2000, widget=forms.Textarea)
    materials = forms.MultipleChoiceField(
        label=gettext_lazy("需要补正的材料"), required=False, widget=forms.CheckboxSelectMultiple
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, materials=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_corrections(list(materials))
        self.fields["decision"].error_messages["invalid_choice"] = _("请选择受理、补正或不予受理")

    def clean(self):
        data = super().clean()
        decision, note, ticked = data.get("decision"), data.get("note", "").strip(), data.get("materials") or []
        if not decision and not self.has_error("decision"):
            # Submitted without pressing a decision button (e.g. Enter in a field): decide nothing.
            raise forms.ValidationError(_("请选择受理、补正或不予受理"))
        if decision == "not_accept" and not note:
            self.add_error("note", _("不予受理必须说明理由"))
        if decision == "corrections" and not ticked:
            self.add_error("materials", _("请勾选需要补正的全部材料"))
        if decision in ("accept", "not_accept") and ticked:
            self.add_error("materials", _("勾选的材料只用于一次性告知补正：要补正请按“一次性告知补正”，否则请取消勾选"))
        data["note"] = note
        data["corrections"] = self.checked_corrections(ticked) if decision == "corrections" and ticked else {}
        return data


# Which form field an action's error belongs next to (one about the materials: CorrectionsFormMixin).
WINDOW_ERROR_FIELDS = {"reason": "note", "note": "note"}


def latest_event(detail: dict) -> dict | None:
    """The newest event that tells what happened to the case (a stage's tasks opening only follows it)."""
    return next((e for e in reversed(detail["events"]) if e["action"] != "task_open"), None)


def _decide(request, case: Case, data: dict) -> str:
    """Run the chosen action; returns the message to show after it. The version the page was opened at is checked
    inside the action's lock: someone who acted meanwhile is shown first."""
    decision, note, version = data["decision"], data["note"], data.get("version")
    if decision == "accept":
        case = actions.case_accept(case=case, clerk=request.user, note=note, version=version)
        if case.status == CaseStatus.APPROVED:
            return _("办件 %(number)s 已受理并当场办结。") % {"number": case.number}
        return _("办件 %(number)s 已受理，已转入部门办理。") % {"number": case.number}
    if decision == "not_accept":
        case = actions.case_not_accept(case=case, clerk=request.user, reason=note, version=version)
        return _("办件 %(number)s 不予受理，理由已告知申请人。") % {"number": case.number}
    case = actions.case_request_corrections(
        case=case, clerk=request.user, corrections=data["corrections"], note=note, version=version
    )
    return _("已一次性告知办件 %(number)s 需补正的全部材料。") % {"number": case.number}


@window_only
def case_page(request, case_id):
    case = or_404(selectors.case_for, request.user, case_id)
    materials = selectors.case_materials(case)
    conflict, status = None, 200
    if request.method == "POST":
        form = WindowDecisionForm(request.POST, materials=materials)
        if form.is_valid():
            try:
                done = _decide(request, case, form.cleaned_data)
            except Conflict as error:
                conflict, status = error.message, 409
                # Keep what was typed; the hidden version moves on so a second, informed try goes through.
                case = or_404(selectors.case_for, request.user, case_id)
                form = WindowDecisionForm(
                    initial={**form.cleaned_data, "version": selectors.case_version(case)},
                    materials=selectors.case_materials(case),
                )
            except (NotFound, Forbidden):
                raise Http404 from None
            except DomainError as error:
                if not form.add_corrections_error(error):
                    form.add_error(WINDOW_ERROR_FIELDS.get(error.field or ""), error.message)
                status = 400
            else:
                messages.success(request, done)
                if case.channel == Channel.WINDOW:
                    return redirect("window-case", case_id=case.pk)
                return redirect("window-queue")
        else:
            status = 400
    else:
        form = WindowDecisionForm(initial={"version": selectors.case_version(case)}, materials=materials)
    detail = selectors.case_detail(request.user, case.pk)
    context = {
        "case": detail,
        "form": form,
        "conflict": conflict,
        "latest": latest_event(detail) if conflict else None,
        "immediate": is_immediate(case),
        "decidable": detail["status"] == CaseStatus.SUBMITTED,
        "walk_in_editable": case.channel == Channel.WINDOW and case.status in rules.UPLOAD_STATUSES,
        "collectable": case.channel == Channel.WINDOW and case.status in DECIDED_STATUSES,
        "target": promise_of(case),
        "form_rows": detail["form_lines"],
        "notice": open_notice(detail),
        "objection_form": ObjectionForm(),
    }
    return render(request, "cases/window/case.html", context, status=status)


@window_only
@require_POST
def register_objection(request, case_id):
    """An objection received at the window (on paper, in person) during a public notice: it holds the notice until
    the notice's department has looked into it."""
    case = or_404(selectors.case_for, request.user, case_id)
    form = ObjectionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            notice = selectors.open_notice_of(case)
            objection = actions.case_register_objection(
                notice=notice, actor=request.user, details=form.details(), evidence=request.FILES.get("evidence")
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("已登记异议（回执 %(receipt)s），公示部门核查前办件暂停办结。") % {"receipt": objection.receipt},
            )
    else:
        messages.error(request, _("请选择异议人与企业的关系并填写异议内容。"))
    return redirect("window-case", case_id=case.pk)


@window_only
@require_POST
def record_collection(request, case_id):
    """少跑腿: the walk-in came to collect the result; the visit counts against the item's maximum."""
    case = or_404(selectors.case_for, request.user, case_id)
    try:
        actions.case_record_visit(case=case, clerk=request.user, purpose=VisitPurpose.COLLECT)
    except DomainError as error:  # an online case, say: its applicant's visits are not the window's to count
        messages.error(request, error.message)
    else:
        messages.success(request, _("已登记申请人来厅领取办理结果。"))
    return redirect("window-case", case_id=case.pk)


def open_notice(detail: dict) -> dict | None:
    return next((t for t in detail["tasks"] if t["waits_until"] and t["status"] == "open"), None)


# --- walk-in applications -------------------------------------------------------------------------


@window_only
def walk_in(request):
    """Step 1: what the applicant at the counter wants — a bundle, or one item from the catalog."""
    q = request.GET.get("q", "").strip()[:50]
    items = list(items_matching(q=q)[:20]) if q else []
    bundles = Bundle.objects.filter(active=True).order_by("code")
    return render(request, "cases/window/walk_in.html", {"bundles": bundles, "items": items, "q": q})


class WalkInForm(ApplicationForm):
    """The application form as the window fills it in for a walk-in, who may say they want no SMS at their phone."""

    no_sms = forms.BooleanField(
        label=gettext_lazy("不接收短信"),
        required=False,
        help_text=gettext_lazy("申请人不愿接收短信的请勾选：本号码不再收到本平台的短信，可凭短信中的退订链接恢复。"),
    )

    @property
    def applicant_fields(self):
        return [*super().applicant_fields, self["no_sms"]]


@window_only
def walk_in_new(request):
    """Step 2: the same application form the applicant fills in online, filled in by the clerk for them."""
    bundle_code, item_code = request.GET.get("bundle", ""), request.GET.get("item", "")
    bundle = Bundle.objects.filter(code=bundle_code, active=True).first() if bundle_code else None
    item = ServiceItem.objects.filter(code=item_code).first() if item_code and not bundle else None
    if bundle is None and item is None:
        raise Http404
    form = WalkInForm(request.POST or None, bundle=bundle, spec=application_fields(bundle))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            details = actions.ApplicantDetails(
                kind=data["kind"],
                name=data["name"],
                id_number=data["id_number"],
                uscc=data["uscc"],
                phone=data["phone"],
                form=form.form_data(),
                no_sms=data["no_sms"],
            )
            try:
                case = actions.case_create(
                    actor=request.user,
                    details=details,
                    bundle_code=bundle.code if bundle else None,
                    item_code=None if bundle else item.code,
                    optional_step_ids=data.get("optional_steps") or [],
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("已为申请人登记办件 %(number)s，请上传材料。") % {"number": case.number})
                return redirect("window-walk-in-materials", case_id=case.pk)
    return render(request, "cases/window/walk_in_form.html", {"form": form, "target": bundle or item}, status=status)


@window_only
def walk_in_materials(request, case_id):
    """Step 3: upload the applicant's materials for them, then submit; the case page then decides."""
    case = or_404(selectors.case_for, request.user, case_id)
    if not rules.is_walk_in(case):
        raise Http404
    errors: dict[str, str] = {}
    submit_error = None
    status = 200
    if request.method == "POST" and case.status in rules.UPLOAD_STATUSES:
        try:
            if request.POST.get("step") == "submit":
                version = _int(request.POST.get("version"))
                case = actions.case_submit(case=case, actor=request.user, version=version)
                if case.status == CaseStatus.SUBMITTED:
                    done = _("办件 %(number)s 已提交，请核对后作出受理决定。")
                else:
                    done = _("办件 %(number)s 已重新提交，部门恢复办理。")
                messages.success(request, done % {"number": case.number})
                return redirect("window-case", case_id=case.pk)
            errors = _upload_all(request, case)
            if not errors:
                if not request.FILES:
                    submit_error = _("请先选择要上传的文件")
                else:
                    messages.success(request, _("材料已上传。"))
                    return redirect("window-walk-in-materials", case_id=case.pk)
        except DomainError as error:
            submit_error = error.message
        status = 400 if (errors or submit_error) else 200
        case = or_404(selectors.case_for, request.user, case_id)
    detail = selectors.case_detail(request.user, case.pk)
    missing = [m for m in detail["materials"] if m["missing"]]
    context = {
        "case": detail,
        "errors": errors,
        "submit_error": submit_error,
        "editable": case.status in rules.UPLOAD_STATUSES,
        "missing": missing,
        "version": selectors.case_version(case),
        "max_mb": _max_upload_mb(),
    }
    return render(request, "cases/window/walk_in_materials.html", context, status=status)


def _upload_all(request, case: Case) -> dict[str, str]:
    """Store every chosen file; a refused file is reported next to its material and the others still count."""
    errors = {}
    for key in request.FILES:
        if not key.startswith("file-"):
            continue
        code = key.removeprefix("file-")
        for uploaded in request.FILES.getlist(key):
            try:
                actions.case_upload_material(case=case, actor=request.user, material_code=code, uploaded=uploaded)
            except DomainError as error:
                errors[code] = error.message
                if isinstance(error, Conflict):
                    raise
    return errors


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _max_upload_mb() -> int:
    return settings.GAOXIN["UPLOAD_MAX_BYTES"] // (1024 * 1024)


urlpatterns = [
    path("window/", queue, name="window-queue"),
    path("window/cases/<uuid:case_id>/", case_page, name="window-case"),
    path("window/cases/<uuid:case_id>/objection/", register_objection, name="window-objection"),
    path("window/cases/<uuid:case_id>/collected/", record_collection, name="window-collected"),
    path("window/walk-in/", walk_in, name="window-walk-in"),
    path("window/walk-in/new/", walk_in_new, name="window-walk-in-new"),
    path("window/walk-in/<uuid:case_id>/materials/", walk_in_materials, name="window-walk-in-materials"),
]
