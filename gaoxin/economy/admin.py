from django.contrib import admin

from gaoxin.economy.models import Enterprise, Park


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    """Read-only for now: enterprises enter the register when the zone issues their license (an audited action)."""

    list_display = ["name", "uscc", "legal_representative", "registered_capital", "established_on", "status"]
    list_filter = ["status", "established_on"]
    search_fields = ["name", "uscc", "legal_representative"]
    date_hierarchy = "established_on"
    readonly_fields = ["source_case", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Park)
class ParkAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "short_name", "sort_order"]
    search_fields = ["code", "name", "short_name"]
