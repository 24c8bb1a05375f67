"""Public notices (公示) for everyone, logged in or not: the list, one notice with its objection form, the objector's
receipt; and for the notice's department, its objections' evidence and its finding on each."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gaoxin.accounts.models import Role
from gaoxin.cases import actions, selectors
from gaoxin.cases.forms import ObjectionForm
from gaoxin.cases.views.desk import approver_only
from gaoxin.core.clients import client_address
from gaoxin.core.errors import DomainError, FieldErrors, NotFound, TooManyRequests
from gaoxin.core.navigation import NavItem
from gaoxin.core.pages import or_404


def nav(request) -> list[NavItem]:
    """The public notices in the header of those they are for: creditors and the public, logged in as applicants or
    not (the staff reach a notice from its case)."""
    if request.user.is_authenticated and request.user.role != Role.APPLICANT:
        return []
    return [NavItem(_("公示公告"), reverse("notices"), order=15)]


def notice_list(request):
    return render(request, "cases/notices/list.html", {"notices": selectors.public_notices()})


def notice_page(request, notice_id):
    """One notice and, while it runs, the form to object to it. A refusal (ended meanwhile, too many objections from
    this address) is shown on the page with its status, the person's text kept."""
    notice = or_404(selectors.public_notice, notice_id)
    form, status = ObjectionForm(), 200
    if request.method == "POST":
        form = ObjectionForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                objection = actions.case_register_objection(
                    notice=selectors.notice_task(notice_id),
                    details=form.details(),
                    actor=request.user if request.user.is_authenticated else None,
                    evidence=request.FILES.get("evidence"),
                    source=client_address(request),
                )
            except NotFound:
                raise Http404 from None
            except DomainError as error:
                _add_error(form, error)
                status = 429 if isinstance(error, TooManyRequests) else error.status
                notice = or_404(selectors.public_notice, notice_id)
            else:
                return redirect("notice-objection", objection_id=objection.pk)
        else:
            status = 400
    return render(request, "cases/notices/notice.html", {"notice": notice, "form": form}, status=status)


def _add_error(form: ObjectionForm, error: DomainError) -> None:
    if isinstance(error, FieldErrors):
        for name, message in error.errors.items():
            form.add_error(name if name in form.fields else None, message)
    else:
        form.add_error(error.field if error.field in form.fields else None, error.message)


def objection_receipt(request, objection_id):
    objection = or_404(selectors.objection_receipt, objection_id)
    return render(request, "cases/notices/receipt.html", {"objection": objection})


@approver_only
def objection_evidence(request, objection_id):
    """The evidence of an objection, for the approvers of the notice's department only (a 404 for anyone else)."""
    objection = or_404(selectors.objection_for_handler, request.user, objection_id)
    if not objection.evidence:
        raise Http404
    response = FileResponse(
        objection.evidence.open("rb"), content_type=objection.evidence_type, filename=objection.evidence_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@approver_only
@require_POST
def objection_resolve(request, objection_id):
    """The department's finding on an objection: founded (the notice's step is denied) or not, with its reasons."""
    objection = or_404(selectors.objection_for_handler, request.user, objection_id)
    finding = request.POST.get("finding")
    if finding not in ("upheld", "dismissed"):
        messages.error(request, _("请选择异议成立或不成立"))
        return redirect("desk-task", task_id=objection.task_id)
    try:
        actions.objection_resolve(
            objection=objection, actor=request.user, upheld=finding == "upheld", note=request.POST.get("note", "")
        )
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已记录对异议 %(receipt)s 的核查意见。") % {"receipt": objection.receipt})
    return redirect("desk-task", task_id=objection.task_id)


urlpatterns = [
    path("notices/", notice_list, name="notices"),
    path("notices/<uuid:notice_id>/", notice_page, name="notice"),
    path("notices/objections/<uuid:objection_id>/", objection_receipt, name="notice-objection"),
    path("cases/objections/<uuid:objection_id>/evidence/", objection_evidence, name="objection-evidence"),
    path("desk/objections/<uuid:objection_id>/", objection_resolve, name="desk-objection"),
]
