"""The demo: every enterprise of the register paired, visits, 300 demands in every state the pages show, all made
through the actions (the audit chains verify), and loading it again changes nothing."""

import pytest
from django.utils import timezone

from gaoxin.core.audit import audit_problems
from gaoxin.demands.demo import DEMANDS, load_demo_demands
from gaoxin.demands.models import Demand, Escalation, EscalationLevel, Instruction, Pairing, Status
from gaoxin.demands.selectors import overdue_filter
from gaoxin.economy.models import Enterprise

pytestmark = pytest.mark.django_db


def test_the_demo_has_something_true_for_every_page():
    counts = load_demo_demands()
    assert counts["诉求"] == DEMANDS
    assert Pairing.objects.filter(valid_to=None).count() == Enterprise.objects.count()
    statuses = set(Demand.objects.values_list("status", flat=True))
    assert {Status.NEW, Status.IN_PROGRESS, Status.REPLIED, Status.CONFIRMED, Status.CLOSED} <= statuses
    closed = Demand.objects.filter(status=Status.CLOSED).count()
    assert closed > DEMANDS / 2
    assert Demand.objects.filter(reopen_count__gt=0).exists()
    assert overdue_filter(Demand.objects.all(), timezone.now()).exists()
    assert not Demand.objects.filter(raised_at__gt=timezone.now()).exists()
    assert Escalation.objects.filter(level=EscalationLevel.LEADER).exists()
    assert {i.answered_at is None for i in Instruction.objects.all()} == {True, False}
    assert Demand.objects.filter(repeat_of__isnull=False).exists()
    assert not list(audit_problems())
    assert load_demo_demands() == counts
