"""Factories for demand tests: the demo's people, the register's companies, demands taken through the real actions."""

from datetime import datetime
from zoneinfo import ZoneInfo

from gaoxin.accounts.models import Department, User
from gaoxin.demands import actions
from gaoxin.demands.defaults import categories_load
from gaoxin.demands.models import Category
from gaoxin.economy.models import Enterprise

TZ = ZoneInfo("Asia/Shanghai")


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=TZ)


def user(username: str) -> User:
    return User.objects.get(username=username)


def unit(code: str) -> Department:
    return Department.objects.get(code=code)


def company(username: str = "company") -> Enterprise:
    """The register's enterprise a demo company account acts for (its USCC)."""
    return Enterprise.objects.get(uscc=user(username).uscc)


def category(code: str = "labour") -> Category:
    categories_load(Category, Department)  # a transactional test before this one emptied the table
    return Category.objects.get(code=code)


def paired(username: str = "company", cadre: str = "cadre", leader: str = "leader") -> Enterprise:
    enterprise = company(username)
    actions.pairing_set(enterprise=enterprise, actor=user("office"), cadre=user(cadre), leader=user(leader))
    return enterprise


def raised(now=None, *, by: str = "company", code: str = "labour", **problem):
    fields = {"title": "招工难", "text": "急需熟练焊工二十名，请协助对接人力资源市场。", **problem}
    return actions.demand_raise(
        actor=user(by),
        problem=actions.Problem(category(code), fields["title"], fields["text"]),
        contact_name="陈志远",
        contact_phone="13800000051",
        now=now,
    )


def assigned(now=None, *, to: str = "amr", **raise_args):
    demand = raised(now, **raise_args)
    return actions.demand_assign(demand=demand, actor=user("office"), unit=unit(to), now=now)


def replied(*, result: str = "solved", now=None, **raise_args):
    demand = assigned(now, **raise_args)
    demand = actions.demand_accept(demand=demand, actor=user("amr"), now=now)
    return actions.demand_reply(
        demand=demand, actor=user("amr"), result=result, reply="已对接人才市场，招聘会定于下周。", now=now
    )
