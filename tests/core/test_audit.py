"""The audit trail: append-only, hash-chained per subject, and audit_verify finds every edit or removal."""

import threading
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from gaoxin.accounts.models import User
from gaoxin.core.audit import AuditBatch, audit_problems, audit_record
from gaoxin.core.models import AuditEvent, AuditHead

pytestmark = pytest.mark.django_db


def chain(subject_id="s1", events=3):
    actor = User.objects.get(username="window")
    with transaction.atomic():
        for n in range(events):
            audit_record(subject_type="test", subject_id=subject_id, actor=actor, action=f"step{n}", reason="原因")
    return list(AuditEvent.objects.filter(subject_type="test", subject_id=subject_id).order_by("seq"))


def test_a_chain_links_each_event_to_the_one_before():
    events = chain()
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[1].prev_hash == events[0].hash and events[2].prev_hash == events[1].hash
    head = AuditHead.objects.get(subject_type="test", subject_id="s1")
    assert (head.seq, head.hash) == (3, events[2].hash)
    assert list(audit_problems()) == []
    call_command("audit_verify")


def test_a_batch_appends_several_events_in_order():
    chain(events=1)
    with transaction.atomic():
        batch = AuditBatch("test", "s1")
        batch.add(actor=None, action="a")
        batch.add(actor=None, action="b")
        batch.write()
    assert list(AuditEvent.objects.filter(subject_id="s1").values_list("seq", "action")) == [
        (1, "step0"),
        (2, "a"),
        (3, "b"),
    ]
    assert list(audit_problems()) == []


def test_an_edited_event_is_reported():
    events = chain()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET reason = %s WHERE id = %s", ["改过的", events[1].pk])
    problems = [str(p) for p in audit_problems()]
    assert any("#2" in p and "修改" in p for p in problems), problems
    with pytest.raises(CommandError):
        call_command("audit_verify")


def test_a_removed_event_in_the_middle_is_reported():
    events = chain()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [events[1].pk])
    assert any("缺失" in str(p) for p in audit_problems())


def test_removing_the_newest_event_is_reported():
    events = chain()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [events[2].pk])
    assert any("末尾" in str(p) for p in audit_problems())


def test_events_cannot_be_changed_or_deleted_through_the_orm():
    event = chain(events=1)[0]
    event.reason = "x"
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


@pytest.mark.django_db(transaction=True)
def test_recording_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        audit_record(subject_type="test", subject_id="s2", actor=None, action="x")


@pytest.mark.django_db(transaction=True)
def test_two_first_events_of_one_new_chain_at_once_both_land_in_order():
    """The first writer holds its transaction open; the second, finding no head to lock, must wait for it and write
    event 2, not a second event 1 (which the unique (subject, seq) would refuse with a 500)."""
    first_written = threading.Event()
    outcomes = {}

    def first():
        try:
            with transaction.atomic():
                audit_record(subject_type="test", subject_id="race", actor=None, action="first")
                first_written.set()
                time.sleep(0.5)
            outcomes["first"] = "ok"
        except Exception as error:  # noqa: BLE001 — the outcome is what the test inspects
            outcomes["first"] = error
        finally:
            connection.close()

    def second():
        try:
            first_written.wait(10)
            with transaction.atomic():
                audit_record(subject_type="test", subject_id="race", actor=None, action="second")
            outcomes["second"] = "ok"
        except Exception as error:  # noqa: BLE001
            outcomes["second"] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcomes == {"first": "ok", "second": "ok"}
    chain = AuditEvent.objects.filter(subject_type="test", subject_id="race").order_by("seq")
    assert [(e.seq, e.action) for e in chain] == [(1, "first"), (2, "second")]
    assert AuditHead.objects.get(subject_type="test", subject_id="race").seq == 2
    assert not [p for p in audit_problems() if p.subject_id == "race"]
