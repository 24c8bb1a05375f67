from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "gaoxin.notifications"
    verbose_name = _("通知")
    demo_order = 15  # any time (see core's demo_load): the templates need nothing else

    def ready(self):
        from gaoxin.accounts.throttle import account_locked
        from gaoxin.notifications.actions import notify_account_locked

        account_locked.connect(notify_account_locked, dispatch_uid="gaoxin.notifications.notify_account_locked")

    def load_demo(self, write):
        from gaoxin.notifications.actions import templates_load

        write(f"\n消息模板：新增 {templates_load()} 个")

    def nav_items(self, request):
        """通知 for everyone logged in, with the count of unread notifications."""
        from gaoxin.notifications.views import nav

        return nav(request)

    def send_sign_in_code(self, *, user, code: str, minutes: int) -> None:
        """Accounts asks every app config for this (it lies below notifications: gaoxin.core.layers)."""
        from gaoxin.notifications.actions import sign_in_code_send

        sign_in_code_send(user=user, code=code, minutes=minutes)
