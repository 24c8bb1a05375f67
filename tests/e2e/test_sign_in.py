"""Signing in with a second factor, enrolling one, changing and resetting a password — in the browser, at a desktop
and a phone width (issue 15, hole 11). Screenshots go to docs/screenshots/ under `make screenshots`."""

import re

import pytest
from django.core import mail
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from gaoxin.accounts.models import User
from gaoxin.notifications.actions import deliveries_send_pending
from tests.e2e.conftest import DESKTOP, PHONE, screenshot
from tests.support.otp import current_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW = "Kaifaqu-2026"


@pytest.mark.parametrize("viewport, suffix", [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_an_administrator_signs_in_with_the_code(new_page, viewport, suffix):
    page = new_page(viewport=viewport)
    page.goto("/admin/")
    page.get_by_label("用户名").fill("security")
    page.get_by_label("密码").fill("gaoxin-demo")
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/code/"))
    page.get_by_label("动态口令").fill("000000")
    page.get_by_role("button", name="验证").click()
    expect(page.get_by_text("动态口令错误")).to_be_visible()
    screenshot(page, f"sign-in-code-{suffix}")
    page.wait_for_timeout(1100)  # django-otp makes the device wait a second after a wrong code
    page.get_by_label("动态口令").fill(current_code(TOTPDevice.objects.get(user__username="security")))
    page.get_by_role("button", name="验证").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


@pytest.mark.parametrize("viewport, suffix", [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_an_administrator_without_an_authenticator_enrols_one(new_page, viewport, suffix):
    TOTPDevice.objects.filter(user__username="auditor").delete()
    page = new_page(viewport=viewport)
    page.goto("/accounts/login/?next=/audit/")
    page.get_by_label("用户名").fill("auditor")
    page.get_by_label("密码").fill("gaoxin-demo")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="绑定动态口令")).to_be_visible()
    expect(page.get_by_role("img", name="动态口令二维码")).to_be_visible()
    screenshot(page, f"second-factor-enrol-{suffix}")
    device = TOTPDevice.objects.get(user__username="auditor", confirmed=False)
    page.get_by_label("动态口令").fill(current_code(device))
    page.get_by_role("button", name="绑定").click()
    expect(page).to_have_url(re.compile(r"/audit/"))


@pytest.mark.parametrize("viewport, suffix", [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_a_clerk_changes_the_password(new_page, viewport, suffix):
    page = new_page("window", viewport=viewport)
    page.goto("/accounts/password/")
    page.get_by_label("原密码").fill("gaoxin-demo")
    page.get_by_label("新密码", exact=True).fill("kaifaqu2026")
    page.get_by_label("再次输入新密码").fill("kaifaqu2026")
    page.get_by_role("button", name="修改密码").click()
    expect(page.get_by_text("至少 3 类").first).to_be_visible()
    screenshot(page, f"password-change-{suffix}")
    page.get_by_label("原密码").fill("gaoxin-demo")
    page.get_by_label("新密码", exact=True).fill(NEW)
    page.get_by_label("再次输入新密码").fill(NEW)
    page.get_by_role("button", name="修改密码").click()
    expect(page.get_by_text("密码已修改。")).to_be_visible()
    assert User.objects.get(username="window").check_password(NEW)


@pytest.mark.parametrize("viewport, suffix", [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_a_forgotten_password_is_reset_by_an_e_mailed_code(new_page, settings, viewport, suffix):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    User.objects.filter(username="leader").update(email="zhao@example.gov.cn")
    page = new_page(viewport=viewport)
    page.goto("/accounts/login/")
    page.get_by_role("link", name="忘记密码？").click()
    page.get_by_label("用户名、邮箱或手机号").fill("leader")
    screenshot(page, f"password-reset-{suffix}")
    page.get_by_role("button", name="发送验证码").click()
    expect(page.get_by_role("heading", name="重置密码")).to_be_visible()
    deliveries_send_pending()
    code = re.search(r"\d{6}", mail.outbox[-1].body).group()
    page.get_by_label("验证码").fill(code)
    page.get_by_label("新密码", exact=True).fill(NEW)
    page.get_by_label("再次输入新密码").fill(NEW)
    screenshot(page, f"password-reset-code-{suffix}")
    page.get_by_role("button", name="重置密码").click()
    expect(page.get_by_text("密码已重置，请用新密码登录。")).to_be_visible()
    assert User.objects.get(username="leader").check_password(NEW)
