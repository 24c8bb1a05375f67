"""Seals and templates for the system administrators; issued documents read-only, with their verification."""

from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from gaoxin.core.admin_tools import SignedRecordAdmin, act_with_reason
from gaoxin.documents import actions, rules
from gaoxin.documents.models import Document, DocumentTemplate, Seal, SealKey
from gaoxin.documents.seal_image import seal_svg
from gaoxin.documents.verification import document_check


class SealKeyInline(admin.TabularInline):
    model = SealKey
    fields = ["key_id", "created_at", "public_key"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Seal)
class SealAdmin(admin.ModelAdmin):
    list_display = ["code", "authority", "purpose", "department", "algorithm", "valid_until", "state_column"]
    list_filter = ["algorithm", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["code", "authority"]
    fields = [
        "preview",
        "code",
        "authority",
        "purpose",
        "department",
        "algorithm",
        "valid_from",
        "valid_until",
        "revoked_at",
        "revoke_reason",
    ]
    readonly_fields = ["preview", "revoked_at", "revoke_reason"]
    inlines = [SealKeyInline]
    actions = ["revoke_selected"]

    def get_readonly_fields(self, request, obj=None):
        # A seal that has signed keeps its identity: what its documents name cannot change under them.
        if obj is not None and obj.documents.exists():
            return [*self.readonly_fields, "code", "authority", "purpose", "department", "algorithm"]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        actions.seal_save(seal=obj, actor=request.user, changed=list(form.changed_data))

    @admin.display(description=_("印模"))
    def preview(self, obj):
        if obj is None or not obj.code:
            return _("保存后显示印模")
        svg = seal_svg(authority=obj.authority, purpose=obj.purpose, code=obj.code).decode("utf-8")
        return mark_safe(f'<div style="width:160px;height:160px">{svg}</div>')  # noqa: S308 — drawn by us, text escaped

    @admin.display(description=_("状态"))
    def state_column(self, obj):
        return _("已注销") if obj.revoked_at else _("在用")

    @admin.action(description=_("注销所选印章…"))
    def revoke_selected(self, request, queryset):
        return act_with_reason(
            self,
            request,
            queryset,
            act=lambda seal, actor, reason: actions.seal_revoke(seal=seal, actor=actor, reason=reason),
            title=_("注销印章"),
            intro=_(
                "将注销以下印章。注销后不再用它签发文书，它签发过的文书在核验页面显示“印章已注销”。此操作记入审计日志。"
            ),
            confirm_label=_("确认注销"),
            done_message=_("已注销 %(count)d 枚印章。"),
            reason_label=_("注销理由"),
        )


class TemplateForm(forms.ModelForm):
    class Meta:
        model = DocumentTemplate
        fields = ["kind", "title", "number_word", "body", "closing"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8, "cols": 90}), "closing": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind:
            for field in ("title", "number_word", "body", "closing"):
                problems = rules.template_problems(kind, cleaned.get(field) or "")
                if problems:
                    self.add_error(field, "；".join(problems))
        return cleaned


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    form = TemplateForm
    list_display = ["kind", "title", "number_word", "updated_at"]
    readonly_fields = ["placeholders"]
    fields = ["kind", "title", "number_word", "body", "closing", "placeholders"]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "kind"] if obj else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("可用的占位符"))
    def placeholders(self, obj):
        if obj is None or not obj.kind:
            return _("选择文书种类并保存后显示")
        names = "　".join(f"{{{name}}}" for name in rules.allowed_placeholders(obj.kind))
        return format_html("<code>{}</code>", names)

    def save_model(self, request, obj, form, change):
        actions.template_save(template=obj, actor=request.user)  # the form has checked what the action checks


@admin.register(Document)
class DocumentAdmin(SignedRecordAdmin):
    list_display = ["number", "title", "case", "issued_at", "seal"]
    list_filter = ["kind", "seal"]
    search_fields = ["number", "case__number", "case__applicant_name"]
    date_hierarchy = "issued_at"
    list_select_related = ["case", "seal"]
    fields = ["number", "title", "state_detail", "verify_link", "case", "task", "seal", "issued_at", "issued_by"]
    fields += ["key_id", "signature", "payload"]

    verify_url_name = "document-verify"

    def verify_record(self, obj):
        return document_check(obj)
