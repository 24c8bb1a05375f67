"""The page forms of the economy pillar. They only shape input; the actions check it (a DomainError is put back next
to its field with add_domain_error)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gaoxin.core.errors import DomainError
from gaoxin.economy.models import InnovationCategory, Park


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("统计报表文件"),
        help_text=_("Excel（.xlsx）或 CSV 文件，不超过 5 MB。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
        error_messages={"required": _("请选择要导入的文件")},
    )


class ClassifyForm(forms.Form):
    park = forms.ModelChoiceField(
        label=_("所在园区"), queryset=Park.objects.all(), required=False, empty_label=_("（不在园区内）")
    )
    industry = forms.CharField(label=_("行业"), max_length=100, required=False)


class InnovationCountForm(forms.Form):
    category = forms.ModelChoiceField(label=_("类别"), queryset=InnovationCategory.objects.all())
    year = forms.IntegerField(label=_("年度"), min_value=1949, max_value=2100)
    count = forms.IntegerField(label=_("年末数量"), min_value=0, max_value=1_000_000)
