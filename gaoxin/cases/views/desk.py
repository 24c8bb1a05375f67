"""The department desk (部门审批): the department's queue by deadline, the decision on one task, an approver's request
to extend it (延期), and the department head's page of extension requests (延期审批)."""

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from gaoxin.accounts.models import Role
from gaoxin.cases import actions, rules, selectors
from gaoxin.cases.forms import CorrectionsFormMixin, SpecFormMixin
from gaoxin.cases.models import EXTENSION_MAX_DAYS, ExtensionStatus, Task, TaskStatus
from gaoxin.cases.views.window import latest_event
from gaoxin.core.errors import Conflict, DomainError, FieldErrors, Forbidden, NotFound
from gaoxin.core.navigation import NavItem
from gaoxin.core.pages import or_404


def approver_only(view):
    """Department approvers only; anyone else is told the page does not exist."""

    @wraps(view)
    @login_required
    def guarded(request, *args, **kwargs):
        if request.user.role != Role.APPROVER:
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


def head_only(view):
    """Department heads (部门负责人) only; anyone else is told the page does not exist."""

    @wraps(view)
    @login_required
    def guarded(request, *args, **kwargs):
        if request.user.role != Role.DEPT_HEAD:
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


def nav(request) -> list[NavItem]:
    user = request.user
    if user.is_authenticated and user.role == Role.DEPT_HEAD:
        pending = selectors.pending_extensions_count(user)
        return [
            NavItem(_("延期审批"), reverse("desk-extensions"), count=pending or None, count_label=_("待审批"), order=30)
        ]
    if not (user.is_authenticated and user.role == Role.APPROVER):
        return []
    waiting = selectors.department_open_count(user)
    return [NavItem(_("部门审批"), reverse("desk-queue"), count=waiting or None, count_label=_("待办"), order=30)]


VIEW_LABELS = {
    "open": gettext_lazy("待办"),
    "returned": gettext_lazy("等待申请人补充"),
    "done": gettext_lazy("已办"),
}


@approver_only
def queue(request):
    view = request.GET.get("view", "open")
    if view not in VIEW_LABELS:
        view = "open"
    overview = selectors.desk_overview(request.user, view=view)
    counts = overview["counts"]
    views = [
        {"key": "open", "label": VIEW_LABELS["open"], "count": counts["open"]},
        {"key": "returned", "label": VIEW_LABELS["returned"], "count": counts["returned"]},
        {"key": "done", "label": VIEW_LABELS["done"], "count": None},
    ]
    context = {
        "view": view,
        "view_label": VIEW_LABELS[view],
        "views": views,
        "counts": counts,
        "rows": overview["rows"],
        "department": request.user.department,
    }
    return render(request, "cases/desk/queue.html", context)


