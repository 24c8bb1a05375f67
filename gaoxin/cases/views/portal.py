"""The applicant portal: apply for an item or a bundle, hand in each material once, submit, follow the case,
answer a request for corrections (补正) or a department's return (退回补充), withdraw.

Every write goes through gaoxin.cases.actions and every read through gaoxin.cases.selectors with the person
logged in; a case the person may not see is a 404. A DomainError from an action is shown next to its field.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from gaoxin.accounts.models import ApplicantKind, Role
from gaoxin.cases import actions, rules, selectors
from gaoxin.cases.forms import ApplicationForm, WithdrawForm, add_domain_error
from gaoxin.cases.models import CaseStatus
from gaoxin.catalog.fields import application_fields
from gaoxin.catalog.models import Bundle, BundleStep, ServiceItem
from gaoxin.catalog.selectors import bundle_requirements, item_requirements
from gaoxin.core.errors import DomainError
from gaoxin.core.navigation import NavItem
from gaoxin.core.pages import or_404

# The applicant holds these cases: something is asked of them.
WAITING_FOR_APPLICANT = [CaseStatus.CORRECTIONS_REQUESTED, CaseStatus.SUPPLEMENT_REQUESTED]
PAGE_SIZE = 20


def is_applicant(user) -> bool:
    return user.is_authenticated and user.role == Role.APPLICANT


def nav(request) -> list[NavItem]:
    """The portal's header entry, with the number of cases waiting for the applicant."""
    if not is_applicant(request.user):
        return []
    waiting = selectors.cases_visible_to(request.user).filter(status__in=WAITING_FOR_APPLICANT).count()
    return [
        NavItem(
            label=gettext("我的办件"),
            url=reverse("portal"),
            count=waiting or None,
            count_label=gettext("待您补正"),
            order=20,
        )
    ]


def applicant_required(view):
    """Logged in (else the login page) and an applicant (else a page saying whose pages these are)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.role != Role.APPLICANT:
            return render(request, "cases/portal/not_applicant.html", status=403)
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


# --- my cases -------------------------------------------------------------------------------------


@applicant_required
def my_cases(request):
    cases = selectors.cases_visible_to(request.user).prefetch_related("pauses").order_by("-created_at")
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [{**selectors.case_summary(c, now), "waiting": c.status in WAITING_FOR_APPLICANT} for c in page]
    return render(
        request,
        "cases/portal/my_cases.html",
        {
            "page": page,
            "rows": rows,
            "waiting": cases.filter(status__in=WAITING_FOR_APPLICANT).count(),
            "bundles": Bundle.objects.filter(active=True),
        },
    )


# --- applying -------------------------------------------------------------------------------------


def _target(target: str, code: str):
    """(bundle, item) for the URL's target; unknown codes are a 404."""
    if target == "bundle":
        return get_object_or_404(Bundle, code=code, active=True), None
    if target == "item":
        return None, get_object_or_404(ServiceItem.objects.select_related("department"), code=code)
    raise Http404


def _application_form(request, target: str, code: str, bundle, data=None) -> ApplicationForm:
    user = request.user
    return ApplicationForm(
        data,
        bundle=bundle,
        spec=application_fields(bundle),
        check_url=reverse("portal-apply-check", args=[target, code, "__field__"]),
        initial={
            "kind": user.applicant_kind or ApplicantKind.PERSON,
            "name": user.display_name,
            "id_number": user.id_number,
            "uscc": user.uscc,
            "phone": user.phone,
        },
    )


