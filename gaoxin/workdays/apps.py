from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "gaoxin.workdays"
    verbose_name = "工作日历"

    def ready(self):
        from gaoxin.workdays.calendar import connect_cache_invalidation

        connect_cache_invalidation()
