"""The public notice (公示) of a simplified deregistration, as creditors meet it: listed for everyone, objected to on
the page or through the API (anonymously too), never after it ended, never beyond an address's limit; an objection
holds the case until the notice's department has looked into it, and its evidence is theirs alone."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from gaoxin.accounts.models import User
from gaoxin.cases import actions
from gaoxin.cases.models import CaseStatus, Objection, ObjectionAttempt, Task, TaskStatus
from gaoxin.cases.selectors import case_events
from gaoxin.core.errors import Conflict, TooManyRequests
from gaoxin.notifications.models import Notification
from tests.access.objects import PNG
from tests.cases.test_concurrency import race
from tests.support.files import text_file
from tests.support.notices import notice_of, noticed_case, objection_to

pytestmark = pytest.mark.django_db

COMPANY, USCC = "洛阳丰华工业软件有限公司", "91410300MA49F2WH6T"


def png(name="欠条.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def amr():
    return User.objects.get(username="amr")


def end_the_period(notice: Task) -> None:
    """The notice's 20 days are over (its end moved into the past: no clock is mocked)."""
    Task.objects.filter(pk=notice.pk).update(waits_until=timezone.now() - timedelta(minutes=1))


def test_the_public_list_shows_the_company_its_dates_and_days_left_to_anyone(client):
    notice = notice_of(noticed_case())
    page = client.get("/notices/").content.decode()
    assert COMPANY in page and USCC in page
    assert "20 天（自然日）" in page and "公示中 · 剩 20 天" in page
    assert timezone.localtime(notice.waits_until).strftime("%Y-%m-%d") in page

    listed = client.get("/api/notices").json()
    item = next(n for n in listed["items"] if n["id"] == str(notice.pk))
    assert item["company"] == COMPANY and item["uscc"] == USCC
    assert item["days"] == 20 and item["days_left"] == 20 and item["state"] == "running" and item["may_object"]
    assert client.get(f"/api/notices/{notice.pk}").json()["end"] == item["end"]


def test_an_anonymous_creditor_objects_on_the_page_and_gets_a_receipt(client):
    case = noticed_case()
    notice = notice_of(case)
    page = client.get(f"/notices/{notice.pk}/").content.decode()
    assert "提出异议" in page and "还剩 20 天" in page
    answer = client.post(
        f"/notices/{notice.pk}/",
        {"standing": "creditor", "text": "尚欠货款 12 万元", "evidence": png()},
        REMOTE_ADDR="203.0.113.7",
    )
    objection = Objection.objects.get(case=case)
    assert answer.status_code == 302 and answer["Location"] == f"/notices/objections/{objection.pk}/"
    assert objection.lodged_by is None and objection.name == "" and objection.evidence_name == "欠条.png"
    receipt = client.get(answer["Location"]).content.decode()
    assert objection.receipt in receipt and "异议已提交" in receipt and "待核查" in receipt
    assert "尚欠货款" not in receipt, "the receipt repeats nothing an onlooker with its address should read"


def test_a_logged_in_person_objecting_on_the_page_is_named(client):
    case = noticed_case()
    client.force_login(User.objects.get(username="applicant2"))
    client.post(f"/notices/{notice_of(case).pk}/", {"standing": "employee", "text": "拖欠工资"})
    assert Objection.objects.get(case=case).lodged_by.username == "applicant2"


def test_the_page_keeps_csrf():
    case = noticed_case()
    strict = Client(enforce_csrf_checks=True)
    answer = strict.post(f"/notices/{notice_of(case).pk}/", {"standing": "creditor", "text": "x"})
    assert answer.status_code == 403 and not Objection.objects.exists()


def test_a_form_without_standing_or_text_is_refused_next_to_the_fields(client):
    notice = notice_of(noticed_case())
    answer = client.post(f"/notices/{notice.pk}/", {"standing": "", "text": " "})
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "此字段是必填项" in page or "这个字段是必填项" in page
    bad_file = client.post(f"/notices/{notice.pk}/", {"standing": "other", "text": "x", "evidence": text_file()})
    assert bad_file.status_code == 400 and "文件类型不支持" in bad_file.content.decode()
    assert not Objection.objects.exists()


def test_objecting_through_the_api_anonymously_and_with_a_token(client, api):
    notice = notice_of(noticed_case())
    anonymous = client.post(
        f"/api/notices/{notice.pk}/objections", {"standing": "tax", "text": "欠缴税款", "evidence": png()}
    )
    assert anonymous.status_code == 201, anonymous.content
    assert anonymous.json()["receipt"].startswith("YY") and anonymous.json()["status"] == "pending"
    named = api("applicant2")
    answer = client.post(
        f"/api/notices/{notice.pk}/objections", {"standing": "creditor", "text": "货款"}, headers=named.headers
    )
    assert answer.status_code == 201
    lodged = {o.standing: o.lodged_by for o in Objection.objects.all()}
    assert lodged["tax"] is None and lodged["creditor"].username == "applicant2"
    wrong = client.post(f"/api/notices/{notice.pk}/objections", {"standing": "boss", "text": "x"})
    assert wrong.status_code == 400 and wrong.json()["field"] == "standing"


def test_no_objection_after_the_notice_ended(client):
    notice = notice_of(noticed_case())
    end_the_period(notice)
    page = client.get(f"/notices/{notice.pk}/").content.decode()
    assert "该公示已结束，不再受理异议" in page and "提交异议" not in page
    assert client.post(f"/notices/{notice.pk}/", {"standing": "creditor", "text": "x"}).status_code == 409
    api_answer = client.post(f"/api/notices/{notice.pk}/objections", {"standing": "creditor", "text": "x"})
    assert api_answer.status_code == 409 and "已结束" in api_answer.json()["detail"]
    assert not Objection.objects.exists()


