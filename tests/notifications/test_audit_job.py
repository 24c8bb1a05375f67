"""The nightly audit verification tells every administrator when a chain is broken, once a day."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from gaoxin.accounts.models import Role, User
from gaoxin.core.audit import audit_record
from gaoxin.core.models import AuditEvent
from gaoxin.notifications.models import Kind, Notification
from gaoxin.notifications.tasks import verify_audit

pytestmark = pytest.mark.django_db


def test_intact_chains_tell_nobody():
    assert verify_audit.call() == 0
    assert not Notification.objects.exists()


def test_an_edited_event_is_reported_to_every_administrator_once_a_day():
    with transaction.atomic():
        audit_record(subject_type="test", subject_id="t1", actor=None, action="step", reason="原因")
    # What a hand in the database would do.
    AuditEvent.objects.filter(subject_type="test", subject_id="t1").update(reason="改过的原因")
    second_admin = User.objects.create_user("admin2", role=Role.ADMIN)
    now = timezone.localtime().replace(hour=12, minute=0)  # an hour later is still the same day

    assert verify_audit.call(now=now) == 1
    verify_audit.call(now=now + timedelta(hours=1))
    told = Notification.objects.filter(kind=Kind.AUDIT_PROBLEMS)
    assert sorted(told.values_list("recipient__username", flat=True)) == ["admin", second_admin.username]
    assert "test t1 #1" in told.first().body and "1 处问题" in told.first().title
    verify_audit.call(now=now + timedelta(days=1))
    assert told.count() == 4, "a new day, a new notice while the problem lasts"
