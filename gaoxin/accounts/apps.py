from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "gaoxin.accounts"
    verbose_name = _("账户与部门")
    demo_order = 20  # after the catalog's departments (see core's demo_load)

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from gaoxin.accounts import throttle
        from gaoxin.accounts.actions import tokens_revoke_on_logout
        from gaoxin.accounts.signin import remember_device_on_login

        user_logged_in.connect(throttle.on_logged_in, dispatch_uid="gaoxin.accounts.throttle.on_logged_in")
        user_logged_out.connect(throttle.on_logged_out, dispatch_uid="gaoxin.accounts.throttle.on_logged_out")
        user_logged_out.connect(tokens_revoke_on_logout, dispatch_uid="gaoxin.accounts.tokens_revoke_on_logout")
        user_logged_in.connect(remember_device_on_login, dispatch_uid="gaoxin.accounts.remember_device_on_login")

    def load_demo(self, write):
        from gaoxin.accounts.demo import DEMO_PASSWORD, load_demo_accounts

        rows = load_demo_accounts()
        write(f"\n演示账户（密码均为 {DEMO_PASSWORD}）：")
        for username, role, department in rows:
            write(f"  {username:<12} {role:<8} {department}")

    def user_for_token(self, token: str):
        """The API's bearer tokens are checked here (gaoxin.core.api asks every app config; core imports no app)."""
        from gaoxin.accounts.actions import user_for_token

        return user_for_token(token)
