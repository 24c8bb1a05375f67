"""The department desk (部门审批): the department's queue by deadline, and the decision on one task."""

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoxin.accounts.models import Role
from gaoxin.cases import actions, rules, selectors
from gaoxin.cases.forms import SpecFormMixin
from gaoxin.cases.models import Task
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


def nav(request) -> list[NavItem]:
    user = request.user
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


class TaskDecisionForm(SpecFormMixin, forms.Form):
    """One form for the three outcomes of a department step; the button pressed is the decision. Granting it records
    the step's result (its result fields, inputs named result-<key>), checked by the action."""

    DECISIONS = ("approve", "deny", "return")

    decision = forms.ChoiceField(choices=[(d, d) for d in DECISIONS], required=False)
    note = forms.CharField(label=gettext_lazy("意见 / 理由"), required=False, max_length=2000, widget=forms.Textarea)
    materials = forms.MultipleChoiceField(
        label=gettext_lazy("需要补充的材料（可选）"), required=False, widget=forms.CheckboxSelectMultiple
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, material_choices=(), result_fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_spec(list(result_fields), path="result", name_prefix="result-")
        self.fields["materials"].choices = list(material_choices)
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
        data["result"] = self.check_spec() if decision == "approve" else {}
        if self.spec_has_errors:
            self.add_error(None, _("办理结果中有需要修改的内容，请查看标红的栏目"))
        return data


DESK_ERROR_FIELDS = {"reason": "note", "note": "note", "materials": "materials"}


def _add_error(form: TaskDecisionForm, error: DomainError) -> None:
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
    actions.task_return(
        task=task, approver=request.user, reason=note, material_codes=data["materials"], version=version
    )
    return _("办件 %(number)s 已退回申请人补充，计时暂停。") % {"number": number}


@approver_only
def task_page(request, task_id):
    task = or_404(selectors.task_for, request.user, task_id)
    choices = [(m.material.code, m.material.name) for m in task.case.materials.select_related("material")]
    result_fields = selectors.planned_step(task).get("result_fields", [])
    conflict, status = None, 200
    if request.method == "POST":
        form = TaskDecisionForm(request.POST, material_choices=choices, result_fields=result_fields)
        if form.is_valid():
            try:
                done = _decide(request, task, form.cleaned_data)
            except Conflict as error:
                conflict, status = error.message, 409
                task = or_404(selectors.task_for, request.user, task_id)
                form = TaskDecisionForm(
                    initial={**form.cleaned_data, "version": selectors.case_version(task.case)},
                    material_choices=choices,
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
            material_choices=choices,
            result_fields=result_fields,
        )
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
    }
    return render(request, "cases/desk/task.html", context, status=status)


urlpatterns = [
    path("desk/", queue, name="desk-queue"),
    path("desk/tasks/<uuid:task_id>/", task_page, name="desk-task"),
]
