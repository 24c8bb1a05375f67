from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gaoxin.workdays.models import CalendarDay, CalendarYear


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "note"]
    search_fields = ["note"]
    ordering = ["-year"]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "weekday", "is_working_day", "name"]
    list_editable = ["is_working_day", "name"]
    list_filter = ["is_working_day"]
    date_hierarchy = "date"
    search_fields = ["name"]
    ordering = ["date"]

    @admin.display(description=_("星期"), ordering="date")
    def weekday(self, day: CalendarDay) -> str:
        # Translators: the days of the week Monday to Sunday, one name each, separated by spaces.
        return gettext("一 二 三 四 五 六 日").split()[day.date.weekday()]
