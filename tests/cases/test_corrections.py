"""一次性告知 (行政许可法 §32): the window's corrections and a department's return name every material at once, each
with its own reason — through the API and through the window's and the desk's forms."""

import re

import pytest
from django.core.management import call_command

from gaoxin.cases import actions, selectors
from gaoxin.cases.models import Case, CaseStatus, Task, TaskStatus
from gaoxin.core.models import AuditEvent
from tests.cases.test_api_flow import create_and_fill, own_task
from tests.cases.test_desk_pages import accepted_case, amr_task, logged_in, material_codes, submitted_case, user
from tests.support.forms import STEP_RESULTS

pytestmark = pytest.mark.django_db

REASONS = ["请提供加盖公章的清晰扫描件", "须全体股东签字", "住所证明已过期，请提供一年内的租赁合同"]


def submitted_through_the_api(api) -> dict:
    applicant = api("applicant")
    case = create_and_fill(applicant)
    assert applicant.post(f"/api/cases/{case['id']}/submit").json()["status"] == "submitted"
    return case


def in_review_through_the_api(api) -> dict:
    case = submitted_through_the_api(api)
    assert api("window").post(f"/api/cases/{case['id']}/accept").json()["status"] == "in_review"
    return case


def three_with_reasons(case: dict) -> list[dict]:
    """Three of the case's materials, given in the reverse of the case's order, each with its own reason."""
    picked = [case["materials"][n] for n in (4, 2, 0)]
    return [{"code": m["code"], "reason": reason} for m, reason in zip(picked, REASONS, strict=True)]


def in_case_order(case: dict, given: list[dict]) -> list[dict]:
    """What the audit event keeps: code, name and reason, in the order of the case's materials."""
    reasons = {m["code"]: m["reason"] for m in given}
    return [
        {"code": m["code"], "name": m["name"], "reason": reasons[m["code"]]}
        for m in case["materials"]
        if m["code"] in reasons
    ]


def flagged(answer: dict) -> dict[str, str]:
    return {m["code"]: m["correction_note"] for m in answer["materials"] if m["needs_correction"]}


def events(case_id) -> int:
    return AuditEvent.objects.filter(subject_type="case", subject_id=str(case_id)).count()


# --- the window's corrections through the API ----------------------------------------------------


def test_corrections_carry_each_materials_own_reason_into_the_case_and_its_audit_event(api):
    case = submitted_through_the_api(api)
    asked = three_with_reasons(case)
    # Reasons are kept as typed, without the spaces around them.
    sent = [{**asked[0], "reason": f"  {asked[0]['reason']} "}, *asked[1:]]
    answer = api("window").post(
        f"/api/cases/{case['id']}/request-corrections", {"materials": sent, "note": "其余材料齐全"}
    )
    assert answer.status_code == 200, answer.json()
    after = answer.json()
    assert after["status"] == "corrections_requested" and after["clerk_note"] == "其余材料齐全"
    assert flagged(after) == {m["code"]: m["reason"] for m in asked}
    event = next(e for e in after["events"] if e["action"] == "request_corrections")
    assert event["data"]["materials"] == in_case_order(case, asked)
    assert event["reason"] == "其余材料齐全"
    call_command("audit_verify")


def test_a_blank_reason_for_one_material_refuses_the_whole_request_and_names_it(api):
    case = submitted_through_the_api(api)
    asked = three_with_reasons(case)
    asked[1]["reason"] = "   "
    before = events(case["id"])
    answer = api("window").post(f"/api/cases/{case['id']}/request-corrections", {"materials": asked})
    assert answer.status_code == 400
    body = answer.json()
    name = next(m["name"] for m in case["materials"] if m["code"] == asked[1]["code"])
    assert body["field"] == f"materials.{asked[1]['code']}"
    assert body["detail"] == f"请写明“{name}”需要补正的原因"
    assert body["errors"] == {f"materials.{asked[1]['code']}": body["detail"]}
    now = api("window").get(f"/api/cases/{case['id']}").json()
    assert now["status"] == "submitted" and flagged(now) == {}, "nothing changed"
    assert events(case["id"]) == before, "no audit event"


