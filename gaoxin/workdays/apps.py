from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "gaoxin.workdays"
    verbose_name = _("工作日历")

    def ready(self):
        from gaoxin.workdays.calendar import connect_cache_invalidation

        connect_cache_invalidation()
