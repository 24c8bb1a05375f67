"""The second factor (issue 15, hole 11; GB/T 22239-2019 8.1.4.1 d): administrators sign in with a TOTP code after
their password, on the site, the admin site and the API; an administrator without an authenticator reaches nothing
until they enrol one; other staff may enrol."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from gaoxin.accounts.models import ApiToken, TokenRevocation, User
from gaoxin.accounts.tasks import disable_unused_accounts
from gaoxin.core.models import AuditEvent
from gaoxin.jobs.schedule import SCHEDULE
from tests.support.otp import code_for, current_code

pytestmark = pytest.mark.django_db

DEMO = "gaoxin-demo"


def sign_in(browser, username: str, path: str = "/accounts/login/"):
    return browser.post(path, {"username": username, "password": DEMO, "next": "/admin/"})


@pytest.fixture
def no_backoff(settings):
    """django-otp also makes a device wait 1, 2, 4 … seconds after each wrong code; these tests try the right one at
    once after a wrong one."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def test_an_administrator_signs_in_with_password_then_code(no_backoff):
    browser = Client()
    assert sign_in(browser, "admin").status_code == 302
    held = browser.get("/admin/")
    assert held.status_code == 302 and held["Location"] == "/accounts/login/code/?next=/admin/"
    assert browser.get("/audit/").status_code == 302, "nothing is reachable before the code"
    wrong = browser.post("/accounts/login/code/", {"code": "000000", "next": "/admin/"})
    assert wrong.status_code == 400 and "动态口令错误" in wrong.content.decode()
    right = browser.post(
        "/accounts/login/code/", {"code": code_for(User.objects.get(username="admin")), "next": "/admin/"}
    )
    assert right.status_code == 302 and right["Location"] == "/admin/"
    assert browser.get("/admin/").status_code == 200
    steps = AuditEvent.objects.filter(subject_type="user", subject_id=str(User.objects.get(username="admin").pk))
    assert [e.action for e in steps.filter(action__startswith="login").order_by("pk")] == [
        "login",
        "login_failure",
        "login_second_factor",
    ], "the password and the code are two recorded steps of one sign-in"


def test_django_otp_makes_a_device_wait_after_a_wrong_code():
    browser = Client()
    sign_in(browser, "auditor")
    browser.post("/accounts/login/code/", {"code": "000000"})
    assert (
        browser.post("/accounts/login/code/", {"code": code_for(User.objects.get(username="auditor"))}).status_code
        == 400
    )


def test_the_admin_sites_login_page_is_the_same_two_steps():
    browser = Client()
    assert sign_in(browser, "security", "/admin/login/").status_code == 302
    assert browser.get("/admin/")["Location"].startswith("/accounts/login/code/")
    browser.post("/accounts/login/code/", {"code": code_for(User.objects.get(username="security"))})
    assert browser.get("/admin/").status_code == 200


def test_a_code_works_once():
    security = User.objects.get(username="security")
    first = Client()
    sign_in(first, "security")
    code = code_for(security)
    assert first.post("/accounts/login/code/", {"code": code}).status_code == 302
    second = Client()
    sign_in(second, "security")
    assert second.post("/accounts/login/code/", {"code": code}).status_code == 400


def token(client, username: str, **extra):
    return client.post("/api/auth/token", {"username": username, "password": DEMO, **extra}, "application/json")


def test_the_api_token_route_asks_an_administrator_for_the_code(client, no_backoff):
    missing = token(client, "auditor")
    assert missing.status_code == 401 and missing.json()["field"] == "otp"
    assert token(client, "auditor", otp="000000").status_code == 401
    given = token(client, "auditor", otp=code_for(User.objects.get(username="auditor")))
    assert given.status_code == 200
    assert token(client, "window").status_code == 200, "staff without an authenticator need no code"


