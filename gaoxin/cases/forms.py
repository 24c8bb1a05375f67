"""Forms of the applicant portal. They check what a person typed; the actions decide everything else."""

import re
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gaoxin.accounts.models import ApplicantKind
from gaoxin.catalog.models import BundleStep
from gaoxin.core.errors import DomainError
from gaoxin.identity.validators import check_resident_id, check_uscc


@dataclass(frozen=True)
class ExtraField:
    """One field of a bundle's (or item's) own application form, stored in Case.form under `key`."""

    key: str
    label: str
    kind: str = "text"  # text | textarea | amount
    required: bool = True
    help: str = ""


# The application form's own fields per bundle code; an item (or a bundle not listed) gets DEFAULT_FIELDS.
# A new bundle works without an entry here: it only asks for the applicant's details and a note.
FORM_FIELDS: dict[str, list[ExtraField]] = {
    "company-setup": [
        ExtraField("company_name", _("企业名称"), help=_("拟申请的企业名称，例如：洛阳某某科技有限公司")),
        ExtraField("registered_capital", _("注册资本（万元）"), kind="amount", help=_("认缴出资总额，单位万元")),
        ExtraField("business_scope", _("经营范围"), kind="textarea", help=_("可参照《经营范围规范表述目录》填写")),
        ExtraField("address", _("住所"), help=_("企业住所（经营场所）的详细地址")),
    ],
    "simple-deregistration": [
        ExtraField("company_name", _("企业名称"), help=_("拟注销企业在营业执照上的名称")),
        ExtraField("reason", _("注销原因"), kind="textarea", required=False),
    ],
    "hpf-withdrawal": [
        ExtraField("house_address", _("所购住房坐落"), help=_("房产证上的房屋坐落")),
        ExtraField("amount", _("申请提取金额（元）"), kind="amount"),
        ExtraField("bank_account", _("收款银行账号"), help=_("本人名下的银行借记卡账号")),
    ],
}
DEFAULT_FIELDS = [ExtraField("note", _("申请事项说明"), kind="textarea", required=False)]


def extra_fields_for(*, bundle_code: str | None = None) -> list[ExtraField]:
    return FORM_FIELDS.get(bundle_code or "", DEFAULT_FIELDS)


# Mobile numbers (11 digits starting 1) or landlines with area code (0379-12345678).
PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")

APPLICANT_FIELDS = ("kind", "name", "id_number", "uscc", "phone")

# DomainError.field from the actions → the form field it belongs next to.
ERROR_FIELDS = {
    "applicant.kind": "kind",
    "applicant.name": "name",
    "applicant.id_number": "id_number",
    "applicant.uscc": "uscc",
    "applicant.phone": "phone",
    "optional_steps": "optional_steps",
}


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Put an action's error next to its field; one the form has no field for goes above the form."""
    name = ERROR_FIELDS.get(error.field or "")
    if name is None and (error.field or "").startswith("form."):
        name = error.field.removeprefix("form.")
    form.add_error(name if name in form.fields else None, error.message)