def test_an_unknown_notice_is_404(client):
    assert client.get("/notices/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/api/notices/00000000-0000-0000-0000-000000000000").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_parallel_objections_from_one_address_never_pass_the_limit(settings):
    settings.GAOXIN = {**settings.GAOXIN, "OBJECTION_LIMIT": 3}
    case = noticed_case()
    notice = notice_of(case)
    details = actions.ObjectionDetails(standing="creditor", text="同一地址反复提交")

    def lodge():
        return actions.case_register_objection(notice=notice, details=details, source="198.51.100.1")

    outcomes = race(*[lodge for _ in range(6)])
    lodged = [o for o in outcomes if isinstance(o, Objection)]
    refused = [o for o in outcomes if isinstance(o, TooManyRequests)]
    assert len(lodged) == 3 and len(refused) == 3, outcomes
    assert Objection.objects.filter(case=case).count() == 3
    assert ObjectionAttempt.objects.get(source="198.51.100.1").count == 3
    other = actions.case_register_objection(notice=notice, details=details, source="198.51.100.2")
    assert other.status == "pending", "another address has its own count"


def test_the_page_answers_429_past_the_limit(client, settings):
    settings.GAOXIN = {**settings.GAOXIN, "OBJECTION_LIMIT": 1}
    notice = notice_of(noticed_case())
    client.post(f"/notices/{notice.pk}/", {"standing": "creditor", "text": "一"})
    again = client.post(f"/notices/{notice.pk}/", {"standing": "creditor", "text": "二"})
    assert again.status_code == 429 and "提交异议过于频繁" in again.content.decode()
    api_again = client.post(f"/api/notices/{notice.pk}/objections", {"standing": "creditor", "text": "三"})
    assert api_again.status_code == 429 and api_again["Retry-After"]
    assert Objection.objects.count() == 1


def test_the_evidence_is_for_the_notice_departments_approvers_only(client):
    objection = objection_to(noticed_case(), evidence=png())
    url = f"/cases/objections/{objection.pk}/evidence/"
    client.force_login(amr())
    answer = client.get(url)
    assert answer.status_code == 200 and b"".join(answer.streaming_content) == PNG
    for other in ("police", "window", "applicant", "leader", "admin"):
        client.force_login(User.objects.get(username=other))
        assert client.get(url).status_code == 404, other
    client.logout()
    assert client.get(url).status_code == 302


def test_a_pending_objection_blocks_the_approval_until_the_department_finds_it_unfounded(client):
    case = noticed_case()
    notice = notice_of(case)
    objection = objection_to(case)
    end_the_period(notice)
    with pytest.raises(Conflict, match="异议尚未核查"):
        actions.task_approve(task=notice, approver=amr())
    assert actions.notices_elapse() == 0

    client.force_login(amr())
    page = client.get(f"/desk/tasks/{notice.pk}/").content.decode()
    assert objection.receipt in page and "尚欠货款" in page and "异议不成立" in page
    queue = client.get("/desk/").content.decode()
    assert "1 项异议待核查" in queue
    refused = client.post(f"/desk/objections/{objection.pk}/", {"finding": "dismissed", "note": ""}, follow=True)
    assert "请填写核查意见" in refused.content.decode()
    client.post(f"/desk/objections/{objection.pk}/", {"finding": "dismissed", "note": "货款已于公示前结清，有银行回单"})

    objection.refresh_from_db()
    notice.refresh_from_db()
    assert objection.status == "dismissed" and objection.resolved_by.username == "amr"
    assert notice.status == TaskStatus.APPROVED, "its period over and nothing pending, the notice ends"
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW and case.current_stage == 2
    events = list(case_events(case).values_list("action", flat=True))
    assert events.index("objection_dismissed") < events.index("notice_end")
    with pytest.raises(Conflict):
        actions.objection_resolve(objection=objection, actor=amr(), upheld=True, note="再议")


def test_only_the_notice_department_resolves(client):
    objection = objection_to(noticed_case())
    client.force_login(User.objects.get(username="police"))
    assert client.post(f"/desk/objections/{objection.pk}/", {"finding": "upheld", "note": "x"}).status_code == 404
    objection.refresh_from_db()
    assert objection.status == "pending"


def test_the_applicant_and_the_department_hear_of_an_objection(django_capture_on_commit_callbacks):
    case = noticed_case()
    with django_capture_on_commit_callbacks(execute=True):
        objection = objection_to(case)
    told = Notification.objects.filter(kind="notice_objected")
    to_applicant = told.get(recipient__username="applicant")
    assert objection.receipt in to_applicant.body and "债权人" in to_applicant.body
    assert to_applicant.link == f"/portal/cases/{case.pk}/"
    to_amr = told.get(recipient__username="amr")
    assert to_amr.link == f"/desk/tasks/{objection.task_id}/"
    assert not told.filter(recipient__username="police").exists()


def test_the_header_offers_the_public_notices_to_the_public_and_applicants_not_staff(client):
    assert 'href="/notices/"' in client.get("/catalog/").content.decode()
    client.force_login(User.objects.get(username="applicant"))
    assert 'href="/notices/"' in client.get("/catalog/").content.decode()
    client.force_login(amr())
    assert 'href="/notices/"' not in client.get("/catalog/").content.decode()
