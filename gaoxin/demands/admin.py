"""Administration of 万人助万企. The categories and their time limits are configuration and edited here; pairings,
visits and demands are read here only: they change through the pages and the API (gaoxin.demands.actions), which
check the rules and keep the audit trail."""

from django.contrib import admin

from gaoxin.core.admin_tools import ReadOnlyAdmin
from gaoxin.demands.models import Category, Demand, Escalation, Instruction, Pairing, Visit


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
