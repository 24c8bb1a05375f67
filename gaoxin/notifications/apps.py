from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "gaoxin.notifications"
    verbose_name = _("通知")

    def nav_items(self, request):
        """通知 for everyone logged in, with the count of unread notifications."""
        from gaoxin.notifications.views import nav

        return nav(request)
