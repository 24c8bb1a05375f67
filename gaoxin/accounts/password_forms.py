"""The forms of the password and second-factor pages: fields only; the rules are in the actions and validators."""

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _


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
