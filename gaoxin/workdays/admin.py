"""The calendar in the admin. Every save and delete goes through gaoxin.workdays.actions, which audits it and
recomputes the stored deadlines that depended on the days; the admin only reads the forms."""

from datetime import date

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gaoxin.workdays import actions
from gaoxin.workdays.calendar import Day
from gaoxin.workdays.models import CalendarDay, CalendarYear

# How a line of the year form says "day off" or "working day".
OFF_WORDS = ("休", "放假", "off")
WORK_WORDS = ("班", "上班", "work")


class CalendarAdmin(admin.ModelAdmin):
    """Only the system administrators change the calendar; others with admin access may look."""

    def has_add_permission(self, request):
        return super().has_add_permission(request) and actions.may_edit_calendar(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and actions.may_edit_calendar(request.user)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and actions.may_edit_calendar(request.user)

    def tell_recomputed(self, request, change: actions.CalendarChange) -> None:
        if not change.years:
            return
        moved = sum(change.recomputed.values())
        text = gettext("已按新的工作日历重新计算未办结事项的时限：%(count)s 项变更，已通知相关人员。")
        self.message_user(request, text % {"count": moved}, messages.INFO)


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "is_working_day", "name"]

    def clean_date(self):
        day = self.cleaned_data["date"]
        if not actions.FIRST_YEAR <= day.year <= actions.LAST_YEAR:
            bounds = {"first": actions.FIRST_YEAR, "last": actions.LAST_YEAR}
            raise forms.ValidationError(gettext("年份须在 %(first)s 至 %(last)s 之间") % bounds)
        return day


@admin.register(CalendarDay)
class CalendarDayAdmin(CalendarAdmin):
    form = CalendarDayForm
    list_display = ["date", "weekday", "is_working_day", "name"]
    list_editable = ["is_working_day", "name"]
    list_filter = ["is_working_day"]
    date_hierarchy = "date"
    search_fields = ["name"]
    ordering = ["date"]

    def get_readonly_fields(self, request, obj=None):
        # A day is known by its date: another date is another day (delete this one, add that one).
        return ["date"] if obj else []

    @admin.display(description=_("星期"), ordering="date")
    def weekday(self, day: CalendarDay) -> str:
        # Translators: the days of the week Monday to Sunday, one name each, separated by spaces.
        return gettext("一 二 三 四 五 六 日").split()[day.date.weekday()]

    def save_model(self, request, obj, form, change):
        result = actions.calendar_day_save(
            actor=request.user, day=obj.date, is_working_day=obj.is_working_day, name=obj.name
        )
        obj.pk = CalendarDay.objects.get(date=obj.date).pk
        self.tell_recomputed(request, result)

    def delete_model(self, request, obj):
        self.tell_recomputed(request, actions.calendar_days_delete(actor=request.user, days=[obj.date]))

    def delete_queryset(self, request, queryset):
        days = list(queryset.values_list("date", flat=True))
        self.tell_recomputed(request, actions.calendar_days_delete(actor=request.user, days=days))


class CalendarYearForm(forms.ModelForm):
    days = forms.CharField(
        label=_("节假日与调休上班日"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 50}),
        help_text=_(
            "按国务院办公厅通知逐行填写：日期、“休”或“班”、名称，例如“2027-10-04 休 国庆节”“2027-09-26 班 国庆节调休”。"
            "保存后以此替换该年的全部日历日；法定节假日（元旦、春节、清明、劳动节、端午、中秋、国庆）无需填写。"
        ),
    )

    class Meta:
        model = CalendarYear
        fields = ["year", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            rows = CalendarDay.objects.filter(date__year=self.instance.year).order_by("date")
            self.initial["days"] = "\n".join(_line(row) for row in rows)

    def clean_days(self) -> list[Day]:
        days, problems = [], []
        for number, line in enumerate(self.cleaned_data["days"].splitlines(), start=1):
            if line.strip():
                try:
                    days.append(_parse_line(line))
                except ValueError:
                    problems.append(number)
        if problems:
            raise forms.ValidationError(
                gettext("第 %(lines)s 行格式不对，应为“日期 休/班 名称”，如“2027-10-04 休 国庆节”")
                % {"lines": gettext("、").join(map(str, problems))}
            )
        return days

    def clean(self):
        cleaned = super().clean()
        year = self.instance.year if self.instance.pk else cleaned.get("year")
        outside = [d.date.isoformat() for d in cleaned.get("days") or [] if year and d.date.year != year]
        if outside:
            names = {"year": year, "dates": gettext("、").join(outside)}
            self.add_error("days", gettext("以下日期不在 %(year)s 年：%(dates)s") % names)
        dates = [d.date for d in cleaned.get("days") or []]
        twice = sorted({d.isoformat() for d in dates if dates.count(d) > 1})
        if twice:
            self.add_error("days", gettext("以下日期重复：%(dates)s") % {"dates": gettext("、").join(twice)})
        return cleaned


def _line(row: CalendarDay) -> str:
    kind = WORK_WORDS[0] if row.is_working_day else OFF_WORDS[0]
    return " ".join(filter(None, [row.date.isoformat(), kind, row.name]))


def _parse_line(line: str) -> Day:
    parts = line.split(maxsplit=2)
    name = parts[2].strip() if len(parts) > 2 else ""
    if len(parts) < 2 or parts[1] not in OFF_WORDS + WORK_WORDS or len(name) > actions.NAME_MAX:
        raise ValueError(line)
    return Day(date.fromisoformat(parts[0]), parts[1] in WORK_WORDS, name)


@admin.register(CalendarYear)
class CalendarYearAdmin(CalendarAdmin):
    form = CalendarYearForm
    list_display = ["year", "note"]
    search_fields = ["note"]
    ordering = ["-year"]

    def get_readonly_fields(self, request, obj=None):
        return ["year"] if obj else []

    def save_model(self, request, obj, form, change):
        days = form.cleaned_data["days"]
        result = actions.calendar_year_enter(actor=request.user, year=obj.year, days=days, note=obj.note)
        obj.pk = CalendarYear.objects.get(year=obj.year).pk
        self.tell_recomputed(request, result)

    def delete_model(self, request, obj):
        self.tell_recomputed(request, actions.calendar_year_delete(actor=request.user, year=obj.year))

    def delete_queryset(self, request, queryset):
        for year in queryset.values_list("year", flat=True):
            self.tell_recomputed(request, actions.calendar_year_delete(actor=request.user, year=year))
