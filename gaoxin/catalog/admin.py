from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

from gaoxin.catalog.fields import spec_problems
from gaoxin.catalog.integrated import integrated_certificates
from gaoxin.catalog.models import Bundle, BundleStage, BundleStep, ItemMaterial, MaterialKind, ServiceItem, Theme


def _checked_spec(form: forms.ModelForm, name: str):
    """A spec an administrator edits as JSON, refused with every problem named (gaoxin.catalog.fields)."""
    spec = form.cleaned_data.get(name)
    problems = spec_problems(spec)
    if problems:
        raise forms.ValidationError(problems)
    return spec


class BundleForm(forms.ModelForm):
    class Meta:
        model = Bundle
        fields = [
            "code",
            "name",
            "name_en",
            "keywords",
            "service_object",
            "description",
            "outcome",
            "promise_kind",
            "promise_value",
            "fee",
            "active",
            "form_fields",
        ]

    def clean_form_fields(self):
        return _checked_spec(self, "form_fields")


class BundleStepForm(forms.ModelForm):
    class Meta:
        model = BundleStep
        fields = ["stage", "item", "optional", "order", "requires", "result_fields", "integrates"]

    def clean_result_fields(self):
        return _checked_spec(self, "result_fields")

    def clean_integrates(self):
        codes = self.cleaned_data.get("integrates")
        known = {entry["code"] for entry in integrated_certificates()}
        if not isinstance(codes, list) or any(code not in known for code in codes):
            raise forms.ValidationError(
                _("应为多证合一清单中的代码列表：%(codes)s") % {"codes": "、".join(sorted(known))}
            )
        return codes

    def clean(self):
        data = super().clean()
        requires, stage = data.get("requires"), data.get("stage")
        if not isinstance(requires, list):
            self.add_error("requires", _("应为事项编码的列表"))
        elif stage is not None:
            earlier = set(
                BundleStep.objects.filter(stage__bundle=stage.bundle, stage__order__lt=stage.order).values_list(
                    "item__code", flat=True
                )
            )
            unknown = [code for code in requires if code not in earlier]
            if unknown:
                self.add_error(
                    "requires", _("前置事项应为之前阶段中的事项：%(codes)s 不是") % {"codes": "、".join(unknown)}
                )
        return data


class ItemMaterialInline(admin.TabularInline):
    model = ItemMaterial
    extra = 1
    autocomplete_fields = ["material"]


@admin.register(ServiceItem)
class ServiceItemAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "item_type", "level", "department", "statutory_days", "promise_kind", "fee"]
    list_filter = ["level", "item_type", "service_object", "promise_kind", "online", "department"]
    search_fields = ["code", "name", "name_en", "keywords"]
    inlines = [ItemMaterialInline]


@admin.register(MaterialKind)
class MaterialKindAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "certificate_kind", "reuse_scope", "reuse_valid_days", "authorizes_agent"]
    list_filter = ["reuse_scope", "authorizes_agent"]
    search_fields = ["code", "name"]


class BundleStageInline(admin.TabularInline):
    model = BundleStage
    extra = 0
    show_change_link = True


class BundleStepInline(admin.StackedInline):
    model = BundleStep
    form = BundleStepForm
    extra = 1
    autocomplete_fields = ["item"]


@admin.register(Bundle)
class BundleAdmin(admin.ModelAdmin):
    form = BundleForm
    list_display = ["code", "name", "promise_kind", "promise_value", "fee", "active"]
    search_fields = ["code", "name", "name_en", "keywords"]
    inlines = [BundleStageInline]


@admin.register(BundleStage)
class BundleStageAdmin(admin.ModelAdmin):
    list_display = ["bundle", "order", "name"]
    list_filter = ["bundle"]
    inlines = [BundleStepInline]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "service_object", "order", "active"]
    list_filter = ["service_object", "active"]
    autocomplete_fields = ["items", "bundles"]
