"""The sign-in form of both login pages (the site's and the admin's): Django's, with the throttle's refusal worded."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from gaoxin.accounts import throttle


class LoginForm(AuthenticationForm):
    """A wrong password and an unknown username get the same answer; a throttled sign-in gets "try again in N
    minutes", alike for accounts that exist and names that do not, so neither tells a stranger which is which."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("用户名或密码错误，请重新输入。"),
        "throttled": "%(message)s",
    }

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            if (refused := throttle.refusal(self.request)) is not None:
                raise forms.ValidationError(
                    self.error_messages["throttled"], code="throttled", params={"message": refused.message}
                ) from None
            raise


class AdminLoginForm(LoginForm, AdminAuthenticationForm):
    """The admin's: the same throttle and wording, and the admin site's own refusal of accounts not its staff."""
