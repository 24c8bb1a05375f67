"""One login throttle for every way in (issue 15, holes 1 and 2): the login page, the admin's and the API's token route
count failures atomically per account and per source address; a stranger's address being locked leaves the owner
elsewhere signed in; many addresses lock the account and tell the security administrators; locks and unlocks are
audited, and the audit administrator finds the sign-in records on /audit/."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from gaoxin.accounts import throttle
from gaoxin.accounts.models import LoginAttempt, LoginLock, LoginScope, User
from gaoxin.accounts.tasks import tidy_login_throttle
from gaoxin.core.models import AuditEvent
from gaoxin.notifications.models import Kind, Notification
from tests.cases.test_concurrency import race
from tests.support.otp import VerifiedClient

PASSWORD = "gaoxin-demo"
LOCKED = "登录失败次数过多"
STRANGER, OWNER = "10.9.8.7", "10.1.1.1"


def page_login(address: str, username: str, password: str) -> str:
    """The login page's answer: "in", "throttled" or "refused" (wrong password)."""
    response = Client(REMOTE_ADDR=address).post("/accounts/login/", {"username": username, "password": password})
    return _page_outcome(response)


def admin_login(address: str, username: str, password: str) -> str:
    response = Client(REMOTE_ADDR=address).post(
        "/admin/login/", {"username": username, "password": password, "next": "/admin/"}
    )
    return _page_outcome(response)


def _page_outcome(response) -> str:
    if response.status_code == 302:
        return "in"
    text = response.content.decode()
    assert response.status_code == 200, text
    return "throttled" if LOCKED in text else "refused"


def api_login(address: str, username: str, password: str) -> str:
    response = Client(REMOTE_ADDR=address).post(
        "/api/auth/token", {"username": username, "password": password}, content_type="application/json"
    )
    if response.status_code == 429:
        assert LOCKED in response.json()["detail"] and int(response["Retry-After"]) > 0
        return "throttled"
    return {200: "in", 401: "refused"}[response.status_code]


WAYS_IN = {"page": page_login, "admin": admin_login, "api": api_login}


def failures_audited(username: str) -> int:
    return AuditEvent.objects.filter(action="login_failure", data__username=username).count()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("way", WAYS_IN)
def test_forty_parallel_wrong_passwords_never_pass_the_limit(way, settings):
    login, limit = WAYS_IN[way], settings.GAOXIN["LOGIN_THROTTLE"]["ADDRESS_FAILURES"]
    outcomes = race(*[lambda: login(STRANGER, "window", "wrong-guess")] * 40)
    assert outcomes.count("refused") == limit, outcomes
    assert outcomes.count("throttled") == 40 - limit, outcomes
    assert failures_audited("window") == limit
    assert login(STRANGER, "window", PASSWORD) == "throttled", "the right password too, from that address"


@pytest.mark.django_db
@pytest.mark.parametrize("way", WAYS_IN)
def test_the_right_password_from_a_strangers_locked_address_does_not_lock_the_owner_out(way):
    login = WAYS_IN[way]
    for _ in range(5):
        assert login(STRANGER, "window", "wrong-guess") == "refused"
    assert login(STRANGER, "window", PASSWORD) == "throttled"
    assert login(OWNER, "window", PASSWORD) == "in"
    lock = LoginLock.objects.get(username="window")
    assert (lock.scope, lock.address, lock.user.username) == (LoginScope.ADDRESS, STRANGER, "window")


def alert(response) -> str:
    return response.content.decode().split('role="alert">', 1)[1].split("</p>", 1)[0]


@pytest.mark.django_db
def test_a_locked_name_looks_the_same_whether_or_not_the_account_exists():
    answers = []
    for username in ("window", "nobody-has-this-name"):
        for _ in range(5):
            page_login(STRANGER, username, "wrong-guess")
        answers.append(
            alert(Client(REMOTE_ADDR=STRANGER).post("/accounts/login/", {"username": username, "password": "x"}))
        )
    assert answers[0] == answers[1] == "登录失败次数过多，请 15 分钟后再试"


@pytest.fixture
def small_limits(settings):
    """Two failures lock an address; six from anywhere lock the account."""
    limits = {**settings.GAOXIN["LOGIN_THROTTLE"], "ADDRESS_FAILURES": 2, "ACCOUNT_FAILURES": 6}
    settings.GAOXIN = {**settings.GAOXIN, "LOGIN_THROTTLE": limits}


