"""Forms of the applicant portal, and the parts the staff's decision forms share. They check what a person typed; the
actions decide everything else."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gaoxin.accounts.models import ApplicantKind
from gaoxin.cases.actions import ObjectionDetails
from gaoxin.cases.models import CORRECTION_REASON_MAX_LENGTH, OBJECTION_TEXT_MAX_LENGTH, ObjectorStanding
from gaoxin.cases.rules import correction_reasons
from gaoxin.catalog.fields import clean_answers
from gaoxin.catalog.models import BundleStep
from gaoxin.core.errors import DomainError, FieldErrors
from gaoxin.identity.validators import check_resident_id, check_uscc, normalize_phone, phone_error


class RowsBlock:
    """A repeatable table of a spec (股东及出资, 印章) in a page form: one input per cell, named
    <prefix><key>-<row>-<column>, so the page posts as many rows as the person added."""

    def __init__(self, spec_field: dict, data, *, name_prefix: str, path: str):
        self.key, self.label, self.help = spec_field["key"], spec_field["label"], spec_field.get("help", "")
        self.required = spec_field.get("required", True)
        self.name = f"{name_prefix}{self.key}"
        self.path = path
        self.columns = spec_field["fields"]
        self.values = _posted_rows(data, self.name, self.columns) if data is not None else []
        self.errors: dict[str, str] = {}

    @property
    def rows(self) -> list[list[dict]]:
        """Each row's cells with their input name, value, choices and error; at least one row to type into."""
        values = self.values or [{}]
        return [
            [
                {
                    "name": f"{self.name}-{n}-{column['key']}",
                    "label": column["label"],
                    "kind": column.get("kind", "text"),
                    "choices": column.get("choices", []),
                    "value": row.get(column["key"], ""),
                    "error": self.errors.get(f"{self.path}.{n}.{column['key']}", ""),
                }
                for column in self.columns
            ]
            for n, row in enumerate(values)
        ]

    @property
    def error(self) -> str:
        return self.errors.get(self.path, "")

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)


def _posted_rows(data, name: str, columns: list[dict]) -> list[dict]:
    """The rows posted for a table, in the order of their numbers (a row deleted in the page leaves a gap)."""
    numbers = sorted(
        {int(key.split("-")[-2]) for key in data if key.startswith(f"{name}-") and key.split("-")[-2].isdigit()}
    )
    return [{c["key"]: (data.get(f"{name}-{n}-{c['key']}") or "").strip() for c in columns} for n in numbers]


class SpecFormMixin:
    """The fields of a catalog spec (gaoxin.catalog.fields) in a Django form: a scalar becomes a form field named
    <prefix><key>, a table a RowsBlock. They are checked by clean_answers, the action's own check, not by Django."""

    def add_spec(self, spec: list[dict], *, path: str, name_prefix: str = "") -> None:
        self.spec, self.spec_path, self.spec_prefix = spec, path, name_prefix
        self.spec_blocks = []
        for field in spec:
            if field.get("kind") == "rows":
                block = RowsBlock(
                    field, self.data if self.is_bound else None, name_prefix=name_prefix, path=f"{path}.{field['key']}"
                )
                self.spec_blocks.append(block)
                continue
            name = f"{name_prefix}{field['key']}"
            if name in self.fields:
                raise ValueError(f"spec field {name!r} collides with a field of the form")
            self.fields[name] = _spec_form_field(field)
            self.spec_blocks.append(self[name])

    def spec_answers(self) -> dict:
        """What was typed, as the action takes it: scalars by key, tables as lists of rows."""
        answers = {}
        for field in self.spec:
            if field.get("kind") == "rows":
                answers[field["key"]] = _posted_rows(self.data, f"{self.spec_prefix}{field['key']}", field["fields"])
            else:
                answers[field["key"]] = (self.data.get(f"{self.spec_prefix}{field['key']}") or "").strip()
        return answers

    def check_spec(self) -> dict:
        """The answers cleaned, each error put beside its field or its cell; {} if any was wrong."""
        try:
            return clean_answers(self.spec, self.spec_answers(), prefix=self.spec_path)
        except FieldErrors as errors:
            self.add_spec_errors(errors)
            return {}

    def add_spec_errors(self, errors: FieldErrors) -> None:
        for path, message in errors.errors.items():
            key = path.removeprefix(f"{self.spec_path}.").split(".")[0]
            block = next((b for b in self.spec_blocks if isinstance(b, RowsBlock) and b.key == key), None)
            if block is not None:
                block.errors[path] = message
            elif f"{self.spec_prefix}{key}" in self.fields:
                self.add_error(f"{self.spec_prefix}{key}", message)
            else:
                self.add_error(None, message)

    @property
    def spec_has_errors(self) -> bool:
        return any(b.has_errors for b in self.spec_blocks if isinstance(b, RowsBlock))


