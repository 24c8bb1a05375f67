import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files of a test go to its own folder, never into var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _audit_checkpoints_in_tmp(settings, tmp_path, monkeypatch):
    """A test's audit checkpoints go to its own folder (and that of the manage.py it starts), never into var/: they
    are compared with the test's database only."""
    folder = tmp_path / "audit-checkpoints"
    settings.GAOXIN = {**settings.GAOXIN, "AUDIT_CHECKPOINT_DIR": folder}
    monkeypatch.setenv("GAOXIN_AUDIT_CHECKPOINT_DIR", str(folder))


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (Chinese). LocaleMiddleware activates a request's language in the
    thread that serves it, and the test client serves requests in the test's own thread: without this, one test's
    English request would leave English active for the next test's direct gettext calls."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The demo catalog, accounts, key projects and economy, loaded once per test database; each test runs in a
    rolled-back transaction."""
    from gaoxin.accounts.demo import load_demo_accounts
    from gaoxin.catalog.demo import load_demo_catalog
    from gaoxin.economy.demo_economy import load_demo_economy
    from gaoxin.projects.demo import load_demo_projects

    with django_db_blocker.unblock():
        load_demo_catalog()
        load_demo_accounts()
        load_demo_projects()
        load_demo_economy()


@pytest.fixture
def client():
    """Django's test client, whose force_login also verifies the account's second factor (tests/support/otp.py); a
    test of the second factor itself signs in through the pages."""
    from tests.support.otp import VerifiedClient

    return VerifiedClient()


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's, as the client above: its admin_user is the demo's system administrator."""
    from tests.support.otp import VerifiedClient

    client = VerifiedClient()
    client.force_login(admin_user)
    return client


class Api:
    """Calls the JSON API as one demo account, with a bearer token from POST /api/auth/token."""

    def __init__(self, client, username: str):
        self.client = client
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from tests.support.otp import current_code

        credentials = {"username": username, "password": "gaoxin-demo"}
        if device := TOTPDevice.objects.filter(user__username=username, confirmed=True).first():
            credentials["otp"] = current_code(device)
        response = client.post("/api/auth/token", credentials, content_type="application/json")
        assert response.status_code == 200, response.content
        self.headers = {"Authorization": f"Bearer {response.json()['token']}"}

    def get(self, path, **params):
        return self.client.get(path, params, headers=self.headers)

    def post(self, path, data=None):
        return self.client.post(path, data or {}, content_type="application/json", headers=self.headers)

    def upload(self, path, material: str, upload):
        return self.client.post(path, {"material": material, "file": upload}, headers=self.headers)


@pytest.fixture
def api(client, db):
    """api("window") → an Api for that demo account."""
    return lambda username: Api(client, username)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test empties every table when it ends; put the demo data back for the tests after it."""
    result = yield
    marker = item.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction") and nextitem is not None:
        from pytest_django.plugin import blocking_manager_key

        from gaoxin.accounts.demo import load_demo_accounts
        from gaoxin.catalog.demo import load_demo_catalog
        from gaoxin.economy.demo_economy import load_demo_economy
        from gaoxin.projects.demo import load_demo_projects

        with item.config.stash[blocking_manager_key].unblock():
            load_demo_catalog()
            load_demo_accounts()
            load_demo_projects()
            load_demo_economy()
    return result


@pytest.fixture
def calendar_already_read(monkeypatch, db):
    """The working-day calendar is read from the database once per process and kept for a minute: a test that counts
    queries reads it first and keeps it for the test, so its counts depend neither on which test ran before in this
    process nor on how long the machine took between two counts."""
    from gaoxin.workdays import calendar

    monkeypatch.setattr(calendar, "CACHE_SECONDS", 3600)
    calendar.forget_cached_calendar()
    calendar.current_calendar()
