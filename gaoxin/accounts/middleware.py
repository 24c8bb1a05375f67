"""Holds a signed-in person at the page of what they owe before they reach anything else: the second factor (its
code, or its enrolment for an administrator who has none), then a new password when theirs expired or an
administrator set it. Runs after django-otp's OTPMiddleware (is_verified) and Django's MessageMiddleware."""

from urllib.parse import quote

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from gaoxin.accounts.passwords import password_expired
from gaoxin.accounts.signin import HAS_DEVICE_SESSION_KEY, second_factor_owed

# The pages a held person may still use: the ones that settle what they owe, leaving, the language and the assets.
OPEN_PREFIXES = ("/static/", "/i18n/", "/healthz")


class AccountGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith(OPEN_PREFIXES):
            return self.get_response(request)
        owed = self._owed_page(request)
        if owed is None or request.path in {owed, reverse("logout")}:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": _("请先在网页上完成登录验证或修改密码"), "code": "sign_in_incomplete"}, status=403
            )
        return redirect(f"{owed}?next={quote(request.get_full_path(), safe='/')}" if request.method == "GET" else owed)

    @staticmethod
    def _owed_page(request) -> str | None:
        if second_factor_owed(request):
            if request.session.get(HAS_DEVICE_SESSION_KEY):
                return reverse("login-code")
            return reverse("second-factor")
        if password_expired(request.user):
            return reverse("password-change")
        return None
