"""一件事 as it really works, through the API: every step its own decision and result (company set-up, 企业开办)."""

import json
import subprocess

from django.core.management import call_command

from gaoxin.cases.models import ClockPause
from gaoxin.certificates.models import License
from gaoxin.certificates.pdf import license_pdf
from gaoxin.certificates.verification import license_check
from tests.support.files import pdf
from tests.support.forms import COMPANY_FORM, STEP_RESULTS, company_form

APPLICANT = {"kind": "person", "name": "张晓明", "id_number": "11010519491231002X", "phone": "13800000001"}
STAGE_TWO = ["police", "tax", "hrss", "hpf"]


def accepted_case(api, form=COMPANY_FORM) -> str:
    applicant, window = api("applicant"), api("window")
    response = applicant.post("/api/cases", {"bundle": "company-setup", "applicant": APPLICANT, "form": form})
    assert response.status_code == 201, response.json()
    case = response.json()
    for material in case["materials"]:
        assert applicant.upload(f"/api/cases/{case['id']}/materials", material["code"], pdf()).status_code == 201
    assert applicant.post(f"/api/cases/{case['id']}/submit").status_code == 200
    assert window.post(f"/api/cases/{case['id']}/accept").json()["status"] == "in_review"
    return case["id"]


def task_of(api, department: str, case_id: str) -> dict:
    tasks = [t for t in api(department).get("/api/tasks?include_done=true").json()["items"] if t["case_id"] == case_id]
    assert len(tasks) == 1, tasks
    return tasks[0]


def decide(api, department: str, case_id: str, decision: str, **body) -> dict:
    task = task_of(api, department, case_id)
    if decision == "approve":
        body.setdefault("result", STEP_RESULTS.get(department, {}))
    response = api(department).post(f"/api/tasks/{task['id']}/{decision}", body)
    assert response.status_code == 200, response.json()
    return response.json()


def case_of(api, case_id: str) -> dict:
    return api("applicant").get(f"/api/cases/{case_id}").json()


def by_department(case: dict) -> dict[str, dict]:
    return {t["department"]["code"]: t for t in case["tasks"]}


def test_tax_denies_and_the_registration_stands_with_its_license_the_others_finish_and_the_case_ends_partly(api):
    case_id = accepted_case(api)
    registration = decide(api, "amr", case_id, "approve")
    uscc, number = registration["result"]["uscc"], registration["result"]["license_number"]
    assert len(uscc) == 18 and number.startswith("GXZZ")
    assert {"label": "统一社会信用代码", "value": uscc} in registration["result_lines"]

    decide(api, "tax", case_id, "deny", reason="法定代表人存在欠税记录")
    assert case_of(api, case_id)["status"] == "in_review", "a denied step ends that step only"
    for department in ("police", "hrss", "hpf"):
        decide(api, department, case_id, "approve")

    final = case_of(api, case_id)
    assert final["status"] == "partly_approved" and final["status_display"] == "部分办结"
    steps = by_department(final)
    assert {code: t["status"] for code, t in steps.items()} == {
        "amr": "approved",
        "police": "approved",
        "tax": "denied",
        "hrss": "approved",
        "hpf": "approved",
    }
    assert steps["hrss"]["result"] == STEP_RESULTS["hrss"]
    assert steps["police"]["result_lines"] == [
        {
            "label": "备案印章",
            "value": "印章种类：公章，印章编码：4103050000001\n印章种类：财务专用章，印章编码：4103050000002",
        }
    ]
    assert final["decision_reason"] == "新办纳税人涉税事项确认：不予许可（法定代表人存在欠税记录）"
    assert [e["action"] for e in final["events"]][-2:] == ["complete_partly", "document_issue"], "and its 办结通知书"

    license = License.objects.get(case_id=case_id)
    assert (license.uscc, license.number) == (uscc, number)
    assert [c["code"] for c in license.integrated] == [
        "business_license",
        "organization_code",
        "social_insurance",
        "statistics_registration",
        "seal_filing",
        "housing_fund",
        "employment_filing",
    ], "only what the granted steps integrate: no tax registration, no customs or foreign-investment filing"
    assert license_check(license).state == "valid"
    call_command("audit_verify")


def test_a_registration_denial_ends_every_step_that_needs_it_as_terminated(api):
    case_id = accepted_case(api)
    decide(api, "amr", case_id, "deny", reason="企业名称与已登记企业重名")
    final = case_of(api, case_id)
    assert final["status"] == "denied"
    steps = by_department(final)
    assert steps["amr"]["status"] == "denied"
    for department in STAGE_TWO:
        assert steps[department]["status"] == "terminated"
        assert steps[department]["status_display"] == "终止"
        assert steps[department]["reason"] == "前置事项“企业设立登记”不予许可，本事项终止"
    assert not License.objects.filter(case_id=case_id).exists()
    assert [e["action"] for e in final["events"]].count("task_terminate") == 4