class ApplicationForm(forms.Form):
    """The applicant's details, the bundle's optional steps and the bundle's own fields."""

    optional_steps = forms.TypedMultipleChoiceField(
        label=_("选择要一并办理的可选环节"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    kind = forms.ChoiceField(
        label=_("申请人类型"),
        choices=[(ApplicantKind.PERSON, _("自然人")), (ApplicantKind.ENTERPRISE, _("企业"))],
        widget=forms.RadioSelect,
        initial=ApplicantKind.PERSON,
    )
    name = forms.CharField(
        label=_("申请人姓名或单位名称"),
        max_length=100,
        help_text=_("自然人填写本人姓名；企业填写营业执照上的名称"),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    id_number = forms.CharField(
        label=_("居民身份证号码"),
        max_length=30,
        required=False,
        help_text=_("18 位，末位可为 X；企业申请时填写经办人身份证号（选填）"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    uscc = forms.CharField(
        label=_("统一社会信用代码"),
        max_length=30,
        required=False,
        help_text=_("企业申请时必填，18 位，见营业执照"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=20,
        help_text=_("手机号码或带区号的固定电话，窗口会通过它联系您"),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args, bundle=None, extra_fields: list[ExtraField] = (), check_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.extra_fields = list(extra_fields)
        steps = (
            BundleStep.objects.filter(stage__bundle=bundle, optional=True)
            .select_related("item__department", "stage")
            .order_by("stage__order", "order", "id")
            if bundle is not None
            else []
        )
        if steps:
            self.fields["optional_steps"].choices = [
                (
                    s.pk,
                    gettext("%(item)s（%(department)s）")
                    % {"item": s.item.name, "department": s.item.department.short_name or s.item.department.name},
                )
                for s in steps
            ]
            self.fields["optional_steps"].help_text = _("按企业实际情况勾选；未勾选的环节不办理，也不需要其材料。")
            if not self.is_bound:
                self.initial.setdefault("optional_steps", [s.pk for s in steps])
        else:
            del self.fields["optional_steps"]
        for extra in self.extra_fields:
            if extra.key in self.fields:
                raise ValueError(f"extra field {extra.key!r} collides with an applicant field")
            self.fields[extra.key] = _extra_form_field(extra)
        if check_url:
            # Inline checks: on change, the field is checked with the whole form's values and re-rendered.
            for name in ("name", "id_number", "uscc", "phone", *(e.key for e in self.extra_fields)):
                self.fields[name].widget.attrs.update(
                    {
                        "hx-post": check_url.replace("__field__", name),
                        "hx-trigger": "change",
                        "hx-target": f"#field-{name}",
                        "hx-swap": "outerHTML",
                        "hx-include": "closest form",
                    }
                )

    @property
    def applicant_fields(self):
        return [self[name] for name in APPLICANT_FIELDS]

    @property
    def own_fields(self):
        return [self[e.key] for e in self.extra_fields]

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def clean_id_number(self):
        return "".join(self.cleaned_data["id_number"].split()).upper()

    def clean_uscc(self):
        return "".join(self.cleaned_data["uscc"].split()).upper()

    def clean_phone(self):
        phone = "".join(self.cleaned_data["phone"].split())
        if not PHONE.match(phone):
            raise forms.ValidationError(_("请输入 11 位手机号码，或带区号的固定电话（如 0379-12345678）"))
        return phone

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        # The same checks as the API's (gaoxin.identity.validators), so a page and a program agree.
        if "uscc" in data and kind == ApplicantKind.ENTERPRISE:
            result = check_uscc(data["uscc"])
            if not result.valid:
                self.add_error("uscc", result.error)
        if "id_number" in data and (kind == ApplicantKind.PERSON or data["id_number"]):
            result = check_resident_id(data["id_number"])
            if not result.valid:
                self.add_error("id_number", result.error)
        return data

    def form_data(self) -> dict:
        """The bundle's own fields as Case.form stores them (JSON: amounts as strings)."""
        out = {}
        for extra in self.extra_fields:
            value = self.cleaned_data.get(extra.key)
            if value in (None, ""):
                continue
            out[extra.key] = format(value.normalize(), "f") if isinstance(value, Decimal) else value
        return out

    def ok_note(self, name: str) -> str:
        """What a correct identifier tells, shown under it after the inline check (e.g. 河南省 · 1990-03-15 · 男)."""
        value = self.cleaned_data.get(name) if hasattr(self, "cleaned_data") else None
        if not value or self.errors.get(name):
            return ""
        if name == "id_number":
            checked = check_resident_id(value)
            if not checked.valid:
                return ""
            parts = checked.parts
            return gettext("号码有效：%(province)s，%(birth)s 出生") % {
                "province": gettext(parts["province"]),
                "birth": parts["birth_date"],
            }
        if name == "uscc":
            checked = check_uscc(value)
            if not checked.valid:
                return ""
            parts = checked.parts
            # The names are Chinese data marked with gettext_noop in gaoxin.identity.validators.
            authority = gettext(parts["registration_authority"]["name"])
            category = parts["category"]["name"]
            if category:
                return gettext("代码有效：%(authority)s登记 · %(category)s") % {
                    "authority": authority,
                    "category": gettext(category),
                }
            return gettext("代码有效：%(authority)s登记") % {"authority": authority}
        return ""


def _extra_form_field(extra: ExtraField) -> forms.Field:
    common = {"label": extra.label, "required": extra.required, "help_text": extra.help}
    if extra.kind == "amount":
        return forms.DecimalField(
            min_value=Decimal("0.01"),
            max_digits=14,
            decimal_places=2,
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            **common,
        )
    if extra.kind == "textarea":
        return forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), **common)
    return forms.CharField(max_length=200, **common)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("撤回原因"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("例如：信息填写有误，将重新申请；已通过其他渠道办理。"),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("请说明撤回原因"))
        return reason