def _apply(request, target: str, code: str):
    bundle, item = _target(target, code)
    if item is not None and not item.online:
        return render(request, "cases/portal/apply.html", {"item": item, "target": item, "offline": True})
    form = _application_form(request, target, code, bundle, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        enterprise = data["kind"] == ApplicantKind.ENTERPRISE
        details = actions.ApplicantDetails(
            kind=data["kind"],
            name=data["name"],
            id_number=data["id_number"],
            uscc=data["uscc"] if enterprise else "",
            phone=data["phone"],
            form=form.form_data(),
        )
        try:
            case = actions.case_create(
                actor=request.user,
                details=details,
                item_code=item.code if item else None,
                bundle_code=bundle.code if bundle else None,
                optional_step_ids=data.get("optional_steps") or [],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                gettext("已创建办件 %(number)s（草稿）。请逐项上传材料，齐全后提交。") % {"number": case.number},
            )
            return redirect("portal-case", case_id=case.pk)
    status = 400 if form.is_bound else 200
    return render(request, "cases/portal/apply.html", _apply_context(form, bundle, item), status=status)


def _apply_context(form, bundle, item) -> dict:
    if bundle is not None:
        optional = list(BundleStep.objects.filter(stage__bundle=bundle, optional=True).select_related("item"))
        names = dict(BundleStep.objects.filter(stage__bundle=bundle).values_list("item__code", "item__name"))
        base = {r.material.pk for r in bundle_requirements(bundle, [])}
        materials = [
            {
                "name": r.material.name,
                "required": r.required,
                "only_with": [names[c] for c in r.item_codes] if r.material.pk not in base else [],
            }
            for r in bundle_requirements(bundle, optional)
        ]
    else:
        materials = [
            {"name": r.material.name, "required": r.required, "only_with": []} for r in item_requirements(item)
        ]
    return {
        "form": form,
        "bundle": bundle,
        "item": item,
        "target": bundle or item,
        "materials": materials,
        "upload_max_mb": settings.GAOXIN["UPLOAD_MAX_BYTES"] // (1024 * 1024),
    }


@applicant_required
def apply_bundle(request, code):
    return _apply(request, "bundle", code)


@applicant_required
def apply_item(request, code):
    return _apply(request, "item", code)


@applicant_required
@require_POST
def apply_check(request, target, code, field):
    """The inline check (htmx, on change): the field re-rendered with its error or an ok note."""
    bundle, _item = _target(target, code)
    form = _application_form(request, target, code, bundle, request.POST)
    if field not in form.fields or field == "optional_steps":
        raise Http404
    form.is_valid()
    if not (request.POST.get(field) or "").strip():
        # An empty field the person merely passed through gets no scolding until they submit.
        form.errors.pop(field, None)
    return render(request, "cases/portal/_check.html", {"field": form[field], "ok_note": form.ok_note(field)})


# --- one case -------------------------------------------------------------------------------------


def _case_context(
    case: dict,
    *,
    wallet_offers: list[dict] | None = None,
    upload_errors: dict | None = None,
    uploaded: str = "",
    submit_error: str = "",
) -> dict:
    status = case["status"]
    for material in case["materials"]:
        material["upload_error"] = (upload_errors or {}).get(material["code"], "")
        material["just_uploaded"] = material["code"] == uploaded
    missing = [m for m in case["materials"] if m["missing"]]
    notice = next((t for t in case["tasks"] if t["waits_until"] and t["status"] == "open"), None)
    return {
        "notice": notice,
        "notice_days_left": rules.notice_days_left(notice["waits_until"], timezone.now()) if notice else None,
        "wallet_offers": wallet_offers or [],
        "case": case,
        "can_upload": status in rules.UPLOAD_STATUSES,
        "can_submit": status in rules.CASE_TRANSITIONS["submit"],
        "can_withdraw": status in rules.CASE_TRANSITIONS["withdraw"],
        "waiting": status in WAITING_FOR_APPLICANT,
        "flagged": [m for m in case["materials"] if m["needs_correction"]],
        "returned": [t for t in case["tasks"] if t["status"] == "returned"],
        "missing": missing,
        "submit_error": submit_error,
        "upload_max_mb": settings.GAOXIN["UPLOAD_MAX_BYTES"] // (1024 * 1024),
        "form_rows": case["form_lines"],
    }


def _offers(request, case_id) -> list[dict]:
    return selectors.wallet_offers_for(request.user, or_404(selectors.case_for, request.user, case_id))


@applicant_required
def case_page(request, case_id):
    context = _case_context(
        or_404(selectors.case_detail, request.user, case_id), wallet_offers=_offers(request, case_id)
    )
    return render(request, "cases/portal/case.html", context)


@applicant_required
@require_POST
def use_wallet(request, case_id):
    """The kept paper the applicant chose (one button per offered material) is handed in with the file given before."""
    case = or_404(selectors.case_for, request.user, case_id)
    try:
        used = actions.case_use_wallet(case=case, actor=request.user, material_codes=request.POST.getlist("material"))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, gettext("已从材料钱包提交 %(count)s 项材料，无需重新上传。") % {"count": len(used)})
    return redirect("portal-case", case_id=case_id)


