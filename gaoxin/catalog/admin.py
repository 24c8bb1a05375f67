from django.contrib import admin

from gaoxin.catalog.models import Bundle, BundleStage, BundleStep, ItemMaterial, MaterialKind, ServiceItem


class ItemMaterialInline(admin.TabularInline):
    model = ItemMaterial
    extra = 1
    autocomplete_fields = ["material"]


@admin.register(ServiceItem)
class ServiceItemAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "item_type", "level", "department", "statutory_days", "promise_kind", "fee"]
    list_filter = ["level", "item_type", "promise_kind", "online", "department"]
    search_fields = ["code", "name"]
    inlines = [ItemMaterialInline]


@admin.register(MaterialKind)
class MaterialKindAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "certificate_kind"]
    search_fields = ["code", "name"]


class BundleStageInline(admin.TabularInline):
    model = BundleStage
    extra = 0
    show_change_link = True


class BundleStepInline(admin.TabularInline):
    model = BundleStep
    extra = 1
    autocomplete_fields = ["item"]


@admin.register(Bundle)
class BundleAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "promise_kind", "promise_value", "fee", "active"]
    inlines = [BundleStageInline]


@admin.register(BundleStage)
class BundleStageAdmin(admin.ModelAdmin):
    list_display = ["bundle", "order", "name"]
    list_filter = ["bundle"]
    inlines = [BundleStepInline]
