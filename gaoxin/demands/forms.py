"""The forms of the 万人助万企 pages. They only shape the input: every rule is checked by gaoxin.demands.actions (its
error is put back next to its field with add_domain_error)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from gaoxin.accounts.models import Department
from gaoxin.demands import actions
from gaoxin.demands.models import Channel, Result, Satisfaction, Urgency
from gaoxin.demands.selectors import categories
from gaoxin.economy.models import Enterprise
from gaoxin.projects.forms import DATE, MultipleFileField, MultipleFileInput

OFFICE_CHANNEL_CHOICES = [(c.value, c.label) for c in Channel if c in actions.OFFICE_CHANNELS]
# Problems a visit form offers at once (the API takes up to actions.PROBLEMS_MAX).
VISIT_PROBLEMS = 3


def files_field(label, *, images_only: bool = False, required: bool = False) -> MultipleFileField:
    """Several files in one input, each checked by the action (type from its content, size, how many)."""
    accept = "image/jpeg,image/png" if images_only else "application/pdf,image/jpeg,image/png"
    kinds = _("JPG 或 PNG") if images_only else _("PDF、JPG 或 PNG")
    limits = {
        "kinds": kinds,
        "n": actions.attachments_max(),
        "mb": settings.GAOXIN["UPLOAD_MAX_BYTES"] // (1024 * 1024),
    }
    return MultipleFileField(
        label=label,
        required=required,
        widget=MultipleFileInput(attrs={"accept": accept}),
        help_text=_("%(kinds)s，可多选，最多 %(n)s 个，每个不超过 %(mb)s MB。") % limits,
        error_messages={"required": _("请选择要上传的文件")},
    )


class ProblemFields(forms.Form):
    category = forms.ModelChoiceField(label=_("诉求类别"), queryset=categories(), to_field_name="code")
    title = forms.CharField(label=_("诉求标题"), max_length=actions.TITLE_MAX)
    text = forms.CharField(label=_("诉求内容"), widget=forms.Textarea(attrs={"rows": 4}), max_length=actions.TEXT_MAX)
    urgency = forms.ChoiceField(label=_("紧急程度"), choices=Urgency.choices, initial=Urgency.NORMAL)

    def problem(self) -> actions.Problem:
        data = self.cleaned_data
        return actions.Problem(data["category"], data["title"], data["text"], data["urgency"])


class DemandForm(ProblemFields):
    """Raise a demand. The office also names the channel and, if any, the enterprise; a cadre the enterprise."""

    contact_name = forms.CharField(label=_("联系人"), max_length=50)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20)

    def __init__(self, *args, enterprises=None, office=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"] = files_field(_("附件（可不传）"))
        if enterprises is not None:
            self.fields["enterprise"] = forms.ModelChoiceField(
                label=_("企业"), queryset=enterprises, required=not office, empty_label=_("（群众诉求，无企业）")
            )
        if office:
            self.fields["channel"] = forms.ChoiceField(label=_("来源渠道"), choices=OFFICE_CHANNEL_CHOICES)


class VisitForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("走访企业"), queryset=Enterprise.objects.none())
    visited_on = forms.DateField(label=_("走访日期"), widget=DATE)
    met = forms.CharField(label=_("接待人"), max_length=100)
    contact_phone = forms.CharField(
        label=_("接待人电话"), max_length=20, required=False, help_text=_("登记了问题时必填：承办单位据此联系企业")
    )
    topics = forms.CharField(label=_("走访内容"), max_length=300)
    notes = forms.CharField(
        label=_("走访记录"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=actions.TEXT_MAX
    )

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises
        self.fields["photos"] = files_field(_("走访照片（可不传）"), images_only=True)


class VisitProblemForm(ProblemFields):
    """One problem found on a visit; an entirely empty one is no problem."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False

    def is_blank(self) -> bool:
        return not (self.data.get(self.add_prefix("title")) or self.data.get(self.add_prefix("text")))

    def clean(self):
        data = super().clean()
        if not self.is_blank():
            for name in ("category", "title", "text"):
                if not data.get(name):
                    self.add_error(name, _("请填写此项"))
        return data


class AssignForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("承办单位"), queryset=Department.objects.order_by("code"))
    co_units = forms.ModelMultipleChoiceField(
        label=_("协办单位"), queryset=Department.objects.order_by("code"), required=False
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=actions.TEXT_MAX)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("情况"), widget=forms.Textarea(attrs={"rows": 2}), max_length=actions.TEXT_MAX)


class ReplyForm(forms.Form):
    result = forms.ChoiceField(label=_("办理结果"), choices=Result.choices)
    reply = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 3}), max_length=actions.TEXT_MAX)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"] = files_field(_("办理结果文件（可不传）"))


class AttachForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"] = files_field(_("附件"), required=True)


class ConfirmForm(forms.Form):
    satisfaction = forms.ChoiceField(label=_("满意度"), choices=Satisfaction.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("意见"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=actions.TEXT_MAX,
        help_text=_("不满意时必填：说明仍未解决的问题"),
    )


class CloseForm(forms.Form):
    note = forms.CharField(
        label=_("审核意见"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=actions.TEXT_MAX,
        help_text=_("未经企业确认、以政策解释销号的，须写明审核意见"),
    )


class InstructionForm(forms.Form):
    text = forms.CharField(label=_("批示内容"), widget=forms.Textarea(attrs={"rows": 3}), max_length=actions.TEXT_MAX)


class AnswerForm(forms.Form):
    """The unit's answer to one instruction of the demand (named by its id)."""

    instruction = forms.UUIDField(widget=forms.HiddenInput)
    answer = forms.CharField(label=_("答复批示"), widget=forms.Textarea(attrs={"rows": 3}), max_length=actions.TEXT_MAX)


class RepeatClearForm(forms.Form):
    note = forms.CharField(
        label=_("说明"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=actions.TEXT_MAX,
        help_text=_("例如：同一企业的不同问题"),
    )


class HotlineImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel 文件（.xlsx）"),
        help_text=_("12345 平台导出的工单表；任何一行有误，整份文件都不导入。"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
        error_messages={"required": _("请选择要导入的文件")},
    )


class PeriodForm(forms.Form):
    """The figures' and the ledger's period (?date_from=&date_to=); selectors.Period.asked fills in what is left out."""

    date_from = forms.DateField(label=_("开始日期"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("结束日期"), required=False, widget=DATE)
