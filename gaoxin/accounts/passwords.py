"""The password rules of 身份鉴别 (GB/T 22239-2019 8.1.4.1 a: 口令具有复杂度要求并定期更换), as Django password
validators (settings.AUTH_PASSWORD_VALIDATORS) so that every way a password is chosen checks them: the pages, the API,
the reset by code and the admin site. docs/decisions/0026-passwords-and-second-factor.md says why these numbers."""

import string
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gaoxin.accounts.models import PasswordHistory, Role

LETTERS_AND_DIGITS = (string.ascii_uppercase, string.ascii_lowercase, string.digits)


def character_classes(password: str) -> int:
    """How many of the four classes — upper case, lower case, digits, anything else (a symbol) — the password uses."""
    used = sum(any(c in chars for c in password) for chars in LETTERS_AND_DIGITS)
    return used + any(not c.isascii() or not c.isalnum() for c in password)


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, in Chinese: Django 5.2's own Chinese catalog still has the wording of an older message."""

    def get_error_message(self):
        return _("密码太短，至少须有 %(n)s 个字符。") % {"n": self.min_length}

    def get_help_text(self):
        return _("至少 %(n)s 个字符。") % {"n": self.min_length}


class CharacterClassesValidator:
    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if character_classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return _("密码须包含大写字母、小写字母、数字、符号中的至少 %(n)s 类。") % {"n": self.min_classes}


class PasswordHistoryValidator:
    """A new password may be none of the account's last `remember` passwords (their hashes are kept, never the
    passwords). Django calls password_changed after every save of a new password: that keeps the history."""

    def __init__(self, remember: int = 5):
        self.remember = remember

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        recent = list(self._recent(user).values_list("password", flat=True)[: self.remember])
        if user.password and user.password not in recent:  # set before the history was kept
            recent = [user.password, *recent][: self.remember]
        if any(check_password(password, encoded) for encoded in recent):
            raise ValidationError(
                ngettext(
                    "新密码不能与最近 %(n)s 次使用过的密码相同。",
                    "新密码不能与最近 %(n)s 次使用过的密码相同。",
                    self.remember,
                )
                % {"n": self.remember},
                code="password_reused",
            )

    def password_changed(self, password, user=None):
        if user is None or user.pk is None:
            return
        PasswordHistory.objects.create(user=user, password=user.password, set_at=timezone.now())
        stale = self._recent(user).values_list("pk", flat=True)[self.remember :]
        PasswordHistory.objects.filter(pk__in=list(stale)).delete()

    def get_help_text(self):
        return _("不能与最近 %(n)s 次使用过的密码相同。") % {"n": self.remember}

    @staticmethod
    def _recent(user):
        return PasswordHistory.objects.filter(user=user).order_by("-set_at", "-pk")


def password_expires(user) -> bool:
    """Staff passwords age (applicants' do not: they sign in rarely and hold no one else's data)."""
    return user.role != Role.APPLICANT


def password_expired(user, now=None) -> bool:
    """The account must choose a new password before anything else: an administrator set it, or it is a staff
    password older than GAOXIN["PASSWORD_MAX_AGE_DAYS"]."""
    if user.must_change_password:
        return True
    if not password_expires(user) or user.password_changed_at is None:
        return False
    age = timedelta(days=settings.GAOXIN["PASSWORD_MAX_AGE_DAYS"])
    return user.password_changed_at + age <= (now or timezone.now())
