"""Administration of key projects. Leaders' ranks are configuration and edited here; projects, reports and requests
are read here only: they change through the pages, the API and the import (gaoxin.projects.actions), which check the
rules and keep the audit trail."""

from django.contrib import admin

from gaoxin.core.admin_tools import ReadOnlyAdmin
from gaoxin.projects.models import ElementRequest, LeaderProfile, Milestone, MonthlyReport, Project, YearPlan


@admin.register(LeaderProfile)
class LeaderProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "title", "rank"]
    list_filter = ["rank"]
    search_fields = ["user__username", "user__display_name", "title"]
    autocomplete_fields = ["user"]


class YearPlanInline(admin.TabularInline):
    model = YearPlan
    extra = 0
    can_delete = False
    readonly_fields = ["year", "planned_investment"]

    def has_add_permission(self, request, obj=None):
        return False


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    can_delete = False
    fields = ["name", "kind", "planned_date", "actual_date", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "level", "stage", "park", "total_investment", "responsible_leader", "officer"]
    list_filter = ["level", "stage", "build_kind", "category", "park", "intake_year"]
    search_fields = ["code", "name", "owner"]
    inlines = [YearPlanInline, MilestoneInline]


@admin.register(MonthlyReport)
class MonthlyReportAdmin(ReadOnlyAdmin):
    list_display = ["project", "year", "month", "invested", "submitted_by", "updated_at"]
    list_filter = ["year", "month"]
    search_fields = ["project__code", "project__name"]


@admin.register(ElementRequest)
class ElementRequestAdmin(ReadOnlyAdmin):
    list_display = ["project", "kind", "department", "status", "deadline", "escalated_at"]
    list_filter = ["kind", "status", "department"]
    search_fields = ["project__code", "project__name", "description"]
