"""Licenses in the admin: read-only, with 吊销 (revocation with a reason) as an admin action."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from gaoxin.certificates import actions
from gaoxin.certificates.models import License
from gaoxin.certificates.verification import license_check
from gaoxin.core.errors import DomainError


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("吊销理由"),
        max_length=actions.REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("将显示在公开核验页面上，例如：提交虚假材料取得登记（《市场主体登记管理条例》第四十条）。"),
    )


@admin.register(License)
class LicenseAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "uscc", "issued_at", "state_column"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "issued_at"]
    search_fields = ["number", "name", "uscc"]
    date_hierarchy = "issued_at"
    actions = ["revoke_selected"]
    fieldsets = [
        (None, {"fields": ["number", "state_detail", "verify_link", "case", "enterprise"]}),
        (
            _("登记信息（签发时）"),
            {
                "fields": [
                    "uscc",
                    "name",
                    "company_type",
                    "legal_representative",
                    "registered_capital",
                    "established_on",
                    "address",
                    "business_scope",
                    "authority",
                    "integrated",
                ]
            },
        ),
        (_("签发与签名"), {"fields": ["issued_at", "issued_by", "key_id", "signature", "payload"]}),
        (_("吊销"), {"fields": ["revoked_at", "revoked_by", "revoke_reason"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in License._meta.fields] + ["state_detail", "verify_link"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Viewing only: a license changes through its actions (audited), never by editing the row.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("状态"))
    def state_column(self, obj):
        return _("已吊销") if obj.revoked_at else _("有效")

    @admin.display(description=_("核验结果"))
    def state_detail(self, obj):
        check = license_check(obj)
        problems = "；".join(check.problems)
        return f"{check.state_display}{'：' + problems if problems else ''}"

    @admin.display(description=_("公开核验页面"))
    def verify_link(self, obj):
        url = reverse("license-verify", args=[obj.pk])
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, url)

    @admin.action(description=_("吊销所选电子营业执照…"))
    def revoke_selected(self, request, queryset):
        form = RevokeForm(request.POST if "confirm" in request.POST else None)
        if form.is_bound and form.is_valid():
            done = 0
            for license in queryset:
                try:
                    actions.license_revoke(license=license, actor=request.user, reason=form.cleaned_data["reason"])
                    done += 1
                except DomainError as error:
                    self.message_user(request, f"{license.number}：{error.message}", messages.ERROR)
            if done:
                message = ngettext("已吊销 %(count)d 份电子营业执照。", "已吊销 %(count)d 份电子营业执照。", done)
                self.message_user(request, message % {"count": done}, messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("吊销电子营业执照"),
            "opts": self.model._meta,
            "licenses": queryset,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/certificates/license/revoke.html", context)
