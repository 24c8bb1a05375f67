from django.contrib import admin

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

    @admin.display(description="星期", ordering="date")
    def weekday(self, day: CalendarDay) -> str:
        return "一二三四五六日"[day.date.weekday()]
