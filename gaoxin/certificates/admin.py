"""Licenses in the admin: read-only, with 吊销 (revocation with a reason) as an admin action."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from gaoxin.certificates import actions
from gaoxin.certificates.models import License
from gaoxin.certificates.verification import license_check
from gaoxin.core.admin_tools import SignedRecordAdmin, act_with_reason


@admin.register(License)
class LicenseAdmin(SignedRecordAdmin):
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

    verify_url_name = "license-verify"

    def verify_record(self, obj):
        return license_check(obj)

    @admin.display(description=_("状态"))
    def state_column(self, obj):
        return _("已吊销") if obj.revoked_at else _("有效")

    @admin.action(description=_("吊销所选电子营业执照…"))
    def revoke_selected(self, request, queryset):
        return act_with_reason(
            self,
            request,
            queryset,
            act=lambda license, actor, reason: actions.license_revoke(license=license, actor=actor, reason=reason),
            title=_("吊销电子营业执照"),
            intro=_("将吊销以下电子营业执照。吊销后，公开核验页面显示“已吊销”及理由，此操作不可撤销并记入审计日志。"),
            confirm_label=_("确认吊销"),
            done_message=_("已吊销 %(count)d 份电子营业执照。"),
            reason_label=_("吊销理由"),
            help_text=_("将显示在公开核验页面上，例如：提交虚假材料取得登记（《市场主体登记管理条例》第四十条）。"),
        )