@pytest.mark.django_db
def test_many_addresses_lock_the_account_and_tell_the_security_administrators(
    small_limits, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for host in range(3):
            for _ in range(2):
                assert api_login(f"10.0.0.{host}", "window", "wrong-guess") == "refused"
    assert api_login(OWNER, "window", PASSWORD) == "throttled", "the account itself is locked"
    assert page_login(OWNER, "window", PASSWORD) == "throttled"
    lock = LoginLock.objects.get(username="window", scope=LoginScope.ACCOUNT)
    told = Notification.objects.get(kind=Kind.ACCOUNT_LOCKED)
    assert told.recipient.username == "security" and "window" in told.title
    assert told.link == f"/admin/accounts/loginlock/{lock.pk}/change/"
    locks = AuditEvent.objects.filter(action="login_lock", subject_id=str(lock.user_id))
    assert sorted(e.data["scope"] for e in locks) == ["account", "address", "address", "address"]


@pytest.mark.django_db
def test_one_address_alone_never_locks_the_account_for_its_owner(small_limits):
    """With the defaults' rule (ACCOUNT_FAILURES above what one address may fail in the account's window)."""
    for _ in range(10):
        api_login(STRANGER, "window", "wrong-guess")
    assert not LoginLock.objects.filter(username="window", scope=LoginScope.ACCOUNT).exists()
    assert api_login(OWNER, "window", PASSWORD) == "in"


@pytest.mark.django_db
def test_the_security_administrator_unlocks_in_the_admin_and_it_is_audited(small_limits):
    for _ in range(2):
        page_login(STRANGER, "window", "wrong-guess")
    lock = LoginLock.objects.get(username="window")
    security = VerifiedClient()
    security.force_login(User.objects.get(username="security"))
    response = security.post(
        "/admin/accounts/loginlock/", {"action": "unlock", "_selected_action": [lock.pk]}, follow=True
    )
    assert "已解除 1 个锁定" in response.content.decode()
    assert page_login(STRANGER, "window", PASSWORD) == "in"
    unlock = AuditEvent.objects.get(action="login_unlock")
    assert unlock.actor.username == "security" and unlock.data["remote_addr"] == STRANGER
    assert unlock.data["result"] == "admin"


@pytest.mark.django_db
def test_the_audit_administrator_may_not_unlock(small_limits):
    for _ in range(2):
        page_login(STRANGER, "window", "wrong-guess")
    auditor = VerifiedClient()
    auditor.force_login(User.objects.get(username="auditor"))
    lock = LoginLock.objects.get(username="window")
    auditor.post("/admin/accounts/loginlock/", {"action": "unlock", "_selected_action": [lock.pk]})
    assert LoginLock.objects.get(pk=lock.pk).unlocked_at is None


@pytest.mark.django_db
def test_a_lock_that_ran_out_is_lifted_at_the_next_try_and_audited(small_limits):
    for _ in range(2):
        api_login(STRANGER, "window", "wrong-guess")
    LoginLock.objects.update(until=timezone.now() - timedelta(seconds=1))
    assert api_login(STRANGER, "window", PASSWORD) == "in"
    lock = LoginLock.objects.get(username="window")
    assert lock.unlocked_why == "expired" and lock.unlocked_by is None
    assert AuditEvent.objects.get(action="login_unlock").data["result"] == "expired"


@pytest.mark.django_db
def test_a_wrong_second_factor_counts_as_a_failure(small_limits):
    window = User.objects.get(username="window")
    request = Client(REMOTE_ADDR=STRANGER).get("/healthz").wsgi_request
    throttle.second_factor_failed(request, window)
    throttle.second_factor_failed(request, window)
    assert api_login(STRANGER, "window", PASSWORD) == "throttled"
    assert AuditEvent.objects.filter(action="login_failure", data__result="second_factor").count() == 2


@pytest.mark.django_db
def test_sign_ins_are_on_the_audit_page_with_the_name_tried_and_the_address():
    page_login(STRANGER, "nobody-has-this-name", "wrong-guess")
    owner = Client(REMOTE_ADDR=OWNER)
    owner.post("/accounts/login/", {"username": "window", "password": PASSWORD})
    owner.post("/accounts/logout/")
    api_login(OWNER, "applicant", PASSWORD)
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", "data__remote_addr"))
    assert actions[-4:] == [
        ("login_failure", STRANGER),
        ("login", OWNER),
        ("logout", OWNER),
        ("token_issue", OWNER),
    ]
    auditor = VerifiedClient()
    auditor.force_login(User.objects.get(username="auditor"))
    page = auditor.get("/audit/", {"kind": "login"}).content.decode()
    assert "登录记录" in page and "nobody-has-this-name" in page and STRANGER in page
    assert "<code>token_issue</code>" in page and "<code>logout</code>" in page
    shown = auditor.get("/audit/", {"kind": "login", "actor": "nobody-has-this-name"}).context["page"]
    assert [e.action for e in shown] == ["login_failure"]


@pytest.mark.django_db
def test_the_scheduled_tidy_lifts_locks_that_ran_out_and_forgets_old_counts(small_limits):
    for _ in range(2):
        api_login(STRANGER, "window", "wrong-guess")
    api_login(OWNER, "nobody-has-this-name", "wrong-guess")
    LoginLock.objects.update(until=timezone.now() - timedelta(seconds=1))
    LoginAttempt.objects.filter(username="nobody-has-this-name").update(
        window_started_at=timezone.now() - timedelta(days=1)
    )
    assert tidy_login_throttle.call() == 1
    assert AuditEvent.objects.get(action="login_unlock").data["result"] == "expired"
    left = LoginAttempt.objects.filter(username__in=["window", "nobody-has-this-name"])
    assert [(row.username, row.address) for row in left] == [("window", "*")], "the count from everywhere is recent"