def _spec_form_field(field: dict) -> forms.Field:
    """A scalar of a spec as a form field, for its label, help and widget; required only shows the mark."""
    kind = field.get("kind", "text")
    common = {"label": field["label"], "required": False, "help_text": field.get("help", "")}
    if kind == "choice":
        choices = [("", gettext("请选择")), *((c, c) for c in field["choices"])]
        form_field = forms.ChoiceField(choices=choices, **common)
    else:
        form_field = forms.CharField(widget=_widget(kind), **common)
    form_field.shows_required = field.get("required", True)
    return form_field


# A resident ID is digits but for a last X: a phone shows its numeric keypad, and site.js adds an X key beside the
# box (data-id-number carries that key's label).
ID_NUMBER_ATTRS = {
    "inputmode": "numeric",
    "autocomplete": "off",
    "spellcheck": "false",
    "data-id-number": _("输入末位 X"),
}


def _widget(kind: str) -> forms.Widget:
    if kind == "textarea":
        return forms.Textarea(attrs={"rows": 3})
    if kind == "date":
        return forms.DateInput(attrs={"type": "date"})
    if kind == "phone":
        return forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})
    attrs = {"amount": {"inputmode": "decimal"}, "integer": {"inputmode": "numeric"}}.get(kind, {})
    if kind == "id_number":
        attrs = ID_NUMBER_ATTRS
    elif kind in ("uscc", "id_or_uscc", "pattern"):
        attrs = {"spellcheck": "false", "autocomplete": "off"}
    return forms.TextInput(attrs=attrs)


class CorrectionRows:
    """The case's materials in a decision form, each a row: a checkbox (the form's `materials`, its code) and beside
    it a box for its own reason (`reason-<code>`). The window's corrections (补正) and a department's return (退回补充)
    both tell the applicant every material at once, each with why (行政许可法 §32)."""

    max_length = CORRECTION_REASON_MAX_LENGTH

    def __init__(self, materials: list[dict], data=None, initial: dict | None = None):
        """`materials` as selectors.case_materials gives them; `data` the form as posted, else `initial` (its
        `materials` and `corrections`) when a page is shown again after a conflict."""
        self.materials = materials
        if data is not None:
            self.ticked = data.getlist("materials")
            self.reasons = {m["code"]: (data.get(reason_input(m["code"])) or "").strip() for m in materials}
        else:
            self.ticked = list((initial or {}).get("materials") or [])
            self.reasons = dict((initial or {}).get("corrections") or {})
        self.errors: dict[str, str] = {}

    @property
    def rows(self) -> list[dict]:
        return [
            {
                "material": m,
                "ticked": m["code"] in self.ticked,
                "input": reason_input(m["code"]),
                "reason": self.reasons.get(m["code"], ""),
                "error": self.errors.get(m["code"], ""),
            }
            for m in self.materials
        ]

    def checked(self, ticked: list[str]) -> dict[str, str]:
        """The ticked materials with their reasons, checked by the action's own rule (FieldErrors if any is wrong)."""
        names = {m["code"]: m["name"] for m in self.materials}
        return correction_reasons({code: self.reasons.get(code, "") for code in ticked}, names)

    def add_errors(self, errors: FieldErrors) -> None:
        self.errors |= {path.removeprefix("materials."): message for path, message in errors.errors.items()}


