"""The page forms of key projects. They only shape input; the actions do the checking (a DomainError from an action
is put back next to its field with add_domain_error)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from gaoxin.accounts.models import Department
from gaoxin.core.errors import DomainError
from gaoxin.economy.models import Park
from gaoxin.projects import actions
from gaoxin.projects.models import BuildKind, Category, RequestKind, Stage
from gaoxin.projects.spreadsheets import PROJECT_SHEET, REPORT_SHEET

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY_ATTRS = {"inputmode": "decimal", "autocomplete": "off"}


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the action (type from content, size)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def month_label(year: int, month: int) -> str:
    return _("%(year)s 年 %(month)s 月") % {"year": year, "month": month}


class ReportForm(forms.Form):
    period = forms.ChoiceField(
        label=_("报告月份"),
        help_text=_("每月报告在次月第 5 个工作日下班前可填报和更正，之后该月关账、报告锁定。"),
        error_messages={"required": _("请选择报告月份"), "invalid_choice": _("该月份不能填报")},
    )
    invested = forms.CharField(
        label=_("本月完成投资（万元）"),
        max_length=20,
        widget=forms.TextInput(attrs=MONEY_ATTRS),
        help_text=_("万元，最多两位小数，如 65.3"),
        error_messages={"required": _("请填写本月完成投资")},
    )
    progress = forms.CharField(
        label=_("形象进度"),
        max_length=actions.PROGRESS_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("本月现场完成了什么：如“主体结构施工至六层，二次结构砌筑完成 40%”。"),
        error_messages={"required": _("请填写形象进度")},
    )
    photos = MultipleFileField(label=_("现场照片（可不传）"), required=False)

    def __init__(self, *args, months=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].help_text = _("JPG 或 PNG，可多选，每月最多 %(n)s 张，每张不超过 %(mb)s MB。") % {
            "n": actions.PHOTOS_MAX,
            "mb": settings.GAOXIN["UPLOAD_MAX_BYTES"] // (1024 * 1024),
        }
        self.fields["period"].choices = [(f"{y}-{m:02d}", month_label(y, m)) for y, m in months]

    def chosen_month(self) -> tuple[int, int]:
        year, month = self.cleaned_data["period"].split("-")
        return int(year), int(month)


class MilestoneMetForm(forms.Form):
    actual_date = forms.DateField(
        label=_("实际完成日期"),
        widget=DATE,
        error_messages={"required": _("请填写实际完成日期"), "invalid": _("日期格式应为 2021-03-15")},
    )
    note = forms.CharField(label=_("说明（可不填）"), required=False, max_length=300)


class MilestoneAddForm(forms.Form):
    name = forms.CharField(label=_("节点名称"), max_length=200, error_messages={"required": _("请填写节点名称")})
    planned_date = forms.DateField(
        label=_("计划完成日期"),
        widget=DATE,
        error_messages={"required": _("请填写计划完成日期"), "invalid": _("日期格式应为 2021-03-15")},
    )


class RequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("要素类型"), choices=RequestKind.choices, error_messages={"required": _("请选择要素类型")}
    )
    description = forms.CharField(
        label=_("需要解决的问题"),
        max_length=actions.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("写明需求、规模和希望的时间，如“新增 2 台 110 千伏专用变压器接入，6 月底前送电”。"),
        error_messages={"required": _("请写明需要解决的问题")},
    )
    department = forms.ModelChoiceField(
        label=_("承办部门"),
        queryset=Department.objects.order_by("code"),
        required=False,
        empty_label=_("按要素类型默认分派"),
    )
    working_days = forms.IntegerField(
        label=_("办理时限（工作日，可不填）"),
        required=False,
        min_value=1,
        max_value=actions.REQUEST_DAYS_MAX,
        help_text=_("不填则按要素类型默认：用地、融资 10 个工作日，其他 5 个工作日。"),
        error_messages={
            "invalid": _("请填写整数"),
            "min_value": _("至少 1 个工作日"),
            "max_value": _("最多 60 个工作日"),
        },
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("办理进展"),
        max_length=actions.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写办理进展")},
    )


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("解决情况"),
        max_length=actions.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写解决情况")},
    )


class ProjectEditForm(forms.Form):
    """The basics an officer keeps up to date; code, level and responsibility are not here."""

    name = forms.CharField(label=_("项目名称"), max_length=200)
    category = forms.ChoiceField(label=_("类别"), choices=Category.choices)
    owner = forms.CharField(label=_("建设单位"), max_length=200)
    park = forms.ModelChoiceField(
        label=_("所属园区"), queryset=Park.objects.all(), required=False, empty_label=_("不在园区")
    )
    location = forms.CharField(label=_("建设地点"), max_length=200, required=False)
    description = forms.CharField(label=_("建设内容"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    total_investment = forms.CharField(
        label=_("总投资（万元）"), max_length=20, widget=forms.TextInput(attrs=MONEY_ATTRS)
    )
    build_kind = forms.ChoiceField(label=_("建设性质"), choices=BuildKind.choices)
    stage = forms.ChoiceField(label=_("建设阶段"), choices=Stage.choices)
    planned_start = forms.DateField(label=_("计划开工日期"), required=False, widget=DATE)
    actual_start = forms.DateField(label=_("实际开工日期"), required=False, widget=DATE)
    planned_completion = forms.DateField(label=_("计划竣工日期"), required=False, widget=DATE)
    actual_completion = forms.DateField(label=_("实际竣工日期"), required=False, widget=DATE)

    FIELDS = [
        "name",
        "category",
        "owner",
        "park",
        "location",
        "description",
        "total_investment",
        "build_kind",
        "stage",
        "planned_start",
        "actual_start",
        "planned_completion",
        "actual_completion",
    ]

    @classmethod
    def initial_for(cls, project) -> dict:
        initial = {name: getattr(project, name) for name in cls.FIELDS}
        initial["total_investment"] = f"{project.total_investment:.2f}"
        return initial


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel 文件（.xlsx）"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
        error_messages={"required": _("请选择要导入的文件")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "使用导入模板：“%(projects)s”工作表登记或更新项目，“%(reports)s”工作表填报月度报告。"
            "任何一行有误则整份文件不导入。"
        ) % {"projects": PROJECT_SHEET, "reports": REPORT_SHEET}