def test_an_administrator_without_an_authenticator_must_enrol_before_anything_else(client, no_backoff):
    admin = User.objects.get(username="admin")
    TOTPDevice.objects.filter(user=admin).delete()
    refused = token(client, "admin")
    assert refused.status_code == 403 and "绑定动态口令" in refused.json()["detail"]
    browser = Client()
    sign_in(browser, "admin")
    for path in ("/admin/", "/catalog/", "/accounts/password/"):
        assert browser.get(path)["Location"].startswith("/accounts/second-factor/"), path
    page = browser.get("/accounts/second-factor/")
    assert page.status_code == 200 and page.context["qr"].startswith("data:image/svg+xml;base64,")
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    assert page.context["secret"]
    assert browser.post("/accounts/second-factor/", {"code": "000000"}).status_code == 400
    enrolled = browser.post("/accounts/second-factor/", {"code": current_code(device), "next": "/admin/"})
    assert enrolled.status_code == 302 and enrolled["Location"] == "/admin/"
    assert browser.get("/admin/").status_code == 200
    assert AuditEvent.objects.filter(subject_id=str(admin.pk), action="second_factor_enrol").exists()
    again = Client()
    sign_in(again, "admin")
    assert again.get("/admin/")["Location"].startswith("/accounts/login/code/"), "the next sign-in asks for the code"


def test_other_staff_may_enrol_and_then_sign_in_with_the_code_too():
    window = User.objects.get(username="window")
    browser = Client()
    sign_in(browser, "window")
    assert browser.get("/notifications/").status_code == 200, "not required of a clerk"
    browser.get("/accounts/second-factor/")
    device = TOTPDevice.objects.get(user=window, confirmed=False)
    assert browser.post("/accounts/second-factor/", {"code": current_code(device)}).status_code == 302
    later = Client()
    sign_in(later, "window")
    assert later.get("/notifications/")["Location"].startswith("/accounts/login/code/")
    assert token(Client(), "window").status_code == 401


def test_applicants_have_no_enrolment_page():
    browser = Client()
    sign_in(browser, "applicant")
    assert browser.get("/accounts/second-factor/").status_code == 404


def test_the_login_page_shows_the_demo_keys_in_development_mode_only(settings):
    assert "演示密钥" not in Client().get("/accounts/login/").content.decode()
    settings.GAOXIN = {**settings.GAOXIN, "DEVELOPMENT": True}
    shown = Client().get("/accounts/login/").content.decode()
    assert "演示密钥" in shown and "admin：" in shown


# --- accounts nobody uses ----------------------------------------------------------------------------------------


def test_the_daily_job_disables_accounts_unused_for_the_configured_time(client, settings):
    settings.GAOXIN = {**settings.GAOXIN, "ACCOUNT_UNUSED_DAYS": 30}
    now = timezone.now()
    long_ago = now - timedelta(days=31)
    User.objects.filter(username__in=["leader", "leader2", "stats"]).update(last_login=long_ago, date_joined=long_ago)
    User.objects.filter(username="tax").update(last_login=now - timedelta(days=2))
    issued = token(client, "leader2").json()["token"]
    ApiToken.objects.filter(user__username="leader2").update(last_used_at=now - timedelta(days=1))
    stale = token(client, "stats").json()["token"]
    User.objects.exclude(username__in=["leader", "leader2", "stats"]).update(last_login=now)

    assert disable_unused_accounts.call(now=now)["disabled"] == 2
    active = dict(
        User.objects.filter(username__in=["leader", "leader2", "stats", "tax"]).values_list("username", "is_active")
    )
    assert active == {"leader": False, "leader2": True, "stats": False, "tax": True}, (
        "a token used lately counts as use"
    )
    assert ApiToken.objects.get(user__username="stats").revoked_why == TokenRevocation.DEACTIVATED
    assert client.get("/api/auth/me", headers={"Authorization": f"Bearer {stale}"}).status_code == 401
    assert client.get("/api/auth/me", headers={"Authorization": f"Bearer {issued}"}).status_code == 200
    leader = User.objects.get(username="leader")
    assert AuditEvent.objects.filter(subject_id=str(leader.pk), action="account_disabled_unused").count() == 1
    assert disable_unused_accounts.call(now=now)["disabled"] == 0
    assert any(job.task is disable_unused_accounts for job in SCHEDULE)
