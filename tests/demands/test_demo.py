"""The demo: every enterprise of the register paired, visits, 300 demands in every state the pages show, all made
through the actions (the audit chains verify), and loading it again changes nothing."""

import pytest
from django.utils import timezone

from gaoxin.core.audit import audit_problems
from gaoxin.demands.demo import DEMANDS, RESIDENT_DEMANDS, load_demo_demands
from gaoxin.demands.models import Attachment, Channel, Demand, Escalation, EscalationLevel, Instruction, Pairing, Status
from gaoxin.demands.selectors import overdue_filter
from gaoxin.economy.models import Enterprise
from gaoxin.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_the_demo_has_something_true_for_every_page():
    counts = load_demo_demands()
    assert counts["诉求"] == DEMANDS + len(RESIDENT_DEMANDS)
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
    assert Attachment.objects.filter(visit__isnull=False).count() == 4


def test_the_demos_residents_have_demands_confirmed_waiting_and_new(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load_demo_demands()
    own = Demand.objects.filter(channel=Channel.RESIDENT, raised_by__username="applicant")
    assert set(own.values_list("status", flat=True)) == {Status.CONFIRMED, Status.REPLIED}
    assert own.get(status=Status.CONFIRMED).confirmed_on_behalf is False
    assert Demand.objects.get(channel=Channel.RESIDENT, raised_by__username="applicant2").status == Status.NEW
    waiting = own.get(status=Status.REPLIED)
    asked = Notification.objects.filter(recipient__username="applicant", subject_key__startswith=str(waiting.pk))
    assert asked.exists(), "the resident is asked to confirm"
