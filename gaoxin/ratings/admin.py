from django.contrib import admin

from gaoxin.ratings.models import Callback, Rating, Rectification


class ReadOnlyAdmin(admin.ModelAdmin):
    """Ratings and rectifications change only through their actions, so that every change is audited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ["case", "level", "department", "channel", "rated_by", "rated_at"]
    list_filter = ["level", "channel", "department"]
    search_fields = ["case__number", "comment"]
    list_select_related = ["case", "department", "rated_by"]


class CallbackInline(admin.TabularInline):
    model = Callback
    extra = 0
    can_delete = False
    fields = ["at", "by", "note"]
    readonly_fields = fields


@admin.register(Rectification)
class RectificationAdmin(ReadOnlyAdmin):
    list_display = ["rating", "department", "status", "deadline", "closed_at"]
    list_filter = ["status", "department"]
    search_fields = ["rating__case__number", "result"]
    list_select_related = ["rating__case", "department"]
    inlines = [CallbackInline]
