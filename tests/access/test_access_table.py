"""The walk: every route of gaoxin.core.access for every role (and the outsiders it names), on real objects.

Allowed: anything but a refusal (a POST with an empty body may get 400/409/422: it got past the access check; a GET
must succeed). Refused: exactly the refusal the table documents, for a request with an empty body, so a refusal that
came after reading the body shows up as a 422 here.

The objects are made once for the module inside one transaction that is rolled back when the module ends; each test
runs in a savepoint inside it (pytest-django's `db`), so what an allowed request changes is undone before the next.
"""

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from gaoxin.accounts.actions import token_issue_for
from gaoxin.accounts.models import User
from gaoxin.catalog.models import ServiceItem
from gaoxin.core import access
from tests.access import objects
from tests.access.routes import django_pages

# The demo account that plays each role; anonymous has none.
ACCOUNTS = {
    access.APPLICANT: "applicant",
    access.CLERK: "window",
    access.APPROVER: "amr",
    access.DEPT_HEAD: "amr-head",
    access.LEADER: "leader",
    access.OFFICER: "officer",
    access.STATISTICIAN: "stats",
    access.DEMANDS_OFFICE: "office",
    access.CADRE: "cadre",
    access.ADMIN: "admin",
    access.SECURITY_ADMIN: "security",
    access.AUDIT_ADMIN: "auditor",
}
VALID_USCC = "91110000710926094P"
VALID_RESIDENT_ID = "11010519491231002X"

# Parameters whose value depends on the route, not only on the parameter's name.
ROUTE_PARAMS = {
    "GET /api/validate/uscc/{value}": {"value": VALID_USCC},
    "GET /api/validate/resident-id/{value}": {"value": VALID_RESIDENT_ID},
    "GET /api/catalog/items/{code}": {"code": "item"},
    "GET /api/catalog/bundles/{code}": {"code": "company-setup"},
    "GET /api/catalog/themes/{code}": {"code": "company-setup"},
    "PUT /api/calendar/years/{year}": {"year": 2031},
    "item": {"code": "item"},
    "bundle": {"code": "company-setup"},
    "portal-apply-bundle": {"code": "company-setup"},
    "portal-apply-item": {"code": "item"},
    "portal-apply-check": {"target": "bundle", "code": "company-setup", "field": "id_number"},
    "economy-park": {"code": "park_code"},
    "window-walk-in-materials": {"case_id": "walk_in"},
}
PAGE_PARAMS = django_pages()
QUERIES = {
    "window-walk-in-new": "bundle=company-setup",
    "GET /api/calendar/deadline": "start=2026-09-30T10:00:00%2B08:00&working_days=5",
    "GET /api/calendar/days": "year=2026",
    "GET /api/economy/trend": "indicator=gdp",
    "GET /api/projects/stats": "year=2025",
    "GET /api/projects/intake": "year=2025",
    "GET /api/projects/{project_id}/investment": "year=2025",
}


def walk_cases():
    for route in access.ROUTES:
        for method in (route.method,) if route.is_api else route.methods:
            for role in access.ROLES:
                yield pytest.param(
                    route, method, ACCOUNTS.get(role), route.refusal(role), id=f"{method} {route.key} {role}"
                )
            for account, status in route.outsiders:
                yield pytest.param(route, method, account, status, id=f"{method} {route.key} {account} (not theirs)")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The objects, and a bearer token per account, in a transaction the module's end rolls back."""
    media = tmp_path_factory.mktemp("access-media")
    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
    try:
        with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
            made = objects.build()
            made["item_code"] = ServiceItem.objects.order_by("code").values_list("code", flat=True).first()
            outsiders = {"applicant2", "police", "police-head", "cadre2"}
            made["tokens"] = {name: _token(name) for name in {*ACCOUNTS.values(), *outsiders}}
        made["media"] = media
        yield made
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _token(username: str) -> str:
    return token_issue_for(User.objects.get(username=username))[0]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, world):
    """The module's files (materials, photos) stay readable in every test: one media folder for the module."""
    settings.MEDIA_ROOT = world["media"]


def _value(world, route, name):
    wanted = ROUTE_PARAMS.get(route.key, {}).get(name, name)
    if wanted == "item":
        return world["item_code"]
    value = world.get(wanted, wanted)
    return getattr(value, "pk", value)


def url_of(route, world) -> str:
    if route.is_api:
        path = route.path.format_map(_Params(world, route))
    else:
        path = reverse(route.key, kwargs=_kwargs(route, world))
    query = QUERIES.get(route.key)
    return f"{path}?{query}" if query else path


class _Params(dict):
    def __init__(self, world, route):
        super().__init__()
        self.world, self.route = world, route

    def __missing__(self, name):
        return _value(self.world, self.route, name)


def _kwargs(route, world) -> dict:
    return {name: _value(world, route, name) for name in PAGE_PARAMS[route.key]}


def send(client: Client, method: str, url: str, route, token: str | None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if route.is_api:
        if method == "GET":
            return client.get(url, headers=headers)
        return client.generic(method, url, "{}", content_type="application/json", headers=headers)
    return client.get(url) if method == "GET" else client.post(url, {})


def verdict(response) -> int | str | None:
    """The refusal this answer is, or None if it got past the access check."""
    if response.status_code in (401, 403, 404):
        return response.status_code
    if response.status_code == 302 and response["Location"].startswith(reverse("login")):
        return "login"
    return None


@pytest.mark.django_db
@pytest.mark.parametrize("route, method, username, expected", list(walk_cases()))
def test_route_answers_each_person_as_the_table_says(world, client, route, method, username, expected):
    token = None
    if username:
        user = User.objects.get(username=username)
        if route.is_api:
            token = world["tokens"][username]
        else:
            client.force_login(user)
    response = send(client, method, url_of(route, world), route, token)
    got = verdict(response)
    body = b"(a file)" if response.streaming else response.content[:300]
    detail = f"{method} {url_of(route, world)} as {username or 'anonymous'}: {response.status_code} {body!r}"
    assert got == expected, detail
    if expected is None:
        assert response.status_code != 405, detail
        if method == "GET":
            assert response.status_code < 400, detail


TASK_ROUTES = [route for route in access.ROUTES if "task_id" in route.path or route.key == "desk-task"]


@pytest.mark.django_db
@pytest.mark.parametrize("route", TASK_ROUTES, ids=lambda route: route.key)
def test_a_task_of_another_department_is_404_for_amr(world, client, route):
    """The other side of the outsiders above: amr, on the (decided) case's task of the police department."""
    police_task = world["decided"].tasks.get(department__code="police")
    url = url_of(route, {**world, "task_id": police_task.pk})
    if not route.is_api:
        client.force_login(User.objects.get(username="amr"))
    response = send(client, route.method or "GET", url, route, world["tokens"]["amr"] if route.is_api else None)
    assert response.status_code == 404, f"{url}: {response.status_code}"
