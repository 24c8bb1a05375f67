"""The page forms: rating a case, recording a callback, closing a rectification. The actions do the checking."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gaoxin.core.errors import DomainError
from gaoxin.ratings.actions import COMMENT_MAX, NOTE_MAX
from gaoxin.ratings.models import Level, Verdict


def written(label, *, missing=None, help_text="", rows=3, limit=NOTE_MAX) -> forms.CharField:
    """A free-text answer up to the actions' limit; `missing` is what an empty one is told (None: it may be empty)."""
    return forms.CharField(
        label=label,
        required=missing is not None,
        max_length=limit,
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": limit}),
        help_text=help_text,
        error_messages={"required": missing} if missing else {},
    )


def radio(label, choices, missing, **options) -> forms.TypedChoiceField:
    """One choice of a few, as radio buttons; `missing` is what no choice (or a made-up one) is told."""
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": missing, "invalid_choice": missing},
        **options,
    )


class RatingForm(forms.Form):
    level = radio(_("满意程度"), Level.choices, _("请选择满意程度"), coerce=int)
    comment = written(_("评价内容（可不填）"), limit=COMMENT_MAX)
    department = forms.ChoiceField(label=_("评价针对的部门（可不选）"), required=False)

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        departments = list(departments)
        default = departments[0].name if departments else ""
        self.fields["department"].choices = [("", _("默认：%(name)s") % {"name": default})] + [
            (d.code, d.name) for d in departments
        ]
        self.fields["department"].error_messages["invalid_choice"] = _("请从办件涉及的部门中选择")
        self.show_departments = len(departments) > 1


class CallbackForm(forms.Form):
    note = written(
        _("回访情况"),
        missing=_("请填写回访情况：何时联系了申请人，申请人怎么说"),
        help_text=_("何时用什么方式联系了申请人，申请人怎么说。回访人和时间自动记录。"),
    )


class CloseForm(forms.Form):
    result = written(
        _("整改结果"),
        missing=_("请填写整改结果：查明了什么，改进了什么"),
        help_text=_("查明的原因、采取的改进措施；办结后不能修改。"),
        rows=4,
    )


class VerdictForm(forms.Form):
    verdict = radio(_("整改后您是否满意"), Verdict.choices, _("请选择：满意，或不满意"))
    note = written(
        _("说明（不满意时必填）"),
        help_text=_("不满意时请写明仍未解决的问题：整改将重新开始，并由领导督办。"),
    )


class AppealForm(forms.Form):
    reason = written(
        _("申诉理由"),
        missing=_("请写明申诉理由：为什么认为该评价属于恶意或误评"),
        help_text=_("为什么认为该评价属于恶意差评或误评；附上核实经过。管理员复核成立的，该评价不计入满意度。"),
    )


class AppealDecisionForm(forms.Form):
    upheld = radio(
        _("复核结论"),
        [("1", _("申诉成立：不计入满意度，免于整改")), ("0", _("申诉不成立：照常计入"))],
        _("请选择复核结论"),
        coerce=lambda value: value == "1",
    )
    note = written(
        _("复核意见"),
        missing=_("请填写复核意见"),
        help_text=_("查明的事实与结论的依据；申诉部门和评价页面都会看到。"),
    )


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """An action's error next to its field; one the form has no field for goes above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)
