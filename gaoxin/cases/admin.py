from django.contrib import admin

from gaoxin.cases.models import Case, CaseMaterial, Task


class TaskInline(admin.TabularInline):
    model = Task
    extra = 0
    can_delete = False
    fields = [
        "stage",
        "item",
        "department",
        "status",
        "deadline",
        "extension_days",
        "decided_at",
        "decided_by",
        "reason",
    ]
    readonly_fields = fields


class CaseMaterialInline(admin.TabularInline):
    model = CaseMaterial
    extra = 0
    can_delete = False
    fields = ["material", "required", "needs_correction", "correction_note"]
    readonly_fields = fields


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """Read-only: a case changes only through its actions, so that every change is audited."""

    list_display = ["number", "applicant_name", "bundle", "item", "status", "channel", "created_at", "deadline"]
    list_filter = ["status", "channel", "bundle"]
    search_fields = ["number", "applicant_name", "applicant_uscc"]
    inlines = [CaseMaterialInline, TaskInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
