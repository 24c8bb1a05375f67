from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "gaoxin.accounts"
    verbose_name = _("账户与部门")

    def user_for_token(self, token: str):
        """The API's bearer tokens are checked here (gaoxin.core.api asks every app config; core imports no app)."""
        from gaoxin.accounts.actions import user_for_token

        return user_for_token(token)
