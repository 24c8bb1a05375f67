"""The page forms: rating a case, recording a callback, closing a rectification. The actions do the checking."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gaoxin.core.errors import DomainError
from gaoxin.ratings.actions import COMMENT_MAX, NOTE_MAX
from gaoxin.ratings.models import Level


class RatingForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("满意程度"),
        choices=Level.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择满意程度"), "invalid_choice": _("请选择满意程度")},
    )
    comment = forms.CharField(
        label=_("评价内容（可不填）"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_MAX}),
    )
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
    note = forms.CharField(
        label=_("回访情况"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("何时用什么方式联系了申请人，申请人怎么说。回访人和时间自动记录。"),
        error_messages={"required": _("请填写回访情况：何时联系了申请人，申请人怎么说")},
    )


class CloseForm(forms.Form):
    result = forms.CharField(
        label=_("整改结果"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("查明的原因、采取的改进措施；办结后不能修改。"),
        error_messages={"required": _("请填写整改结果：查明了什么，改进了什么")},
    )


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """An action's error next to its field; one the form has no field for goes above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)
