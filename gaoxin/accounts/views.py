"""Signing in and out, the second factor, and the password pages (身份鉴别, GB/T 22239-2019 8.1.4.1)."""

import base64

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from gaoxin.accounts import actions
from gaoxin.accounts.demo import demo_second_factor_keys
from gaoxin.accounts.forms import CodeForm, LoginForm, PasswordChangeForm, ResetCompleteForm, ResetRequestForm
from gaoxin.accounts.models import Role
from gaoxin.accounts.passwords import password_expired
from gaoxin.accounts.signin import confirmed_device, second_factor_passed, verify_second_factor
from gaoxin.core.errors import DomainError
from gaoxin.core.qr import qr_svg

# The account named on the reset page, kept for the code page (never a sign that it exists).
RESET_ACCOUNT_SESSION_KEY = "gaoxin_reset_account"


class LoginView(auth_views.LoginView):
    """The password, through django.contrib.auth.authenticate(request, …) (AuthenticationForm), for the site and the
    admin site alike, in the throttle's form (gaoxin.accounts.forms). A person with a second factor is then held at
    the code page by AccountGateMiddleware."""

    authentication_form = LoginForm

    def form_valid(self, form):
        response = super().form_valid(form)
        if password_expired(form.get_user()):
            actions.password_expiry_recorded(user=form.get_user())
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.GAOXIN["DEVELOPMENT"]:
            context["demo_second_factors"] = demo_second_factor_keys()
        return context


def _next_or_home(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return settings.LOGIN_REDIRECT_URL


def _page(request, template: str, context: dict, failed: bool):
    return render(request, template, {"next": _next_or_home(request), **context}, status=400 if failed else 200)


def _refused(form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@never_cache
@sensitive_post_parameters("code")
@login_required
def login_code(request):
    """The second step for a person with an authenticator: its current code."""
    device = confirmed_device(request.user)
    if device is None or request.user.is_verified():
        return redirect(_next_or_home(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if verify_second_factor(request, request.user, device, form.cleaned_data["code"]):
            second_factor_passed(request, device)
            return redirect(_next_or_home(request))
        form.add_error("code", _("动态口令错误或已使用，请输入手机上显示的最新口令"))
    return _page(request, "accounts/login_code.html", {"form": form}, request.method == "POST")


@never_cache
@sensitive_post_parameters("code")
@login_required
def second_factor(request):
    """Enrol an authenticator (required of administrators before anything else; offered to all staff)."""
    if request.user.role == Role.APPLICANT:
        raise Http404
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = actions.second_factor_confirm(request=request, user=request.user, code=form.cleaned_data["code"])
        except DomainError as refused:
            _refused(form, refused)
        else:
            second_factor_passed(request, device)
            messages.success(request, _("动态口令已绑定，以后登录时须输入手机上的口令。"))
            return redirect(_next_or_home(request))
    device = actions.second_factor_enrolment(user=request.user)
    context = {
        "form": form,
        "qr": qr_svg(device.config_url),
        "secret": base64.b32encode(device.bin_key).decode(),
        "enrolled": confirmed_device(request.user) is not None,
    }
    return _page(request, "accounts/second_factor.html", context, request.method == "POST")


@never_cache
@sensitive_post_parameters("old_password", "new_password", "new_password_again")
@login_required
def password_change(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.password_change(
                user=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except DomainError as refused:
            _refused(form, refused)
        else:
            update_session_auth_hash(request, user)  # this session goes on; the account's tokens end
            messages.success(request, _("密码已修改。"))
            return redirect(_next_or_home(request))
    context = {"form": form, "expired": password_expired(request.user)}
    return _page(request, "accounts/password_change.html", context, request.method == "POST")


@never_cache
def password_reset(request):
    """Step one of a forgotten password: the account, to which a code is sent (the answer is the same either way)."""
    form = ResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        account = form.cleaned_data["account"]
        actions.password_reset_request(account=account, remote_addr=request.META.get("REMOTE_ADDR"))
        request.session[RESET_ACCOUNT_SESSION_KEY] = account
        return redirect("password-reset-code")
    return _page(request, "accounts/password_reset.html", {"form": form}, request.method == "POST")


@never_cache
@sensitive_post_parameters("code", "new_password", "new_password_again")
def password_reset_code(request):
    """Step two: the code that was sent, and the new password."""
    account = request.session.get(RESET_ACCOUNT_SESSION_KEY)
    if not account:
        return redirect("password-reset")
    form = ResetCompleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.password_reset_complete(
                account=account, code=form.cleaned_data["code"], new_password=form.cleaned_data["new_password"]
            )
        except DomainError as refused:
            _refused(form, refused)
        else:
            del request.session[RESET_ACCOUNT_SESSION_KEY]
            messages.success(request, _("密码已重置，请用新密码登录。"))
            return redirect("login")
    minutes = settings.GAOXIN["SIGN_IN_CODE_MINUTES"]
    return _page(
        request, "accounts/password_reset_code.html", {"form": form, "minutes": minutes}, request.method == "POST"
    )
