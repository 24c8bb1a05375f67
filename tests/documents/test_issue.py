"""Each decision is put in writing at the moment it is made (行政许可法 §32, §38, §42): the document, its number of
its kind and year, its PDF with the applicant, the reasons and the rights notice, through the API as the people who
decide and the applicant who downloads."""

import re
import subprocess

import pytest
from django.utils import timezone

from gaoxin.cases import actions as case_actions
from gaoxin.documents.models import Document
from gaoxin.documents.rules import written_date
from tests.cases.test_api_flow import approve_own_task, create_and_fill, own_task
from tests.cases.test_concurrency import race
from tests.ratings.helpers import submitted_case, user

NUMBER = r"洛高审{word}〔{year}〕(\d+)号"


def pdf_text(data: bytes) -> str:
    """The text of a PDF in the order it was drawn (pdftotext -raw: a table cell stays whole), without line breaks."""
    text = subprocess.run(["pdftotext", "-raw", "-", "-"], input=data, capture_output=True, check=True).stdout
    return re.sub(r"\s+", "", text.decode())


def documents_of(person, case_id: str) -> list[dict]:
    response = person.get(f"/api/cases/{case_id}/documents")
    assert response.status_code == 200, response.content
    return response.json()


def text_of(person, document: dict) -> str:
    response = person.get(f"/api/documents/{document['id']}/pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return pdf_text(response.content)


def sequence_of(document: dict, word: str) -> int:
    match = re.fullmatch(NUMBER.format(word=word, year=timezone.localdate().year), document["number"])
    assert match, document["number"]
    return int(match.group(1))


def submitted(applicant) -> dict:
    case = create_and_fill(applicant)
    assert applicant.post(f"/api/cases/{case['id']}/submit").status_code == 200
    return case


def test_acceptance_issues_a_numbered_notice_with_the_time_limits(api):
    applicant, window = api("applicant"), api("window")
    case = submitted(applicant)
    accepted = window.post(f"/api/cases/{case['id']}/accept", {"note": "材料齐全"}).json()

    [notice] = documents_of(applicant, case["id"])
    assert notice["kind"] == "acceptance" and notice["title"] == "受理通知书"
    sequence_of(notice, "受")
    text = text_of(applicant, notice)
    for expected in (
        "受理通知书",
        notice["number"],
        "张晓明",
        accepted["number"],
        "企业设立登记",
        "第三十二条",
        "法定办理时限",
        written_date(timezone.localdate()),
        "洛阳高新技术产业开发区管理委员会",
    ):
        assert re.sub(r"\s+", "", expected) in text, expected
    events = applicant.get(f"/api/cases/{case['id']}").json()["events"]
    issued = [e for e in events if e["action"] == "document_issue"]
    assert [e["reason"] for e in issued] == [f"受理通知书 {notice['number']}"]
    assert issued[0]["action_display"] == "出具文书"


def test_refusal_notice_gives_the_reason_and_the_right_to_appeal(api):
    applicant, window = api("applicant"), api("window")
    case = submitted(applicant)
    reason = "申请的名称与已登记企业名称相同"
    assert window.post(f"/api/cases/{case['id']}/not-accept", {"reason": reason}).status_code == 200
    [notice] = documents_of(applicant, case["id"])
    assert notice["kind"] == "refusal"
    sequence_of(notice, "不受")
    text = text_of(applicant, notice)
    assert reason in text and "不予受理" in text
    assert "60日内向洛阳市人民政府申请行政复议" in text and "6个月内向洛阳市涧西区人民法院提起行政诉讼" in text


def test_corrections_notice_names_every_material_with_its_own_reason(api):
    applicant, window = api("applicant"), api("window")
    case = submitted(applicant)
    asked = {
        case["materials"][0]["code"]: "缺少全体股东签字",
        case["materials"][1]["code"]: "复印件不清晰，请提供原件扫描件",
    }
    materials = [{"code": code, "reason": reason} for code, reason in asked.items()]
    response = window.post(f"/api/cases/{case['id']}/request-corrections", {"materials": materials, "note": ""})
    assert response.status_code == 200, response.json()
    [notice] = documents_of(applicant, case["id"])
    assert notice["kind"] == "corrections"
    text = text_of(applicant, notice)
    names = {m["code"]: m["name"] for m in case["materials"]}
    for code, reason in asked.items():
        assert re.sub(r"\s+", "", names[code]) in text and re.sub(r"\s+", "", reason) in text
    assert "一次性告知" in text and "共2项" in text


def test_each_step_is_decided_in_writing_and_the_bundle_ends_with_a_completion_notice(api):
    applicant, window = api("applicant"), api("window")
    case = submitted(applicant)
    window.post(f"/api/cases/{case['id']}/accept")
    approve_own_task(api("amr"), case["id"])
    police = api("police")
    reason = "申请刻制的印章印文与企业名称不一致"
    denied = police.post(f"/api/tasks/{own_task(police, case['id'])['id']}/deny", {"reason": reason})
    assert denied.status_code == 200, denied.json()
    for department in ("tax", "hrss", "hpf"):
        approve_own_task(api(department), case["id"])

    final = applicant.get(f"/api/cases/{case['id']}").json()
    assert final["status"] == "partly_approved"
    documents = documents_of(applicant, case["id"])
    assert [d["kind"] for d in documents] == ["acceptance", "grant", "denial", "grant", "grant", "grant", "completion"]
    grants = [sequence_of(d, "许") for d in documents if d["kind"] == "grant"]
    assert grants == list(range(grants[0], grants[0] + 4)), "one more than the last, per kind and year"

    registration = next(t for t in final["tasks"] if t["department"]["code"] == "amr")
    license_number, uscc = registration["result"]["license_number"], registration["result"]["uscc"]
    grant_text = text_of(applicant, documents[1])
    assert "准予行政许可决定书" in grant_text and "第三十八条第一款" in grant_text
    assert "《中华人民共和国公司法》" in grant_text and uscc in grant_text

    denial_text = text_of(applicant, documents[2])
    assert reason in denial_text and "公章刻制备案" in denial_text and "第三十八条第二款" in denial_text
    assert "《印铸刻字业暂行管理规则》" in denial_text, "the item's legal basis from the catalog"
    assert "60日内向洛阳市人民政府申请行政复议" in denial_text and "洛阳市涧西区人民法院" in denial_text

    completion = text_of(applicant, documents[-1])
    assert "办结通知书" in completion and "部分准予" in completion
    assert license_number in completion and uscc in completion and reason in completion
    for name in ("企业设立登记", "公章刻制备案", "社会保险登记"):
        assert name in completion


def test_an_approved_extension_issues_an_extension_notice(db):
    case = case_actions.case_accept(case=submitted_case(bundle="company-setup"), clerk=user("window"))
    task = case.tasks.get(department__code="amr")
    extension = case_actions.task_extension_request(
        task=task, approver=user("amr"), days=5, reason="需现场核查经营场所"
    )
    case_actions.task_extension_decide(extension=extension, head=user("amr-head"), approve=True)
    notice = Document.objects.get(case=case, kind="extension")
    assert notice.task_id == task.pk and "〔" in notice.number
    assert "需现场核查经营场所" in notice.payload and "第四十二条" in notice.payload
    assert "延长5个工作日" in notice.payload


def test_another_applicant_can_neither_list_nor_download_the_documents(api):
    applicant, window = api("applicant"), api("window")
    case = submitted(applicant)
    window.post(f"/api/cases/{case['id']}/accept")
    [notice] = documents_of(applicant, case["id"])
    other = api("applicant2")
    assert other.get(f"/api/cases/{case['id']}/documents").status_code == 404
    assert other.get(f"/api/documents/{notice['id']}/pdf").status_code == 404
    assert window.get(f"/api/documents/{notice['id']}/pdf").status_code == 200, "the window prints it"
    assert api("amr").get(f"/api/documents/{notice['id']}/pdf").status_code == 200, "the deciding department"


@pytest.mark.django_db(transaction=True)
def test_two_decisions_at_once_never_share_a_number():
    first, second = submitted_case(bundle="company-setup"), submitted_case(bundle="company-setup")
    clerk = user("window")
    outcomes = race(
        lambda: case_actions.case_accept(case=first, clerk=clerk),
        lambda: case_actions.case_accept(case=second, clerk=clerk),
    )
    assert all(not isinstance(o, Exception) for o in outcomes), outcomes
    notices = list(Document.objects.filter(kind="acceptance").order_by("sequence"))
    assert len(notices) == 2 and notices[0].number != notices[1].number
    assert notices[1].sequence == notices[0].sequence + 1


def test_a_walk_in_case_is_printed_at_the_window(client, db):
    case = submitted_case(bundle="company-setup", by="window")
    case_actions.case_accept(case=case, clerk=user("window"))
    notice = Document.objects.get(case=case, kind="acceptance")
    client.force_login(user("window"))
    page = client.get(f"/window/cases/{case.pk}/").content.decode()
    assert notice.number in page and f"/documents/{notice.pk}/pdf/?print=1" in page
    printed = client.get(f"/documents/{notice.pk}/pdf/?print=1")
    assert printed.status_code == 200 and printed["Content-Disposition"].startswith("inline")
