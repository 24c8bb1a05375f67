from django.contrib import admin

from gaoxin.core.admin_tools import ReadOnlyAdmin
from gaoxin.ratings.models import Callback, Rating, Rectification


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
