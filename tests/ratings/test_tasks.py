"""Rectification deadlines: the responsible department's approvers hear when one nears or passes its deadline, once."""

from datetime import timedelta

import pytest

from gaoxin.notifications.models import Kind, Notification
from gaoxin.ratings.actions import rectification_callback, rectification_close
from gaoxin.ratings.selectors import rectification_sla
from gaoxin.ratings.tasks import warn_rectifications
from gaoxin.workdays.deadlines import SlaState
from tests.ratings.helpers import approved_case, rate, user

pytestmark = pytest.mark.django_db
MINUTE = timedelta(minutes=1)


@pytest.fixture
def rectification():
    """A bad rating of a provident fund withdrawal opens a rectification for the provident fund centre (hpf)."""
    return rate(approved_case(), 1, comment="等了很久").rectification


def kinds_of(username: str) -> list[str]:
    return sorted(Notification.objects.filter(recipient__username=username).values_list("kind", flat=True))


def test_on_time_nothing_is_said(rectification):
    assert warn_rectifications.call(now=rectification.opened_at + MINUTE) == 0
    assert not Notification.objects.exists()


def test_near_and_past_the_deadline_the_departments_approvers_hear_once_each(rectification):
    near = rectification.deadline - MINUTE
    assert rectification_sla(rectification, near) == SlaState.WARNING
    warn_rectifications.call(now=near)
    warn_rectifications.call(now=near)
    assert kinds_of("hpf") == [Kind.RECTIFICATION_WARNING]
    warn_rectifications.call(now=rectification.deadline + MINUTE)
    warn_rectifications.call(now=rectification.deadline + 2 * MINUTE)
    assert kinds_of("hpf") == [Kind.RECTIFICATION_OVERDUE, Kind.RECTIFICATION_WARNING]
    assert kinds_of("amr") == kinds_of("leader") == kinds_of("applicant") == []
    overdue = Notification.objects.get(recipient__username="hpf", kind=Kind.RECTIFICATION_OVERDUE)
    assert overdue.link == f"/ratings/rectifications/{rectification.pk}/"


def test_a_closed_rectification_is_not_warned_about(rectification):
    hpf = user("hpf")
    rectification_callback(rectification=rectification, actor=hpf, note="已电话回访")
    rectification_close(rectification=rectification, actor=hpf, result="已改进")
    assert warn_rectifications.call(now=rectification.deadline + MINUTE) == 0