def reason_input(code: str) -> str:
    return f"reason-{code}"


class CorrectionsFormMixin:
    """A decision form whose `materials` field (the ticked codes) has a reason for each ticked one (CorrectionRows)."""

    def add_corrections(self, materials: list[dict]) -> None:
        self.fields["materials"].choices = [(m["code"], m["name"]) for m in materials]
        self.correction_rows = CorrectionRows(materials, self.data if self.is_bound else None, self.initial)

    def checked_corrections(self, ticked: list[str]) -> dict[str, str]:
        """Each ticked material → its reason; a row without one (or with one too long) is marked, and {} returned."""
        try:
            return self.correction_rows.checked(ticked)
        except FieldErrors as errors:
            self.add_corrections_error(errors)
            return {}

    def add_corrections_error(self, error: DomainError) -> bool:
        """Put an error about the materials beside them, a row's beside its row; False if it is about something else."""
        if isinstance(error, FieldErrors):
            if not all(path.startswith("materials.") for path in error.errors):
                return False
            self.correction_rows.add_errors(error)
        elif error.field != "materials":
            return False
        self.add_error("materials", error.message)
        return True


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
    if isinstance(error, FieldErrors) and isinstance(form, SpecFormMixin):
        form.add_spec_errors(error)
        return
    name = ERROR_FIELDS.get(error.field or "")
    if name is None and (error.field or "").startswith("form."):
        name = error.field.removeprefix("form.")
    form.add_error(name if name in form.fields else None, error.message)


class ApplicationForm(SpecFormMixin, forms.Form):
    """The applicant's details, the bundle's optional steps and the bundle's own fields (its spec)."""

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
        widget=forms.TextInput(attrs=ID_NUMBER_ATTRS),
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

    def __init__(self, *args, bundle=None, spec: list[dict] = (), check_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
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
        self.add_spec(list(spec), path="form")
        if check_url:
            # Inline checks: on change, the field is checked with the whole form's values and re-rendered.
            scalars = [f["key"] for f in self.spec if f.get("kind") != "rows"]
            for name in ("name", "id_number", "uscc", "phone", *scalars):
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

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def clean_id_number(self):
        return "".join(self.cleaned_data["id_number"].split()).upper()

    def clean_uscc(self):
        return "".join(self.cleaned_data["uscc"].split()).upper()

    def clean_phone(self):
        phone = normalize_phone(self.cleaned_data["phone"])
        if phone is None:
            raise forms.ValidationError(phone_error())
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
        self.answers = self.check_spec()
        if self.spec_has_errors:
            self.add_error(None, gettext("申请表中有需要修改的内容，请查看标红的栏目"))
        return data

    def form_data(self) -> dict:
        """The bundle's own fields as Case.form stores them (JSON: amounts as strings)."""
        return self.answers

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


class ObjectionForm(forms.Form):
    """An objection to a public notice, on the public page and at the window: only the relation and the text are
    required; name and contact may stay blank (an anonymous objection). The action checks it all again."""

    standing = forms.ChoiceField(
        label=_("您与该企业的关系"), choices=ObjectorStanding.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("异议内容"),
        max_length=OBJECTION_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("请写明异议的事实和理由，如尚未清偿的债务、拖欠的工资或税款。"),
    )
    name = forms.CharField(label=_("异议人姓名或名称（可不填）"), max_length=100, required=False)
    contact = forms.CharField(
        label=_("联系电话或邮箱（可不填）"),
        max_length=100,
        required=False,
        help_text=_("留下联系方式，登记机关核查时可与您联系。"),
    )
    evidence = forms.FileField(
        label=_("证明材料（可选）"),
        required=False,
        help_text=_("PDF、JPG 或 PNG，不超过 10 MB，如借款合同、欠条、判决书。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )

    def details(self):
        data = self.cleaned_data
        return ObjectionDetails(**{name: data[name] for name in ("standing", "text", "name", "contact")})
