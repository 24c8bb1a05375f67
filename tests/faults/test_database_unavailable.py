"""While the database cannot be reached, every request gets a quick 503 it can act on: JSON for the API and
programs, a short page for a browser. Never a 500, never a hang. (bench/load/faults.py does the same against a real
PostgreSQL stopped with -m immediate under load.)"""

import socket
import time

import pytest
from django.db import connections
from django.test import Client

QUICK_SECONDS = 5
A_TOKEN = {"Authorization": "Bearer a-token-that-cannot-be-checked"}


def _closed_port() -> int:
    """A loopback port nothing listens on: PostgreSQL refuses the connection there at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def database_down(django_db_blocker, tmp_path):
    """The default connection points at a database that cannot be opened (a SQLite file in a missing folder, a
    PostgreSQL port nobody listens on) until the test ends."""
    connection = connections["default"]
    saved = dict(connection.settings_dict)
    with django_db_blocker.unblock():
        connection.close()
        if connection.vendor == "sqlite":
            connection.settings_dict["NAME"] = str(tmp_path / "missing" / "gaoxin.sqlite3")
        else:
            connection.settings_dict.update(HOST="127.0.0.1", PORT=str(_closed_port()))
        yield
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@pytest.fixture
def browser():
    # The server's own answer, not the exception re-raised in the test: the 500 path is what must not happen.
    return Client(raise_request_exception=False)


def _timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def _assert_json_unavailable(response, elapsed):
    assert response.status_code == 503, response.content
    assert response.json() == {"detail": response.json()["detail"], "code": "unavailable", "field": None}
    assert response.json()["detail"]
    assert response["Retry-After"]
    assert elapsed < QUICK_SECONDS


@pytest.mark.parametrize(
    "path, headers",
    [
        ("/api/catalog/bundles/company-setup", {}),
        ("/api/cases", A_TOKEN),
    ],
    ids=["public", "token"],
)
def test_the_api_answers_json_503(database_down, browser, path, headers):
    response, elapsed = _timed(lambda: browser.get(path, headers=headers))
    _assert_json_unavailable(response, elapsed)


def test_an_api_write_answers_json_503(database_down, browser):
    response, elapsed = _timed(
        lambda: browser.post(
            "/api/cases", {"bundle": "company-setup"}, content_type="application/json", headers=A_TOKEN
        )
    )
    _assert_json_unavailable(response, elapsed)


def test_a_program_asking_for_a_page_gets_json_503(database_down, browser):
    response, elapsed = _timed(lambda: browser.get("/catalog/"))
    _assert_json_unavailable(response, elapsed)


@pytest.mark.parametrize("cookies", [{}, {"sessionid": "a-session-that-cannot-be-read"}], ids=["anonymous", "session"])
def test_a_browser_gets_a_short_503_page(database_down, browser, cookies):
    """With a session cookie the session middleware also meets the dead database after the view; still a 503."""
    browser.cookies.load(cookies)
    response, elapsed = _timed(lambda: browser.get("/catalog/", headers={"Accept": "text/html,*/*;q=0.8"}))
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert "稍后再试" in response.content.decode()
    assert elapsed < QUICK_SECONDS


def test_healthz_reports_the_database_down(database_down, browser):
    response = browser.get("/healthz")
    assert response.status_code == 503 and response.json()["database"] == "unavailable"
