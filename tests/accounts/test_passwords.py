"""身份鉴别 (issue 15, hole 11; GB/T 22239-2019 8.1.4.1 a): the password rules, their expiry, and a person changing
their own password on the page and through the API — which ends the account's tokens."""

import json
from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from gaoxin.accounts.models import ApiToken, PasswordHistory, User
from gaoxin.core.models import AuditEvent
from tests.support.otp import VerifiedClient

pytestmark = pytest.mark.django_db

DEMO = "gaoxin-demo"
GOOD = "Kaifaqu-2026"


def refusal(password: str, user=None) -> str:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return "".join(error.messages)
    return ""


@pytest.mark.parametrize(
    "password",
    ["Kaifaqu2026", "kaifaqu-2026", "KAIFAQU-2026", "Kaifaqu-gxq", "高新Kaifaqu2026"],
    ids=["upper-lower-digit", "lower-digit-symbol", "upper-digit-symbol", "upper-lower-symbol", "with-chinese"],
)
def test_ten_characters_of_three_classes_are_accepted(password):
    assert refusal(password) == ""


@pytest.mark.parametrize(
    "password, says",
    [
        ("Kq-2026x!", "至少须有 10 个字符"),  # 9 characters, 4 classes
        ("kaifaqugaoxin", "至少 3 类"),  # lower only
        ("kaifaqu2026", "至少 3 类"),  # lower and digits
        ("KAIFAQU-GXQ", "至少 3 类"),  # upper and symbol
        ("2026-0815-99", "至少 3 类"),  # digits and symbol
    ],
)
def test_short_or_two_class_passwords_are_refused_in_chinese(password, says):
    assert says in refusal(password)


def test_none_of_the_last_five_passwords_again():
    user = User.objects.get(username="window")
    used = [f"Kaifaqu-{n}0{n}" for n in range(1, 7)]
    for password in used[:5]:
        _change(user, password)
    for password in used[:5]:
        assert "最近 5 次" in refusal(password, user), password
    _change(user, used[5])
    assert refusal(used[0], user) == "", "the sixth back is allowed again"
    assert PasswordHistory.objects.filter(user=user).count() == 5
    assert all(row.password.startswith("argon2") for row in PasswordHistory.objects.filter(user=user)), "hashes only"


def _change(user, password):
    assert refusal(password, user) == "", password
    user.set_password(password)
    user.save()


def test_an_expired_staff_password_must_be_changed_before_anything_else(client, settings):
    User.objects.filter(username="window").update(password_changed_at=timezone.now() - timedelta(days=91))
    browser = Client()
    response = browser.post("/accounts/login/", {"username": "window", "password": DEMO})
    assert response.status_code == 302
    held = browser.get("/notifications/")
    assert held.status_code == 302 and held["Location"] == "/accounts/password/?next=/notifications/"
    assert "已过期" in browser.get("/accounts/password/").content.decode()
    assert browser.get("/api/auth/me").status_code == 403, "the API by the session is held too"
    token = client.post("/api/auth/token", {"username": "window", "password": DEMO}, "application/json")
    assert token.status_code == 403 and "过期" in token.json()["detail"]
    window = User.objects.get(username="window")
    assert AuditEvent.objects.filter(subject_type="user", subject_id=str(window.pk), action="password_expired").exists()
    changed = browser.post(
        "/accounts/password/",
        {"old_password": DEMO, "new_password": GOOD, "new_password_again": GOOD, "next": "/notifications/"},
    )
    assert changed.status_code == 302 and changed["Location"] == "/notifications/"
    assert browser.get("/notifications/").status_code == 200, "the session goes on with the new password"


def test_an_applicant_password_does_not_expire():
    User.objects.filter(username="applicant").update(password_changed_at=timezone.now() - timedelta(days=400))
    browser = Client()
    browser.post("/accounts/login/", {"username": "applicant", "password": DEMO})
    assert browser.get("/portal/").status_code == 200