@applicant_required
@require_POST
def upload(request, case_id, material_code):
    """One file for one material row; htmx swaps the row, a plain POST comes back to the case page."""
    case = or_404(selectors.case_for, request.user, case_id)
    if not case.materials.filter(material__code=material_code).exists():
        raise Http404
    uploaded = request.FILES.get("file")
    error = ""
    if uploaded is None:
        error = gettext("请选择要上传的文件（PDF、JPG 或 PNG）")
    else:
        try:
            actions.case_upload_material(case=case, actor=request.user, material_code=material_code, uploaded=uploaded)
        except DomainError as failure:
            error = failure.message
    detail = or_404(selectors.case_detail, request.user, case_id)
    if _is_htmx(request):
        # The materials section, and (out of band) the callout and timeline that the upload changed.
        context = _case_context(
            detail,
            wallet_offers=_offers(request, case_id),
            upload_errors={material_code: error},
            uploaded="" if error else material_code,
        )
        return render(request, "cases/portal/_upload_response.html", context)
    if error:
        context = _case_context(detail, wallet_offers=_offers(request, case_id), upload_errors={material_code: error})
        return render(request, "cases/portal/case.html", context, status=400)
    name = next(m["name"] for m in detail["materials"] if m["code"] == material_code)
    messages.success(request, gettext("已上传：%(name)s") % {"name": name})
    return redirect(reverse("portal-case", args=[case_id]) + f"#material-{material_code}")


@applicant_required
@require_POST
def submit(request, case_id):
    case = or_404(selectors.case_for, request.user, case_id)
    resubmission = case.status != CaseStatus.DRAFT
    try:
        actions.case_submit(case=case, actor=request.user)
    except DomainError as error:
        if error.field == "materials":
            context = _case_context(
                or_404(selectors.case_detail, request.user, case_id),
                wallet_offers=_offers(request, case_id),
                submit_error=error.message,
            )
            return render(request, "cases/portal/case.html", context, status=400)
        messages.error(request, error.message)
        return redirect("portal-case", case_id=case_id)
    if resubmission:
        messages.success(request, gettext("已重新提交，办理继续进行。"))
    else:
        messages.success(request, gettext("已提交，请等待综合窗口受理。"))
    return redirect("portal-case", case_id=case_id)


@applicant_required
def withdraw(request, case_id):
    """Withdrawing asks for a reason and a second click: the case ends and cannot be reopened."""
    detail = or_404(selectors.case_detail, request.user, case_id)
    allowed = detail["status"] in rules.CASE_TRANSITIONS["withdraw"]
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and allowed and form.is_valid():
        try:
            actions.case_withdraw(
                case=or_404(selectors.case_for, request.user, case_id),
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            form.add_error("reason" if error.field == "reason" else None, error.message)
        else:
            messages.success(request, gettext("办件 %(number)s 已撤回。") % {"number": detail["number"]})
            return redirect("portal-case", case_id=case_id)
    status = 400 if form.is_bound else 200
    return render(
        request, "cases/portal/withdraw.html", {"case": detail, "form": form, "allowed": allowed}, status=status
    )


urlpatterns = [
    path("portal/", my_cases, name="portal"),
    path("portal/apply/bundle/<slug:code>/", apply_bundle, name="portal-apply-bundle"),
    path("portal/apply/item/<str:code>/", apply_item, name="portal-apply-item"),
    path("portal/apply/<str:target>/<str:code>/check/<str:field>/", apply_check, name="portal-apply-check"),
    path("portal/cases/<uuid:case_id>/", case_page, name="portal-case"),
    path("portal/cases/<uuid:case_id>/materials/<slug:material_code>/", upload, name="portal-upload"),
    path("portal/cases/<uuid:case_id>/submit/", submit, name="portal-submit"),
    path("portal/cases/<uuid:case_id>/use-wallet/", use_wallet, name="portal-use-wallet"),
    path("portal/cases/<uuid:case_id>/withdraw/", withdraw, name="portal-withdraw"),
]
