"""An applicant can stop SMS: every SMS carries its number's opt-out link (/t/<token>/), which stops and resumes SMS to
that number without an account; the window ticks 不接收短信 for a walk-in who asks. Checked through the real local
gateway: a stopped number gets nothing more."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from gaoxin.cases import actions
from gaoxin.core import personal
from gaoxin.core.models import AuditEvent
from gaoxin.notifications.actions import Message, deliveries_send_pending, notify_phones, sms_stop_for_phone
from gaoxin.notifications.models import Delivery, DeliveryStatus, Kind, SmsNumber
from tests.notifications.test_case_messages import WALK_IN_PHONE, committed  # noqa: F401 (a fixture)
from tests.ratings.helpers import submitted_case, user
from tests.support.forms import COMPANY_FORM

pytestmark = pytest.mark.django_db


def test_the_link_in_an_sms_stops_further_sms_to_that_number(client, committed, gateway):  # noqa: F811
    case = committed(submitted_case, bundle="company-setup", by="window")
    committed(actions.case_accept, case=case, clerk=user("window"))
    [accepted] = gateway.sent("GX_CASE_ACCEPTED")
    link = accepted["TemplateParam"]["optout"]
    path = urlsplit(link).path
    token = path.strip("/").split("/")[-1]
    assert path == f"/t/{token}/" and len(token) == 11

    page = client.get(path).content.decode()
    assert "138****0009" in page and WALK_IN_PHONE not in page and "退订短信" in page
    answer = client.post(path, {"sms": "stop"}, follow=True).content.decode()
    assert "已退订" in answer and "恢复接收短信" in answer
    number = SmsNumber.objects.get(personal.matching("phone", WALK_IN_PHONE))
    assert number.stopped and AuditEvent.objects.filter(subject_type="sms_number", action="sms_stop").count() == 1

    task = case.tasks.get(status="open", department__code="amr")
    committed(actions.task_return, task=task, approver=user("amr"), reason="请补充股东会决议")
    assert gateway.sent("GX_SUPPLEMENT") == [], "a stopped number gets no SMS"
    assert not Delivery.objects.filter(channel="sms", kind=Kind.SUPPLEMENT_REQUESTED).exists()

    client.post(path, {"sms": "resume"})
    number.refresh_from_db()
    assert not number.stopped
    committed(actions.case_withdraw, case=case, actor=user("window"), reason="申请人撤回")
    committed(
        notify_phones, [(WALK_IN_PHONE, Message(Kind.CASE_ACCEPTED, "after-resume", params={"case_number": "X"}))]
    )
    assert [s["TemplateParam"]["case_number"] for s in gateway.sent("GX_CASE_ACCEPTED")][-1] == "X", "resumed"


def test_an_sms_queued_before_the_number_stopped_is_not_sent(gateway):
    now = timezone.now()
    message = Message(Kind.CASE_ACCEPTED, "queued-then-stopped", params={"case_number": "GX1", "title": "t"})
    notify_phones([("13900000001", message)], now=now)
    number = SmsNumber.objects.get(personal.matching("phone", "13900000001"))
    assert sms_stop_for_phone(phone=number.phone, actor=user("window")).stopped
    assert deliveries_send_pending(now=now + timedelta(seconds=1)) == 1
    delivery = Delivery.objects.get(subject_key="queued-then-stopped")
    assert delivery.status == DeliveryStatus.FAILED and "已退订" in delivery.last_error
    assert gateway.received == []


def test_an_unknown_link_is_404(client):
    assert client.get("/t/AAAAAAAAAAA/").status_code == 404
    assert client.post("/t/AAAAAAAAAAA/", {"sms": "stop"}).status_code == 404


def test_the_window_ticks_no_sms_for_a_walk_in(client, committed, gateway):  # noqa: F811
    client.force_login(user("window"))
    page = client.get("/window/walk-in/new/?bundle=company-setup").content.decode()
    assert "不接收短信" in page
    details = actions.ApplicantDetails(
        kind="person",
        name="王建国",
        id_number="11010519491231002X",
        phone="139 0000 0002",
        form=COMPANY_FORM,
        no_sms=True,
    )
    case = actions.case_create(actor=user("window"), details=details, bundle_code="company-setup")
    assert SmsNumber.objects.get(personal.matching("phone", case.contact_phone)).stopped
    stop = AuditEvent.objects.get(subject_type="sms_number", action="sms_stop")
    assert stop.actor.username == "window"
