"""Two people taking steps on one demand at the same moment: one wins, the other gets a conflict, and the trail
stays whole."""

import pytest

from gaoxin.core.audit import audit_problems
from gaoxin.core.errors import Conflict
from gaoxin.demands import actions
from gaoxin.demands.models import Channel, Demand, Pairing
from tests.cases.test_concurrency import race
from tests.demands.helpers import assigned, category, company, user


@pytest.mark.django_db(transaction=True)
def test_accepting_and_sending_back_at_once_one_wins():
    demand = assigned()
    outcomes = race(
        lambda: actions.demand_accept(demand=demand, actor=user("amr")),
        lambda: actions.demand_send_back(demand=demand, actor=user("amr-head"), reason="不属本单位职责"),
    )
    assert sum(isinstance(o, Demand) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, Conflict) for o in outcomes) == 1, outcomes
    assert not list(audit_problems())


@pytest.mark.django_db(transaction=True)
def test_two_first_pairings_at_once_leave_one_current():
    enterprise, office = company(), user("office")
    outcomes = race(
        lambda: actions.pairing_set(enterprise=enterprise, actor=office, cadre=user("cadre")),
        lambda: actions.pairing_set(enterprise=enterprise, actor=office, cadre=user("cadre2")),
    )
    assert Pairing.objects.filter(enterprise=enterprise, valid_to=None).count() == 1
    assert all(isinstance(o, Pairing | Conflict) for o in outcomes), outcomes


@pytest.mark.django_db(transaction=True)
def test_one_work_order_sent_twice_at_once_is_one_demand():
    """The hotline's system retries on a timeout while the first call still runs: both get the same demand."""
    key, _raw = actions.hotline_key_create(name="12345", actor=None)
    order = actions.WorkOrder(
        number="12345-RACE-1",
        called_at=None,
        caller="李女士",
        phone="13903790123",
        category=category(),
        text="路灯不亮",
    )
    outcomes = race(
        lambda: actions.demand_from_hotline(order=order, key=key),
        lambda: actions.demand_from_hotline(order=order, key=key),
    )
    assert Demand.objects.filter(channel=Channel.HOTLINE, external_ref="12345-RACE-1").count() == 1
    assert {o[0].pk for o in outcomes} == {Demand.objects.get(external_ref="12345-RACE-1").pk}, outcomes
    assert sorted(o[1] for o in outcomes) == [False, True]
    assert not list(audit_problems())