def test_a_step_returned_for_supplement_stays_open_and_paused_when_another_is_denied(api):
    case_id = accepted_case(api)
    decide(api, "amr", case_id, "approve")
    decide(api, "police", case_id, "return", reason="请补充法定代表人签字的刻章申请")
    decide(api, "tax", case_id, "deny", reason="存在欠税")
    decide(api, "hrss", case_id, "approve")
    decide(api, "hpf", case_id, "approve")

    waiting = case_of(api, case_id)
    assert waiting["status"] == "supplement_requested", "the case waits for the applicant's supplement"
    police = by_department(waiting)["police"]
    assert police["status"] == "returned" and police["reason"] == "请补充法定代表人签字的刻章申请"
    assert ClockPause.objects.filter(case_id=case_id, ended_at__isnull=True).count() == 1, "its clock stays paused"

    applicant = api("applicant")
    assert applicant.post(f"/api/cases/{case_id}/submit").json()["status"] == "in_review"
    decide(api, "police", case_id, "approve")
    assert case_of(api, case_id)["status"] == "partly_approved"


def test_stage_two_departments_see_the_new_uscc(api):
    case_id = accepted_case(api)
    uscc = decide(api, "amr", case_id, "approve")["result"]["uscc"]
    for department in STAGE_TWO:
        seen = api(department).get(f"/api/cases/{case_id}").json()
        registration = by_department(seen)["amr"]
        assert registration["result"]["uscc"] == uscc


def test_every_step_granted_integrates_eight_certificates_and_the_case_ends_approved(api, tmp_path):
    case_id = accepted_case(api)
    decide(api, "amr", case_id, "approve")
    assert len(License.objects.get(case_id=case_id).integrated) == 3, "the registration's own three at first"
    for department in STAGE_TWO:
        decide(api, department, case_id, "approve")
    assert case_of(api, case_id)["status"] == "approved"
    license = License.objects.get(case_id=case_id)
    assert len(license.integrated) == 8 and "tax_registration" in {c["code"] for c in license.integrated}
    assert license_check(license).state == "valid"
    page = api("applicant").client.get(f"/verify/{license.pk}/").content.decode()
    assert "本执照集成以下 8 项证照" in page and "海关报关单位备案" not in page
    assert [c["code"] for c in json.loads(license.payload)["integrated"]] == [c["code"] for c in license.integrated]
    path = tmp_path / "license.pdf"
    path.write_bytes(license_pdf(license))
    text = "".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    assert "八证合一" in text and "住房公积金单位缴存登记" in text and "海关报关单位备案" not in text


def test_shareholders_contributions_must_add_up_to_the_registered_capital(api):
    form = company_form(registered_capital="120")
    response = api("applicant").post("/api/cases", {"bundle": "company-setup", "applicant": APPLICANT, "form": form})
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "form.registered_capital"
    assert body["detail"] == "注册资本（万元）（120）应等于各行出资额之和（100）"


def test_every_wrong_field_of_the_form_is_named_at_once_with_its_path(api):
    shareholders = [
        dict(COMPANY_FORM["shareholders"][0]),
        {**COMPANY_FORM["shareholders"][1], "id": "91410300MA44FUTP0B"},
    ]
    form = company_form(shareholders=shareholders, legal_representative_id="123", company_type="合作社")
    response = api("applicant").post("/api/cases", {"bundle": "company-setup", "applicant": APPLICANT, "form": form})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"form.company_type", "form.legal_representative_id", "form.shareholders.1.id"}
    assert "校验码" in errors["form.shareholders.1.id"]


def test_a_result_in_the_wrong_format_is_refused_and_nothing_changes(api):
    case_id = accepted_case(api)
    decide(api, "amr", case_id, "approve")
    task = task_of(api, "hrss", case_id)
    refused = api("hrss").post(f"/api/tasks/{task['id']}/approve", {"result": {"social_security_number": "12345"}})
    assert refused.status_code == 400
    assert refused.json()["field"] == "result.social_security_number"
    assert "4103" in refused.json()["detail"]
    assert task_of(api, "hrss", case_id)["status"] == "open"
    assert task_of(api, "hrss", case_id)["result_fields"][0]["key"] == "social_security_number"
