from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class CalendarYear(models.Model):
    """A year whose official holiday schedule has been published and entered here.

    Deadlines in a year that neither chinese_calendar nor this table covers are provisional.
    """

    year = models.PositiveSmallIntegerField(
        "年度", unique=True, validators=[MinValueValidator(1949), MaxValueValidator(2100)]
    )
    note = models.TextField("说明", blank=True, help_text="例如：国务院办公厅通知的文号。")

    class Meta:
        verbose_name = verbose_name_plural = "日历年度"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} 年"


class CalendarDay(models.Model):
    """An administrator's override of one day: a holiday, a make-up working day, or a correction."""

    date = models.DateField("日期", unique=True)
    is_working_day = models.BooleanField("工作日", help_text="勾选为上班（如调休上班日），不勾选为放假。")
    name = models.CharField("名称", max_length=40, blank=True, help_text="例如：国庆节、国庆调休。")

    class Meta:
        verbose_name = verbose_name_plural = "日历日"
        ordering = ["date"]

    def __str__(self) -> str:
        kind = "上班" if self.is_working_day else "放假"
        return f"{self.date.isoformat()} {self.name or kind}"
