"""The forms of the sign-in, password and second-factor pages: fields only; the rules are in the throttle, the actions
and the validators. The sign-in form serves the site's and the admin site's login (gaoxin.accounts.views.LoginView)."""

from django import forms
from django.contrib.auth import password_validation
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


class NewPasswordFields(forms.Form):
    new_password = forms.CharField(
        label=_("新密码"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html,
    )
    new_password_again = forms.CharField(
        label=_("再次输入新密码"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_password") and cleaned.get("new_password") != cleaned.get("new_password_again"):
            self.add_error("new_password_again", _("两次输入的新密码不一致"))
        return cleaned


class PasswordChangeForm(NewPasswordFields):
    old_password = forms.CharField(
        label=_("原密码"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    field_order = ["old_password", "new_password", "new_password_again"]


class ResetRequestForm(forms.Form):
    account = forms.CharField(
        label=_("用户名、邮箱或手机号"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username"})
    )


class ResetCompleteForm(NewPasswordFields):
    code = forms.CharField(
        label=_("验证码"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )
    field_order = ["code", "new_password", "new_password_again"]


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("动态口令"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )
