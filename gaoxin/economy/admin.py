from django.contrib import admin

from gaoxin.core.admin_tools import ReadOnlyAdmin
from gaoxin.economy.models import (
    Area,
    Enterprise,
    Indicator,
    IndicatorImport,
    IndicatorValue,
    IndicatorValueHistory,
    InnovationCategory,
    InnovationCount,
    InnovationUnit,
    OutputSeries,
    Park,
)


@admin.register(Enterprise)
class EnterpriseAdmin(ReadOnlyAdmin):
    """Read-only for now: enterprises enter the register when the zone issues their license (an audited action)."""

    list_display = ["name", "uscc", "legal_representative", "registered_capital", "established_on", "status"]
    list_filter = ["status", "established_on"]
    search_fields = ["name", "uscc", "legal_representative"]
    # The legal representative's ID number is personal data, kept for the deregistration's check alone.
    exclude = ["legal_representative_id"]
    date_hierarchy = "established_on"
    readonly_fields = ["source_case", "created_at"]


@admin.register(Park)
class ParkAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "short_name", "sort_order"]
    search_fields = ["code", "name", "short_name"]


# --- The economy pillar: reference data is edited here; figures enter only through the audited import and actions.


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "ranked", "sort_order"]
    list_filter = ["kind", "ranked"]
    search_fields = ["code", "name", "name_en"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit", "comparable", "in_bulletin", "bulletin_name", "sort_order"]
    list_filter = ["unit", "comparable", "in_bulletin"]
    search_fields = ["code", "name", "name_en"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReadOnlyAdmin):
    list_display = ["period", "indicator", "area", "level", "growth", "batch"]
    list_filter = ["period", "indicator", "area__kind"]
    search_fields = ["area__name", "indicator__name", "period"]


@admin.register(IndicatorValueHistory)
class IndicatorValueHistoryAdmin(ReadOnlyAdmin):
    list_display = ["period", "indicator", "area", "level", "growth", "replaced_at", "replaced_by"]
    list_filter = ["period", "indicator"]


@admin.register(IndicatorImport)
class IndicatorImportAdmin(ReadOnlyAdmin):
    list_display = ["imported_at", "file_name", "file_format", "imported_by", "written", "replaced", "unchanged"]
    date_hierarchy = "imported_at"


@admin.register(OutputSeries)
class OutputSeriesAdmin(ReadOnlyAdmin):
    list_display = ["enterprise", "metric", "product", "unit"]
    list_filter = ["metric"]


class InnovationUnitInline(admin.TabularInline):
    model = InnovationUnit
    extra = 0
    autocomplete_fields = ["enterprise"]


@admin.register(InnovationCategory)
class InnovationCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "baseline_year", "baseline_count", "target_year", "target_count"]
    list_filter = ["kind"]
    inlines = [InnovationUnitInline]


@admin.register(InnovationCount)
class InnovationCountAdmin(ReadOnlyAdmin):
    list_display = ["category", "year", "count", "recorded_at", "recorded_by"]
    list_filter = ["category", "year"]