def test_every_material_without_a_good_reason_is_named_at_once(api):
    case = submitted_through_the_api(api)
    asked = three_with_reasons(case)
    asked[0]["reason"], asked[2]["reason"] = "", "长" * 501
    answer = api("window").post(f"/api/cases/{case['id']}/request-corrections", {"materials": asked})
    assert answer.status_code == 400
    errors = answer.json()["errors"]
    assert list(errors) == [f"materials.{asked[2]['code']}", f"materials.{asked[0]['code']}"], "in the case's order"
    assert "不能超过 500 字" in errors[f"materials.{asked[2]['code']}"]
    assert "（共 2 处需要修改）" in answer.json()["detail"]


def test_a_material_listed_twice_or_without_a_reason_field_is_refused_by_the_schema(api):
    case = submitted_through_the_api(api)
    code = case["materials"][0]["code"]
    url = f"/api/cases/{case['id']}/request-corrections"
    twice = api("window").post(url, {"materials": [{"code": code, "reason": "甲"}, {"code": code, "reason": "乙"}]})
    assert twice.status_code == 422 and twice.json()["field"] == "materials" and code in twice.json()["detail"]
    bare = api("window").post(url, {"materials": [code]})
    assert bare.status_code == 422 and bare.json()["field"].startswith("materials")
    assert api("window").get(f"/api/cases/{case['id']}").json()["status"] == "submitted"


# --- a department's return through the API -------------------------------------------------------


def test_a_return_carries_each_materials_own_reason_into_the_case_and_its_audit_event(api):
    case = in_review_through_the_api(api)
    amr = api("amr")
    task = own_task(amr, case["id"])
    asked = three_with_reasons(case)
    answer = amr.post(f"/api/tasks/{task['id']}/return", {"reason": "请按下列要求补充材料", "materials": asked})
    assert answer.status_code == 200, answer.json()
    assert answer.json()["status"] == "returned" and answer.json()["reason"] == "请按下列要求补充材料"
    after = api("applicant").get(f"/api/cases/{case['id']}").json()
    assert after["status"] == "supplement_requested"
    assert flagged(after) == {m["code"]: m["reason"] for m in asked}
    event = next(e for e in after["events"] if e["action"] == "task_return")
    assert event["data"]["materials"] == in_case_order(case, asked)
    assert event["reason"] == "请按下列要求补充材料" and event["data"]["task"] == str(task["id"])


def test_a_return_without_materials_says_so_in_its_event(api):
    case = in_review_through_the_api(api)
    amr = api("amr")
    task = own_task(amr, case["id"])
    assert amr.post(f"/api/tasks/{task['id']}/return", {"reason": "请补充股东会决议"}).status_code == 200
    after = api("applicant").get(f"/api/cases/{case['id']}").json()
    assert flagged(after) == {}
    assert next(e for e in after["events"] if e["action"] == "task_return")["data"]["materials"] == []


def test_a_return_with_a_blank_reason_for_one_material_changes_nothing(api):
    case = in_review_through_the_api(api)
    amr = api("amr")
    task = own_task(amr, case["id"])
    asked = three_with_reasons(case)
    asked[2]["reason"] = ""
    before = events(case["id"])
    answer = amr.post(f"/api/tasks/{task['id']}/return", {"reason": "请补充", "materials": asked})
    assert answer.status_code == 400 and answer.json()["field"] == f"materials.{asked[2]['code']}"
    now = api("applicant").get(f"/api/cases/{case['id']}").json()
    assert now["status"] == "in_review" and flagged(now) == {}
    assert [t["status"] for t in now["tasks"]] == ["open"]
    assert events(case["id"]) == before
    assert not Case.objects.get(pk=case["id"]).pauses.exists(), "the clock did not stop"


# --- the window's form ---------------------------------------------------------------------------


