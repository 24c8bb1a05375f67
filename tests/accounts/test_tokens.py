"""Bearer tokens end: at their lifetime, when their owner or an administrator revokes them, at logout, at a password
change and at deactivation (issue 15, hole 4). Each issue and revocation is on the account's audit chain."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from gaoxin.accounts.models import ApiToken, User
from gaoxin.core.models import AuditEvent
from tests.support.otp import VerifiedClient

pytestmark = pytest.mark.django_db

PASSWORD = "gaoxin-demo"


def issue(client, username="applicant") -> tuple[str, dict]:
    response = client.post("/api/auth/token", {"username": username, "password": PASSWORD}, "application/json")
    assert response.status_code == 200, response.content
    token = response.json()["token"]
    return token, {"Authorization": f"Bearer {token}"}


def me(client, headers) -> int:
    return client.get("/api/auth/me", headers=headers).status_code


def test_a_token_states_its_expiry_and_stops_working_then(client, settings):
    response = client.post("/api/auth/token", {"username": "window", "password": PASSWORD}, "application/json")
    expires = timezone.datetime.fromisoformat(response.json()["expires_at"])
    staff_hours = settings.GAOXIN["TOKEN_HOURS_STAFF"]
    assert abs(expires - (timezone.now() + timedelta(hours=staff_hours))) < timedelta(minutes=1)
    headers = {"Authorization": f"Bearer {response.json()['token']}"}
    assert me(client, headers) == 200
    ApiToken.objects.filter(user__username="window").update(expires_at=timezone.now() - timedelta(seconds=1))
    assert me(client, headers) == 401


def test_an_applicant_token_lives_longer_than_a_staff_one(client, settings):
    _, _headers = issue(client, "applicant")
    token = ApiToken.objects.get(user__username="applicant")
    assert token.expires_at - token.created_at > timedelta(hours=settings.GAOXIN["TOKEN_HOURS_STAFF"])


def test_the_owner_revokes_the_token_they_call_with_and_it_is_401_after(client):
    _, kept = issue(client)
    _, ended = issue(client)
    response = client.delete("/api/auth/token", headers=ended)
    assert response.json() == {"revoked": 1}
    assert me(client, ended) == 401
    assert me(client, kept) == 200, "only the token the request carried"
    listed = client.get("/api/auth/tokens", headers=kept).json()
    assert sorted((t["live"], t["revoked_why"]) for t in listed) == [(False, "owner"), (True, "")]
    assert client.delete("/api/auth/tokens", headers=kept).json() == {"revoked": 1}
    assert me(client, kept) == 401


def test_logging_out_of_the_site_ends_the_account_tokens(client):
    _, headers = issue(client)
    browser = Client()
    browser.login(username="applicant", password=PASSWORD)
    browser.post("/accounts/logout/")
    assert me(client, headers) == 401


def test_a_password_change_ends_tokens_issued_before_it(client):
    _, headers = issue(client)
    user = User.objects.get(username="applicant")
    user.set_password("another-long-Passw0rd")
    user.save()
    assert me(client, headers) == 401


def test_deactivating_an_account_in_the_admin_revokes_its_tokens(client):
    _, headers = issue(client, "applicant2")
    admin = VerifiedClient()  # a security administrator past the second factor
    admin.force_login(User.objects.get(username="security"))  # accounts are the security administrator's
    user = User.objects.get(username="applicant2")
    page = admin.get(f"/admin/accounts/user/{user.pk}/change/")
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and not isinstance(value, list)}
    data.update(
        {
            "is_active": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
            "last_login_0": "",
            "last_login_1": "",
        }
    )
    response = admin.post(f"/admin/accounts/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    assert ApiToken.objects.get(user=user).revoked_why == "deactivated"
    assert me(client, headers) == 401


def test_an_administrator_revokes_a_token_from_the_admin(client):
    _, headers = issue(client)
    admin = VerifiedClient()  # a security administrator past the second factor
    admin.force_login(User.objects.get(username="security"))  # accounts are the security administrator's
    token = ApiToken.objects.get(user__username="applicant")
    response = admin.post(
        "/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}, follow=True
    )
    assert "已注销 1 个令牌" in response.content.decode()
    assert me(client, headers) == 401


def test_use_is_recorded_and_issue_and_revocation_are_audited(client):
    _, headers = issue(client)
    assert me(client, headers) == 200
    token = ApiToken.objects.get(user__username="applicant")
    assert token.last_used_at is not None
    client.delete("/api/auth/token", headers=headers)
    user = User.objects.get(username="applicant")
    actions = list(
        AuditEvent.objects.filter(subject_type="user", subject_id=str(user.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["token_issue", "token_revoke"]
