"""Administration of 万人助万企. The categories and their time limits are configuration and edited here; pairings,
visits and demands are read here only: they change through the pages and the API (gaoxin.demands.actions), which
check the rules and keep the audit trail."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoxin.core.admin_tools import ReadOnlyAdmin
from gaoxin.demands import actions
from gaoxin.demands.models import Category, Demand, Escalation, HotlineKey, Instruction, Pairing, Visit


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "assign_days",
        "accept_days",
        "respond_days",
        "solve_days",
        "complex_days",
        "reopen_days",
        "default_unit",
        "active",
    ]
    list_editable = ["active"]


@admin.register(Pairing)
class PairingAdmin(ReadOnlyAdmin):
    list_display = ["enterprise", "cadre", "leader", "chief_officer", "valid_from", "valid_to"]
    list_filter = ["chief_officer"]


@admin.register(Visit)
class VisitAdmin(ReadOnlyAdmin):
    list_display = ["enterprise", "cadre", "visited_on", "met"]


@admin.register(Demand)
class DemandAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "category", "status", "unit", "raised_at", "solve_due"]
    list_filter = ["status", "category", "channel"]
    search_fields = ["number", "title", "enterprise__name"]


@admin.register(Escalation)
class EscalationAdmin(ReadOnlyAdmin):
    list_display = ["demand", "level", "status", "due", "at"]
    list_filter = ["level"]


@admin.register(Instruction)
class InstructionAdmin(ReadOnlyAdmin):
    list_display = ["demand", "leader", "at", "answered_at"]


@admin.register(HotlineKey)
class HotlineKeyAdmin(admin.ModelAdmin):
    """The system administrator makes a key for the hotline's system (its key is shown once, on the page after
    saving) and revokes it; a key is never edited or deleted, so that the demands it sent keep naming it."""

    list_display = ["name", "prefix", "created_at", "created_by", "last_used_at", "revoked_at"]
    fields = ["name"]
    actions = ["revoke"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        key, raw = actions.hotline_key_create(name=form.cleaned_data["name"], actor=request.user)
        obj.pk = key.pk
        messages.warning(request, _("接口密钥（只显示这一次，请立即交给热线系统保存）：%(key)s") % {"key": raw})

    @admin.action(description=gettext_lazy("注销所选密钥"), permissions=["change"])
    def revoke(self, request, queryset):
        for key in queryset:
            actions.hotline_key_revoke(key=key, actor=request.user)
        self.message_user(request, _("已注销 %(n)s 个密钥") % {"n": queryset.count()})
