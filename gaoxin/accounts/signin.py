"""The second factor (GB/T 22239-2019 8.1.4.1 d: 两种或两种以上组合的鉴别技术): a TOTP authenticator (django-otp).

Every administrator role and anyone on the admin site must have one, and reaches nothing until it is enrolled and
the session verified with it; other staff may enrol one, and then sign in with it as well. The login page, the code
page and the API's token route all check a code through verify_second_factor, and every wrong code passes through
second_factor_failed — one place, so that a throttle of sign-in failures can count them.
"""

import logging

import django_otp
from django_otp.plugins.otp_totp.models import TOTPDevice

from gaoxin.accounts import throttle
from gaoxin.accounts.models import ADMINISTRATOR_ROLES, User
from gaoxin.core.clients import client_address

logger = logging.getLogger(__name__)

# The name an enrolled device gets; one per account.
DEVICE_NAME = "authenticator"


def second_factor_required(user: User) -> bool:
    return user.is_staff or user.role in ADMINISTRATOR_ROLES


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


# Whether the account had a confirmed device when the session signed in: read on every request without a query.
HAS_DEVICE_SESSION_KEY = "gaoxin_has_second_factor"


def remember_device_on_login(sender, request, user, **kwargs) -> None:
    """Django's user_logged_in signal (every login, the test client's force_login too)."""
    if request is not None and hasattr(request, "session"):
        request.session[HAS_DEVICE_SESSION_KEY] = confirmed_device(user) is not None


def second_factor_owed(request) -> bool:
    """The signed-in person has (or must have) a second factor and this session has not been verified with it."""
    if request.user.is_verified():
        return False
    return second_factor_required(request.user) or request.session.get(HAS_DEVICE_SESSION_KEY, False)


def verify_second_factor(request, user: User, device: TOTPDevice, code: str) -> bool:
    """Check a code from the person's authenticator (each code works once); a wrong one is a failed sign-in."""
    code = (code or "").strip()
    if code.isdigit() and len(code) == device.digits and device.verify_token(code):
        return True
    second_factor_failed(request, user)
    return False


def second_factor_passed(request, device: TOTPDevice) -> None:
    """The session is verified with the person's authenticator: recorded as the second step of the sign-in (the
    first, "login", was the password), so the audit trail tells a whole sign-in from a password alone."""
    django_otp.login(request, device)
    throttle.audit_sign_in(request, request.user, "login_second_factor", device=device.pk)


def second_factor_failed(request, user: User) -> None:
    """A wrong second-factor code: the password was right, so this is someone holding it without the device. It
    counts in the login throttle like a wrong password (LoginThrottled once the count is full)."""
    logger.warning("Wrong second-factor code for %s from %s", user.username, client_address(request))
    throttle.second_factor_failed(request, user)
