"""Making notifications once per person and event, and e-mailing those with an address (a Delivery each)."""

import pytest

from gaoxin.core import personal
from gaoxin.notifications.actions import deliveries_send_pending, notify
from gaoxin.notifications.models import Delivery, DeliveryStatus, Kind, Notification
from tests.notifications.helpers import message, notify_one, user

pytestmark = pytest.mark.django_db


def test_the_same_event_reaches_a_person_once():
    notify_one("window")
    notify_one("window")
    notify([(user("window"), message()), (user("amr"), message())])
    assert Notification.objects.filter(recipient=user("window")).count() == 1
    assert Notification.objects.filter(recipient=user("amr")).count() == 1


def test_another_kind_or_subject_is_another_notification():
    notify_one("window", "case-1")
    notify_one("window", "case-2")
    notify_one("window", "case-1", kind=Kind.CASE_OVERDUE, title="办件 GX1 已超过承诺时限")
    assert Notification.objects.filter(recipient=user("window")).count() == 3


def test_only_people_with_an_address_are_emailed(mailoutbox, django_capture_on_commit_callbacks):
    amr = user("amr")
    amr.email = "amr@gaoxin.example"
    amr.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify([(amr, message()), (user("window"), message())])
    assert len(callbacks) == 1, "mail is enqueued for the worker once the notifications are committed"
    assert deliveries_send_pending() == 1
    assert [m.to for m in mailoutbox] == [["amr@gaoxin.example"]]
    assert mailoutbox[0].subject == "办件 GX1 临近承诺时限"
    assert mailoutbox[0].body.endswith("http://127.0.0.1:8000/window/")
    assert deliveries_send_pending() == 0, "a notification is e-mailed once"
    sent = Delivery.objects.get(notification__recipient=amr)
    assert (sent.channel, sent.status, sent.attempts) == ("email", DeliveryStatus.SENT, 1) and sent.sent_at
    assert not Delivery.objects.filter(notification__recipient=user("window")).exists()


def test_nobody_with_an_address_enqueues_no_mail(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify_one("window")
    assert callbacks == []


def test_a_refused_address_does_not_hold_up_the_others(settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.notifications.refusing_backend.RefusingBackend"
    for username, address in (("amr", "refused@gaoxin.example"), ("tax", "tax@gaoxin.example")):
        person = user(username)
        person.email = address
        person.save(update_fields=["email"])
        notify([(person, message())])
    assert deliveries_send_pending() == 2
    assert [m.to for m in mailoutbox] == [["tax@gaoxin.example"]]
    refused = Delivery.objects.get(personal.matching("address", "refused@gaoxin.example"))
    assert refused.status == DeliveryStatus.FAILED and "No such user" in refused.last_error
    assert deliveries_send_pending() == 0, "the refused one is not tried again and again"


def test_a_mail_server_that_is_down_leaves_the_mail_pending(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens there
    amr = user("amr")
    amr.email = "amr@gaoxin.example"
    amr.save(update_fields=["email"])
    notify([(amr, message())])
    assert deliveries_send_pending() == 1
    waiting = Delivery.objects.get(notification__recipient=amr)
    assert (waiting.status, waiting.attempts) == (DeliveryStatus.QUEUED, 1) and waiting.last_error
    assert deliveries_send_pending() == 0, "it waits before the next attempt"