def test_a_password_the_security_administrator_sets_is_changed_at_the_next_login():
    security = VerifiedClient()
    security.force_login(User.objects.get(username="security"))
    target = User.objects.get(username="stats")
    response = security.post(
        f"/admin/accounts/user/{target.pk}/password/", {"password1": GOOD, "password2": GOOD, "usable_password": "true"}
    )
    assert response.status_code == 302, response.content[:500]
    target.refresh_from_db()
    assert target.must_change_password
    assert AuditEvent.objects.filter(subject_id=str(target.pk), action="password_set_by_admin").exists()
    browser = Client()
    browser.post("/accounts/login/", {"username": "stats", "password": GOOD})
    assert browser.get("/economy/")["Location"].startswith("/accounts/password/")


def test_the_admin_site_refuses_a_weak_password_too():
    security = VerifiedClient()
    security.force_login(User.objects.get(username="security"))
    target = User.objects.get(username="stats")
    response = security.post(
        f"/admin/accounts/user/{target.pk}/password/",
        {"password1": "kaifaqu2026", "password2": "kaifaqu2026", "usable_password": "true"},
    )
    assert response.status_code == 200 and "至少 3 类" in response.content.decode()


def token_headers(client, username="applicant") -> dict:
    response = client.post("/api/auth/token", {"username": username, "password": DEMO}, "application/json")
    return {"Authorization": f"Bearer {response.json()['token']}"}


def test_changing_the_password_on_the_page_ends_the_tokens_and_is_audited(client):
    headers = token_headers(client)
    browser = Client()
    browser.post("/accounts/login/", {"username": "applicant", "password": DEMO})
    weak = browser.post(
        "/accounts/password/", {"old_password": DEMO, "new_password": "short", "new_password_again": "short"}
    )
    assert weak.status_code == 400 and "至少" in weak.content.decode()
    wrong = browser.post(
        "/accounts/password/", {"old_password": "nope", "new_password": GOOD, "new_password_again": GOOD}
    )
    assert wrong.status_code == 400 and "原密码不正确" in wrong.content.decode()
    assert client.get("/api/auth/me", headers=headers).status_code == 200, "a refused change ends nothing"
    done = browser.post("/accounts/password/", {"old_password": DEMO, "new_password": GOOD, "new_password_again": GOOD})
    assert done.status_code == 302
    assert client.get("/api/auth/me", headers=headers).status_code == 401
    assert browser.get("/portal/").status_code == 200
    applicant = User.objects.get(username="applicant")
    assert applicant.check_password(GOOD)
    assert AuditEvent.objects.filter(subject_id=str(applicant.pk), action="password_change").count() == 1


def test_changing_the_password_through_the_api_ends_every_token(client):
    headers, other = token_headers(client), token_headers(client)
    weak = client.post(
        "/api/auth/password", {"old_password": DEMO, "new_password": "kaifaqu2026"}, "application/json", headers=headers
    )
    assert weak.status_code == 400 and weak.json()["field"] == "new_password" and "至少 3 类" in weak.json()["detail"]
    wrong = client.post(
        "/api/auth/password", {"old_password": "x", "new_password": GOOD}, "application/json", headers=headers
    )
    assert wrong.status_code == 400 and wrong.json()["field"] == "old_password"
    done = client.post(
        "/api/auth/password", {"old_password": DEMO, "new_password": GOOD}, "application/json", headers=headers
    )
    assert done.status_code == 200 and done.json() == {"changed": True}
    assert client.get("/api/auth/me", headers=headers).status_code == 401
    assert client.get("/api/auth/me", headers=other).status_code == 401
    assert ApiToken.objects.filter(user__username="applicant").count() == 2
    fresh = client.post("/api/auth/token", {"username": "applicant", "password": GOOD}, "application/json")
    assert fresh.status_code == 200


@pytest.mark.parametrize("field", ["old_password", "new_password"])
def test_a_lone_surrogate_in_a_password_is_a_400_not_a_500(client, field):
    headers = token_headers(client)
    body = {"old_password": DEMO, "new_password": GOOD, field: "Kaifaqu-\ud800x"}
    response = client.post("/api/auth/password", json.dumps(body), "application/json", headers=headers)
    # Refused before the view, by the middleware that reads every text of a request (gaoxin.core.middleware).
    assert response.status_code == 400 and "无法识别" in response.json()["detail"]
