"""The applicant hears of every change of their case — in the app, by e-mail (the test mailbox) and by SMS (a real
local gateway, which checks each request's signature) — and the staff hear of what reaches their desk."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gaoxin.cases import actions
from gaoxin.cases.models import Case
from gaoxin.core import personal
from gaoxin.core.errors import Forbidden
from gaoxin.core.placeholders import placeholders_in
from gaoxin.notifications.actions import deliveries_send_pending, preference_save
from gaoxin.notifications.models import Delivery, DeliveryStatus, Kind, Notification
from gaoxin.notifications.wording import WORDING
from tests.ratings.helpers import grant_open_tasks, submitted_case, user
from tests.support.files import pdf
from tests.support.forms import DEMO_COMPANY, step_result

pytestmark = pytest.mark.django_db

EMAIL, PHONE = "zhang@example.cn", "13800000001"
WALK_IN_PHONE = "13800000009"  # the phone tests.ratings.helpers gives at the window


@pytest.fixture
def applicant():
    person = user("applicant")
    person.email, person.phone = EMAIL, PHONE
    person.save(update_fields=["email", "phone"])
    return person


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run an action to its commit (what it tells is made then), then the worker's sending."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            result = action(*args, **kwargs)
        deliveries_send_pending()
        return result

    return run


def told(kind: str, mailoutbox, gateway, *, phone: str = PHONE, email: str = EMAIL) -> tuple:
    """The one e-mail and the one SMS of this kind: the mail in the outbox, the SMS's parameters as the gateway got
    them (with the template code the kind's SMS template names and exactly the parameters its text uses)."""
    mail = Delivery.objects.get(personal.matching("address", email), kind=kind, channel="email")
    assert mail.status == DeliveryStatus.SENT, mail.last_error
    mails = [m for m in mailoutbox if m.subject == mail.subject and m.to == [email]]
    assert len(mails) == 1
    wording = WORDING[kind]
    sent = [s for s in gateway.sent(wording.sms_code) if s["PhoneNumbers"] == phone]
    assert len(sent) == 1, (kind, gateway.received)
    assert sent[0]["SignName"] == "洛阳高新政务服务"
    assert set(sent[0]["TemplateParam"]) == {*placeholders_in(wording.sms), "optout"}
    assert "/t/" in sent[0]["TemplateParam"]["optout"], "every SMS carries its number's opt-out link"
    return mails[0], sent[0]["TemplateParam"]


def test_an_online_company_set_up_tells_its_applicant_of_every_step(applicant, committed, mailoutbox, gateway):
    case = committed(submitted_case, bundle="company-setup")
    materials = list(case.materials.select_related("material").order_by("id"))[:2]
    asked = {m.material.code: f"请补正{m.material.name}" for m in materials}

    committed(actions.case_request_corrections, case=case, clerk=user("window"), corrections=asked)
    mail, params = told(Kind.CORRECTIONS_REQUESTED, mailoutbox, gateway)
    assert case.number in mail.subject and "2 项" in mail.subject
    for material in materials:
        assert f"{material.material.name}：请补正{material.material.name}" in mail.body
        assert material.material.name in params["materials"]
    assert params["case_number"] == case.number and params["count"] == "2"
    assert mail.body.endswith(f"/portal/cases/{case.pk}/")

    for material in materials:
        actions.case_upload_material(case=case, actor=applicant, material_code=material.material.code, uploaded=pdf())
    committed(actions.case_submit, case=case, actor=applicant)
    case = committed(actions.case_accept, case=case, clerk=user("window"))
    mail, params = told(Kind.CASE_ACCEPTED, mailoutbox, gateway)
    deadline = timezone.localtime(case.deadline).strftime("%Y-%m-%d %H:%M")
    assert deadline in mail.body and params["deadline"] == deadline
    registration = case.tasks.get(department__code="amr")
    assert Notification.objects.filter(kind=Kind.TASK_NEW, recipient__username="amr", subject_key=str(registration.pk))

    committed(actions.task_return, task=registration, approver=user("amr"), reason="请补充全体股东签字的章程")
    mail, params = told(Kind.SUPPLEMENT_REQUESTED, mailoutbox, gateway)
    assert "请补充全体股东签字的章程" in mail.body and params["reason"] == "请补充全体股东签字的章程"
    committed(actions.case_submit, case=case, actor=applicant)
    answered = Notification.objects.get(kind=Kind.SUPPLEMENT_ANSWERED, recipient__username="amr")
    assert answered.link == f"/desk/tasks/{registration.pk}/" and case.number in answered.title

    registration.refresh_from_db()
    committed(actions.task_approve, task=registration, approver=user("amr"), result=step_result(registration))
    mail, params = told(Kind.STEP_DECIDED, mailoutbox, gateway)
    assert params["item"] == registration.item.name and params["outcome"] == "准予"

    police = case.tasks.get(department__code="police")
    extension = committed(actions.task_extension_request, task=police, approver=user("police"), days=3, reason="需核查")
    committed(actions.task_extension_decide, extension=extension, head=user("police-head"), approve=True)
    mail, params = told(Kind.TASK_EXTENDED, mailoutbox, gateway)
    assert params["days"] == "3" and params["reason"] == "需核查"

    tax = case.tasks.get(department__code="tax")
    committed(actions.task_deny, task=tax, approver=user("tax"), reason="经营范围涉及前置许可")
    denied = [s for s in gateway.sent("GX_STEP_DECIDED") if s["TemplateParam"]["outcome"] == "不予许可"]
    assert len(denied) == 1 and denied[0]["TemplateParam"]["item"] == tax.item.name

    committed(grant_open_tasks, case)
    case.refresh_from_db()
    assert case.status == "partly_approved"
    mail, params = told(Kind.CASE_DECIDED, mailoutbox, gateway)
    license_number = case.tasks.get(department__code="amr").result["license_number"]
    assert license_number in mail.body and license_number in params["results"], "the results: the license's number"
    assert "办结通知书" in mail.body and "/documents/" in mail.body, "and the documents, linked"
    assert params["outcome"] == "部分办结"
    mail, params = told(Kind.RATING_INVITED, mailoutbox, gateway)
    assert params["link"].endswith(f"/portal/cases/{case.pk}/")
    kinds = set(Notification.objects.filter(recipient=applicant).values_list("kind", flat=True))
    assert {Kind.CORRECTIONS_REQUESTED, Kind.CASE_ACCEPTED, Kind.CASE_DECIDED, Kind.RATING_INVITED} <= kinds
    assert gateway.refused == [], "every request was signed right"


def test_a_refusal_is_told_with_its_reason(applicant, committed, mailoutbox, gateway):
    case = committed(submitted_case, bundle="company-setup")
    committed(actions.case_not_accept, case=case, clerk=user("window"), reason="不属于本区管辖")
    mail, params = told(Kind.CASE_NOT_ACCEPTED, mailoutbox, gateway)
    assert "不属于本区管辖" in mail.body and params["reason"] == "不属于本区管辖"


def test_the_start_and_end_of_a_public_notice_are_told(applicant, committed, mailoutbox, gateway):
    case = committed(submitted_case, bundle="simple-deregistration", company=DEMO_COMPANY)
    case = committed(actions.case_accept, case=case, clerk=user("window"))
    notice = case.tasks.get(waits_until__isnull=False)
    mail, params = told(Kind.NOTICE_STARTED, mailoutbox, gateway)
    assert params["end"] == timezone.localtime(notice.waits_until).strftime("%Y-%m-%d %H:%M")
    committed(actions.notices_elapse, now=timezone.now() + timedelta(days=20, minutes=1))
    mail, params = told(Kind.NOTICE_ENDED, mailoutbox, gateway)
    assert params["outcome"] == "公示期满无异议"


def test_a_walk_in_without_an_account_hears_by_sms_at_the_windows_phone_only(committed, mailoutbox, gateway):
    case = committed(submitted_case, bundle="company-setup", by="window")
    assert case.applicant_id is None
    committed(actions.case_accept, case=case, clerk=user("window"))
    sent = gateway.sent("GX_CASE_ACCEPTED")
    assert [s["PhoneNumbers"] for s in sent] == [WALK_IN_PHONE]
    assert sent[0]["TemplateParam"]["case_number"] == case.number
    assert not Notification.objects.filter(kind=Kind.CASE_ACCEPTED).exists() and mailoutbox == []


def test_an_applicant_who_stopped_sms_gets_the_mail_and_no_sms(applicant, committed, mailoutbox, gateway):
    preference_save(user=applicant, email=True, sms=False)
    case = committed(submitted_case, bundle="company-setup")
    committed(actions.case_not_accept, case=case, clerk=user("window"), reason="不属于本区管辖")
    assert gateway.received == []
    assert Delivery.objects.filter(kind=Kind.CASE_NOT_ACCEPTED, channel="email").count() == 1
    assert Notification.objects.filter(kind=Kind.CASE_NOT_ACCEPTED, recipient=applicant).exists()


def test_nothing_is_told_of_a_change_that_rolled_back(applicant, django_capture_on_commit_callbacks):
    case = submitted_case(bundle="company-setup")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(Forbidden):  # only the window refuses a case
            actions.case_not_accept(case=case, clerk=user("amr"), reason="不属于本区管辖")
    assert callbacks == [] and not Notification.objects.exists()
    assert Case.objects.get(pk=case.pk).status == "submitted"
