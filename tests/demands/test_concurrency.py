"""Two people taking steps on one demand at the same moment: one wins, the other gets a conflict, and the trail
stays whole."""

import pytest

from gaoxin.core.audit import audit_problems
from gaoxin.core.errors import Conflict
from gaoxin.demands import actions
from gaoxin.demands.models import Demand, Pairing
from tests.cases.test_concurrency import race
from tests.demands.helpers import assigned, company, user


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
