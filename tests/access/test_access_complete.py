"""The access table names every route there is and none that is not; docs/access.md is the table as rendered now."""

from collections import Counter
from pathlib import Path

from gaoxin.accounts.models import Role
from gaoxin.core import access
from tests.access.routes import api_operations, django_pages

DOCS = Path(__file__).resolve().parents[2] / "docs" / "access.md"


def test_the_table_names_each_route_once():
    twice = [key for key, n in Counter(route.key for route in access.ROUTES).items() if n > 1]
    assert not twice


def test_every_api_operation_is_in_the_table_and_the_table_names_no_other():
    served = set(api_operations())
    listed = {route.key for route in access.API_ROUTES}
    assert sorted(served - listed) == [], "API operations missing from gaoxin/core/access.py"
    assert sorted(listed - served) == [], "the access table names API operations that do not exist"


def test_every_page_is_in_the_table_and_the_table_names_no_other():
    served = set(django_pages())
    listed = {route.key for route in access.PAGE_ROUTES}
    assert sorted(served - listed) == [], "URL patterns missing from gaoxin/core/access.py"
    assert sorted(listed - served) == [], "the access table names URL patterns that do not exist"


def test_an_operation_is_public_in_the_table_exactly_when_the_schema_asks_for_no_login():
    """The OpenAPI schema tells clients which operations need a token; it must agree with the table."""
    public_in_schema = {key for key, entry in api_operations().items() if not entry.get("security")}
    public_in_table = {route.key for route in access.API_ROUTES if access.ANONYMOUS in route.allow}
    assert public_in_schema == public_in_table


def test_the_roles_are_the_account_roles_and_anonymous():
    assert set(access.ROLES) == {access.ANONYMOUS, *Role.values}


def test_a_role_is_either_allowed_or_refused_once():
    for route in access.ROUTES:
        assert not route.allow & route.forbidden, route.key
        assert access.ANONYMOUS not in route.forbidden, route.key


def test_docs_access_md_is_the_table_as_rendered_now():
    assert DOCS.read_text(encoding="utf-8") == access.render_markdown(), (
        "docs/access.md is stale: python -m gaoxin.core.access > docs/access.md"
    )
