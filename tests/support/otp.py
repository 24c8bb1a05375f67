"""The second factor in tests: the code an authenticator would show now, and a test client whose force_login also
verifies the session with the account's authenticator (force_login skips the password, login checks only the
password; both skip the code alike)."""

import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def current_code(device: TOTPDevice) -> str:
    """The code the device's authenticator shows, or the next one when this one was used (a code works once)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:  # used already: the next step's code is within the accepted drift
        totp.time += (device.last_t + 1 - totp.t()) * device.step
    return f"{totp.token():0{device.digits}d}"


def code_for(user) -> str:
    return current_code(TOTPDevice.objects.get(user=user, confirmed=True))


class VerifiedClient(Client):
    """login() and force_login() both end in _login: past the password, past the second factor too."""

    def _login(self, user, backend=None):
        super()._login(user, backend)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
