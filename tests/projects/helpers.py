"""Factories for key-project tests: projects registered through the actions, with the demo's people."""

from datetime import date
from decimal import Decimal

from gaoxin.accounts.models import Department, User
from gaoxin.projects import actions

_counter = iter(range(1, 10_000))


def user(username: str) -> User:
    return User.objects.select_related("leader_profile").get(username=username)


def project_values(**overrides) -> dict:
    n = next(_counter)
    values = {
        "code": f"TEST-{n:04d}",
        "name": f"测试项目{n}",
        "level": "zone",
        "category": "manufacturing",
        "owner": "洛阳测试科技有限公司",
        "park": None,
        "location": "洛阳高新区",
        "total_investment": Decimal("12000.00"),
        "build_kind": "new",
        "stage": "construction",
        "planned_start": date(2021, 3, 1),
        "actual_start": date(2021, 3, 10),
        "planned_completion": date(2022, 12, 31),
        "responsible_leader": user("leader2"),
        "responsible_unit": Department.objects.get(code="drc"),
        "responsible_person_name": "测试责任人",
        "responsible_person_phone": "13900000000",
        "officer": user("officer"),
    }
    values.update(overrides)
    return values


def make_project(actor=None, **overrides):
    """A project registered by the command line (actor None) unless an actor is given."""
    return actions.project_register(actor=actor, values=project_values(**overrides))
