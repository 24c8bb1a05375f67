"""E-mail and SMS are recorded per message and channel; a failed one is tried again later and, after the limit,
marked failed where the administrator and the recipient see it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gaoxin.notifications.actions import Message, deliveries_send_pending, notify
from gaoxin.notifications.models import Delivery, DeliveryStatus, Kind
from tests.notifications.helpers import user

pytestmark = pytest.mark.django_db


def accepted(person) -> Message:
    return Message(Kind.CASE_ACCEPTED, "case-7", link="/portal/", params={"case_number": "GX7", "deadline": "今天"})


@pytest.fixture
def applicant():
    person = user("applicant")
    person.phone = "13800000001"
    person.save(update_fields=["phone"])
    return person


def test_a_failed_sms_is_tried_again_after_a_wait_and_then_goes(applicant, gateway):
    gateway.failures = 2
    now = timezone.now()
    notify([(applicant, accepted(applicant))], now=now)
    sms = Delivery.objects.get(channel="sms")
    assert deliveries_send_pending(now=now) == 1
    sms.refresh_from_db()
    assert (sms.status, sms.attempts) == (DeliveryStatus.QUEUED, 1) and "isp.SYSTEM_ERROR" in sms.last_error
    assert sms.next_attempt_at == now + timedelta(seconds=60)
    assert deliveries_send_pending(now=now + timedelta(seconds=30)) == 0, "not before its wait is over"
    assert deliveries_send_pending(now=now + timedelta(seconds=60)) == 1
    sms.refresh_from_db()
    assert sms.attempts == 2 and sms.next_attempt_at == now + timedelta(seconds=60 + 120), "the wait doubles"
    assert deliveries_send_pending(now=now + timedelta(seconds=180)) == 1
    sms.refresh_from_db()
    assert (sms.status, sms.attempts, sms.last_error) == (DeliveryStatus.SENT, 3, "")
    assert [s["TemplateParam"]["case_number"] for s in gateway.received] == ["GX7"]


def test_after_the_limit_a_delivery_is_marked_failed_and_the_centre_says_so(applicant, gateway, settings, client):
    settings.GAOXIN = {**settings.GAOXIN, "DELIVERY_MAX_ATTEMPTS": 3}
    gateway.failures = 100
    now = timezone.now()
    notify([(applicant, accepted(applicant))], now=now)
    for minutes in (0, 1, 3, 7, 15):
        deliveries_send_pending(now=now + timedelta(minutes=minutes))
    sms = Delivery.objects.get(channel="sms")
    assert (sms.status, sms.attempts) == (DeliveryStatus.FAILED, 3) and "系统繁忙" in sms.last_error
    assert gateway.received == []
    client.force_login(applicant)
    assert "短信发送失败" in client.get("/notifications/").content.decode()
    api = client.get("/api/notifications").json()["items"][0]["deliveries"]
    assert api == [{**api[0], "channel": "sms", "status": "failed", "attempts": 3}]


def test_a_request_signed_with_the_wrong_secret_is_refused_by_the_gateway(applicant, gateway, settings):
    settings.GAOXIN = {**settings.GAOXIN, "SMS": {**settings.GAOXIN["SMS"], "KEY_SECRET": "not-the-secret"}}
    notify([(applicant, accepted(applicant))])
    deliveries_send_pending()
    assert gateway.refused == ["SignatureDoesNotMatch"] and gateway.received == []
    assert "SignatureDoesNotMatch" in Delivery.objects.get(channel="sms").last_error


def test_an_unreachable_gateway_is_a_failure_to_retry(applicant, settings):
    settings.SMS_BACKEND = "gaoxin.notifications.sms.HttpBackend"
    settings.GAOXIN = {**settings.GAOXIN, "SMS": {**settings.GAOXIN["SMS"], "URL": "http://127.0.0.1:9/", "TIMEOUT": 2}}
    notify([(applicant, accepted(applicant))])
    deliveries_send_pending()
    sms = Delivery.objects.get(channel="sms")
    assert sms.status == DeliveryStatus.QUEUED and sms.attempts == 1 and sms.last_error


def test_the_console_backend_logs_the_message(applicant, settings, caplog):
    settings.SMS_BACKEND = "gaoxin.notifications.sms.ConsoleBackend"
    notify([(applicant, accepted(applicant))])
    with caplog.at_level("INFO", logger="gaoxin.notifications.sms"):
        deliveries_send_pending()
    assert "13800000001" in caplog.text and "GX_CASE_ACCEPTED" in caplog.text and "GX7" in caplog.text
    assert Delivery.objects.get(channel="sms").status == DeliveryStatus.SENT


def test_a_kind_without_an_sms_template_sends_no_sms(applicant):
    notify([(applicant, Message(Kind.CASE_WARNING, "c1", "办件 GX1 临近承诺时限"))])
    assert not Delivery.objects.exists()