class TaskDecisionForm(CorrectionsFormMixin, SpecFormMixin, forms.Form):
    """One form for the three outcomes of a department step; the button pressed is the decision. Granting it records
    the step's result (its result fields, inputs named result-<key>), checked by the action; returning it may name
    materials to hand in again, each with its own reason (CorrectionRows)."""

    DECISIONS = ("approve", "deny", "return")

    decision = forms.ChoiceField(choices=[(d, d) for d in DECISIONS], required=False)
    note = forms.CharField(label=gettext_lazy("意见 / 理由"), required=False, max_length=2000, widget=forms.Textarea)
    materials = forms.MultipleChoiceField(
        label=gettext_lazy("需要补充的材料（可选）"), required=False, widget=forms.CheckboxSelectMultiple
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, materials=(), result_fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_spec(list(result_fields), path="result", name_prefix="result-")
        self.add_corrections(list(materials))
        self.fields["decision"].error_messages["invalid_choice"] = _("请选择准予、退回补充或不予许可")

    def clean(self):
        data = super().clean()
        decision, note, ticked = data.get("decision"), data.get("note", "").strip(), data.get("materials") or []
        if not decision and not self.has_error("decision"):
            # Submitted without pressing a decision button (e.g. Enter in a field): decide nothing.
            raise forms.ValidationError(_("请选择准予、退回补充或不予许可"))
        if decision == "deny" and not note:
            self.add_error("note", _("不予许可必须说明理由"))
        if decision == "return" and not note:
            self.add_error("note", _("退回补充必须说明需要补充的内容"))
        if decision in ("approve", "deny") and ticked:
            self.add_error("materials", _("勾选的材料只用于退回补充：要退回请按“退回补充”，否则请取消勾选"))
        data["note"] = note
        data["corrections"] = self.checked_corrections(ticked) if decision == "return" and ticked else {}
        data["result"] = self.check_spec() if decision == "approve" else {}
        if self.spec_has_errors:
            self.add_error(None, _("办理结果中有需要修改的内容，请查看标红的栏目"))
        return data


# Which form field an action's error belongs next to (one about the materials: CorrectionsFormMixin).
DESK_ERROR_FIELDS = {"reason": "note", "note": "note"}


def _add_error(form: TaskDecisionForm, error: DomainError) -> None:
    if form.add_corrections_error(error):
        return
    if isinstance(error, FieldErrors):
        form.add_spec_errors(error)
    else:
        form.add_error(DESK_ERROR_FIELDS.get(error.field or ""), error.message)


def _decide(request, task: Task, data: dict) -> str:
    decision, note, number, version = data["decision"], data["note"], task.case.number, data.get("version")
    if decision == "approve":
        actions.task_approve(task=task, approver=request.user, note=note, result=data["result"], version=version)
        return _("已准予办件 %(number)s 的本部门事项。") % {"number": number}
    if decision == "deny":
        actions.task_deny(task=task, approver=request.user, reason=note, version=version)
        return _("办件 %(number)s 的本部门事项不予许可，理由已告知申请人。") % {"number": number}
    actions.task_return(task=task, approver=request.user, reason=note, corrections=data["corrections"], version=version)
    return _("办件 %(number)s 已退回申请人补充，计时暂停。") % {"number": number}


@approver_only
def task_page(request, task_id):
    task = or_404(selectors.task_for, request.user, task_id)
    materials = selectors.case_materials(task.case)
    result_fields = rules.planned_step(task.case, task).get("result_fields", [])
    conflict, status = None, 200
    if request.method == "POST":
        form = TaskDecisionForm(request.POST, materials=materials, result_fields=result_fields)
        if form.is_valid():
            try:
                done = _decide(request, task, form.cleaned_data)
            except Conflict as error:
                conflict, status = error.message, 409
                task = or_404(selectors.task_for, request.user, task_id)
                form = TaskDecisionForm(
                    initial={**form.cleaned_data, "version": selectors.case_version(task.case)},
                    materials=selectors.case_materials(task.case),
                    result_fields=result_fields,
                )
            except (NotFound, Forbidden):
                raise Http404 from None
            except DomainError as error:
                _add_error(form, error)
                status = 400
            else:
                messages.success(request, done)
                return redirect("desk-queue")
        else:
            status = 400
    else:
        form = TaskDecisionForm(
            initial={"version": selectors.case_version(task.case)},
            materials=materials,
            result_fields=result_fields,
        )
    return _render_task(request, task, form, conflict=conflict, status=status)


def _render_task(request, task: Task, form, *, conflict=None, status=200, extension_form=None):
    detail = selectors.case_detail(request.user, task.case_id)
    this = next(t for t in detail["tasks"] if t["id"] == task.pk)
    context = {
        "case": detail,
        "task": this,
        # What the earlier stages produced, e.g. the new company's USCC that this department records.
        "earlier_results": [t for t in detail["tasks"] if t["stage"] < this["stage"] and t["result_lines"]],
        "form": form,
        "conflict": conflict,
        "latest": latest_event(detail) if conflict else None,
        "decidable": task.status in rules.TASK_DECIDABLE and detail["status"] in rules.CASE_TRANSITIONS["task_decide"],
        "form_rows": detail["form_lines"],
        "extension_form": extension_form or ExtensionRequestForm(),
        "may_request_extension": _may_request_extension(this),
        "extension_max_days": EXTENSION_MAX_DAYS,
        "objections": selectors.objections_of(task) if task.waits_until else [],
    }
    return render(request, "cases/desk/task.html", context, status=status)


# --- extensions (延期, 行政许可法 §42) ---------------------------------------------------------------

DAYS_ERROR = gettext_lazy("延长期限应为 1 至 10 个工作日")


class ExtensionRequestForm(forms.Form):
    days = forms.IntegerField(
        label=gettext_lazy("延长工作日"),
        min_value=1,
        max_value=EXTENSION_MAX_DAYS,
        error_messages={key: DAYS_ERROR for key in ("required", "invalid", "min_value", "max_value")},
        widget=forms.NumberInput(attrs={"min": 1, "max": EXTENSION_MAX_DAYS, "step": 1, "inputmode": "numeric"}),
        help_text=gettext_lazy("最多 10 个工作日；每个任务只能延期一次。"),
    )
    reason = forms.CharField(
        label=gettext_lazy("延期理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("申请延期必须说明理由")},
        help_text=gettext_lazy("批准后会告知申请人。"),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("申请延期必须说明理由"))
        return reason


def _may_request_extension(task: dict) -> bool:
    """Offer the form while the task runs, is not a public notice, and has no pending or approved extension."""
    extension = task["extension"]
    live = extension and extension["status"] in (ExtensionStatus.REQUESTED, ExtensionStatus.APPROVED)
    return task["status"] == TaskStatus.OPEN and not task["waits_until"] and not live


EXTENSION_ERROR_FIELDS = {"days": "days", "reason": "reason"}


@approver_only
@require_POST
def task_extension(request, task_id):
    """The approver asks the department head for more working days; errors are shown on the task page."""
    task = or_404(selectors.task_for, request.user, task_id)
    form = ExtensionRequestForm(request.POST)
    conflict, status = None, 400
    if form.is_valid():
        try:
            extension = actions.task_extension_request(task=task, approver=request.user, **form.cleaned_data)
        except (NotFound, Forbidden):
            raise Http404 from None
        except Conflict as error:
            conflict, status = error.message, 409
        except DomainError as error:
            form.add_error(EXTENSION_ERROR_FIELDS.get(error.field or ""), error.message)
        else:
            asked = ngettext(
                "已向部门负责人申请将办件 %(number)s 的本部门事项延期 %(days)s 个工作日。",
                "已向部门负责人申请将办件 %(number)s 的本部门事项延期 %(days)s 个工作日。",
                extension.days,
            )
            messages.success(request, asked % {"number": task.case.number, "days": extension.days})
            return redirect("desk-task", task_id=task.pk)
    task = or_404(selectors.task_for, request.user, task_id)
    decision = TaskDecisionForm(
        initial={"version": selectors.case_version(task.case)},
        materials=selectors.case_materials(task.case),
        result_fields=rules.planned_step(task.case, task).get("result_fields", []),
    )
    return _render_task(request, task, decision, conflict=conflict, status=status, extension_form=form)


EXTENSION_VIEW_LABELS = {"pending": gettext_lazy("待审批"), "decided": gettext_lazy("已审批")}


class ExtensionDecisionForm(forms.Form):
    DECISIONS = ("approve", "refuse")

    decision = forms.ChoiceField(choices=[(d, d) for d in DECISIONS])
    note = forms.CharField(label=gettext_lazy("审批意见"), required=False, max_length=2000, widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key in ("required", "invalid_choice"):
            self.fields["decision"].error_messages[key] = _("请选择批准或不予批准")

    def clean(self):
        data = super().clean()
        data["note"] = data.get("note", "").strip()
        if data.get("decision") == "refuse" and not data["note"]:
            self.add_error("note", _("不予批准延期必须说明理由"))
        return data


@head_only
def extensions(request, *, failed=None, status=200):
    """The head's requests: pending ones with what approval would do, each with its decision form; or decided ones.

    `failed` is (extension id, bound form, conflict message) when a decision just failed: its card shows why."""
    view = request.GET.get("view", "pending")
    if view not in EXTENSION_VIEW_LABELS:
        view = "pending"
    if failed:
        view = "pending"
    page = selectors.extensions_page(request.user, view=view)
    shown = False
    for row in page["rows"]:
        mine = bool(failed) and failed[0] == row["id"]
        shown = shown or mine
        row["form"] = failed[1] if mine else ExtensionDecisionForm(prefix=str(row["id"]))
        row["conflict"] = failed[2] if mine else None
    tabs = [
        {"key": "pending", "label": EXTENSION_VIEW_LABELS["pending"], "count": page["counts"]["pending"]},
        {"key": "decided", "label": EXTENSION_VIEW_LABELS["decided"], "count": None},
    ]
    context = {
        "view": view,
        "view_label": EXTENSION_VIEW_LABELS[view],
        "tabs": tabs,
        "rows": page["rows"],
        "department": request.user.department,
        # A decision on a request that is no longer pending (another head decided it first) is explained on top.
        "conflict": failed[2] if failed and not shown else None,
    }
    return render(request, "cases/desk/extensions.html", context, status=status)


@head_only
@require_POST
def extension_decide(request, extension_id):
    extension = or_404(selectors.extension_for, request.user, extension_id)
    form = ExtensionDecisionForm(request.POST, prefix=str(extension.pk))
    conflict, status = None, 400
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            actions.task_extension_decide(
                extension=extension, head=request.user, approve=approve, note=form.cleaned_data["note"]
            )
        except (NotFound, Forbidden):
            raise Http404 from None
        except Conflict as error:
            conflict, status = error.message, 409
        except DomainError as error:
            form.add_error("note" if error.field == "note" else None, error.message)
        else:
            names = {"number": extension.task.case.number, "days": extension.days}
            if approve:
                done = ngettext(
                    "已批准办件 %(number)s 延期 %(days)s 个工作日，已告知审批人员和申请人。",
                    "已批准办件 %(number)s 延期 %(days)s 个工作日，已告知审批人员和申请人。",
                    extension.days,
                )
                done %= names
            else:
                done = _("办件 %(number)s 的延期申请不予批准，已告知审批人员。") % names
            messages.success(request, done)
            return redirect("desk-extensions")
    return extensions(request, failed=(extension.pk, form, conflict), status=status)


urlpatterns = [
    path("desk/", queue, name="desk-queue"),
    path("desk/tasks/<uuid:task_id>/", task_page, name="desk-task"),
    path("desk/tasks/<uuid:task_id>/extension/", task_extension, name="desk-task-extension"),
    path("desk/extensions/", extensions, name="desk-extensions"),
    path("desk/extensions/<uuid:extension_id>/", extension_decide, name="desk-extension"),
]
