from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CalendarYear(models.Model):
    """A year whose official holiday schedule has been published and entered here.

    Deadlines in a year that neither chinese_calendar nor this table covers are provisional.
    """

    year = models.PositiveSmallIntegerField(
        _("年度"), unique=True, validators=[MinValueValidator(1949), MaxValueValidator(2100)]
    )
    note = models.TextField(_("说明"), blank=True, help_text=_("例如：国务院办公厅通知的文号。"))

    class Meta:
        verbose_name = _("日历年度")
        verbose_name_plural = pgettext_lazy("plural", "日历年度")
        ordering = ["-year"]

    def __str__(self) -> str:
        return _("%(year)s 年") % {"year": self.year}


class CalendarDay(models.Model):
    """An administrator's override of one day: a holiday, a make-up working day, or a correction."""

    date = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(_("工作日"), help_text=_("勾选为上班（如调休上班日），不勾选为放假。"))
    name = models.CharField(_("名称"), max_length=40, blank=True, help_text=_("例如：国庆节、国庆调休。"))

    class Meta:
        verbose_name = _("日历日")
        verbose_name_plural = pgettext_lazy("plural", "日历日")
        ordering = ["date"]

    def __str__(self) -> str:
        kind = _("上班") if self.is_working_day else _("放假")
        return f"{self.date.isoformat()} {self.name or kind}"