def test_the_window_form_shows_a_reason_box_beside_each_material(client):
    case = submitted_case()
    page = logged_in(client, "window").get(f"/window/cases/{case.pk}/").content.decode()
    for code in material_codes(case):
        assert f'name="materials" value="{code}"' in page
        assert re.search(rf'<textarea id="id_reason-{code}" name="reason-{code}" rows="1" maxlength="500"', page)


def test_a_window_form_missing_one_reason_keeps_what_was_typed_and_names_that_material(client):
    case = submitted_case()
    first, second = material_codes(case)[:2]
    name = case.materials.get(material__code=second).material.name
    posted = {
        "decision": "corrections",
        "materials": [first, second],
        f"reason-{first}": "须加盖公章",
        f"reason-{second}": " ",
        "note": "其余齐全",
    }
    response = logged_in(client, "window").post(f"/window/cases/{case.pk}/", posted)
    assert response.status_code == 400
    page = response.content.decode()
    assert f'<p class="error" id="id_reason-{second}-error">请写明“{name}”需要补正的原因</p>' in page
    assert re.search(rf'name="reason-{second}"[^>]* required aria-invalid="true"', page)
    assert re.search(rf'name="reason-{first}"[^>]* required>须加盖公章</textarea>', page)
    assert re.search(rf'value="{first}"[^>]*checked', page) and re.search(rf'value="{second}"[^>]*checked', page)
    assert ">其余齐全</textarea>" in page
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED and not case.materials.filter(needs_correction=True).exists()


# --- the desk's form -----------------------------------------------------------------------------


def test_the_desk_form_returns_with_each_materials_own_reason(client):
    case = accepted_case()
    task = amr_task(case)
    first, _second, third = material_codes(case)[:3]
    posted = {
        "decision": "return",
        "note": "请按要求补充",
        "materials": [third, first],
        f"reason-{first}": "须全体股东签字",
        f"reason-{third}": "请提供一年内的租赁合同",
    }
    response = logged_in(client, "amr").post(f"/desk/tasks/{task.pk}/", posted)
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.RETURNED
    event = AuditEvent.objects.get(subject_id=str(case.pk), action="task_return")
    assert [(m["code"], m["reason"]) for m in event.data["materials"]] == [
        (first, "须全体股东签字"),
        (third, "请提供一年内的租赁合同"),
    ]


def test_a_desk_form_without_its_reason_and_a_materials_reason_names_both_at_once(client):
    case = accepted_case()
    task = amr_task(case)
    code = material_codes(case)[0]
    name = case.materials.get(material__code=code).material.name
    posted = {"decision": "return", "note": "", "materials": [code], f"reason-{code}": ""}
    response = logged_in(client, "amr").post(f"/desk/tasks/{task.pk}/", posted)
    assert response.status_code == 400
    page = response.content.decode()
    assert "退回补充必须说明需要补充的内容" in page
    assert f'id="id_reason-{code}-error">请写明“{name}”需要补正的原因</p>' in page
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_a_desk_form_sent_after_another_department_acted_keeps_the_reasons_typed(client):
    case = accepted_case()
    actions.task_approve(task=amr_task(case), approver=user("amr"))
    tax = Task.objects.get(case=case, department__code="tax")
    seen = selectors.case_version(case)
    police = Task.objects.get(case=case, department__code="police")
    actions.task_approve(task=police, approver=user("police"), result=STEP_RESULTS["police"])
    code = material_codes(case)[0]
    posted = {"decision": "return", "note": "请补充", "materials": [code], f"reason-{code}": "须加盖公章"}
    response = logged_in(client, "tax").post(f"/desk/tasks/{tax.pk}/", {**posted, "version": seen})
    assert response.status_code == 409
    page = response.content.decode()
    assert re.search(rf'name="reason-{code}"[^>]* required>须加盖公章</textarea>', page)
    assert re.search(rf'value="{code}"[^>]*checked', page)
    tax.refresh_from_db()
    assert tax.status == TaskStatus.OPEN
