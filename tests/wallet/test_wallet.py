"""Materials given once: a later case is offered only the kept papers of its own person, company or property, each
on its own; the platform's license proves the company's 营业执照."""

from tests.cases.test_api_flow import COMPANY_SETUP, PARALLEL_DEPARTMENTS, approve_own_task, create_and_fill
from tests.support.forms import company_form

PERSON_ID = COMPANY_SETUP["applicant"]["id_number"]
SECOND_COMPANY = {
    **COMPANY_SETUP,
    "form": company_form(
        company_name="洛阳第二示例科技有限公司", address="河南省洛阳市高新技术产业开发区滨河北路 88 号"
    ),
}


def set_up_company(api) -> dict:
    applicant, window = api("applicant"), api("window")
    case = create_and_fill(applicant)
    applicant.post(f"/api/cases/{case['id']}/submit")
    window.post(f"/api/cases/{case['id']}/accept")
    for department in ["amr", *PARALLEL_DEPARTMENTS]:
        approve_own_task(api(department), case["id"])
    return applicant.get(f"/api/cases/{case['id']}").json()


def offered(applicant, case_id) -> dict:
    return {o["material"]: o for o in applicant.get(f"/api/cases/{case_id}/wallet").json()["offers"]}


def test_a_second_company_of_the_same_person_is_offered_only_the_persons_papers(api):
    first = set_up_company(api)
    applicant = api("applicant")
    second = applicant.post("/api/cases", SECOND_COMPANY).json()

    offers = offered(applicant, second["id"])
    assert set(offers) == {"legal_rep_id"}, "the person's ID papers, none of the first company's own"
    assert offers["legal_rep_id"]["source_case_number"] == first["number"] and offers["legal_rep_id"]["kept_at"]
    for own in ["articles", "company_application", "premises_proof", "shareholder_proof", "seal_application"]:
        refused = applicant.post(f"/api/cases/{second['id']}/use-wallet", {"materials": [own]})
        assert refused.status_code == 400 and refused.json()["field"] == "materials", own

    taken = applicant.post(f"/api/cases/{second['id']}/use-wallet", {"materials": ["legal_rep_id"]}).json()
    assert taken["materials_from_wallet"] == 1
    by_code = {m["code"]: m for m in taken["materials"]}
    assert by_code["legal_rep_id"]["files"][0]["from_wallet"]
    assert by_code["articles"]["missing"] and by_code["premises_proof"]["missing"]
    assert offered(applicant, second["id"]) == {}, "what was taken is no longer offered"


def test_a_second_application_by_the_same_company_is_proved_by_its_license(api):
    set_up_company(api)
    applicant = api("applicant")
    license = applicant.get("/api/wallet").json()["certificates"][0]
    enterprise = {
        "kind": "enterprise",
        "name": license["company_name"],
        "uscc": license["uscc"],
        "id_number": PERSON_ID,
    }
    second = applicant.post("/api/cases", {"item": "POL-SEAL-001", "applicant": enterprise}).json()
    by_code = {m["code"]: m for m in second["materials"]}
    assert by_code["business_license"]["certificate"] == license["number"] and by_code["business_license"]["proved"]
    assert not by_code["business_license"]["missing"] and not by_code["seal_application"]["proved"]

    assert set(offered(applicant, second["id"])) == {"legal_rep_id"}, "a form (印章刻制申请表) is never offered"
    reused = applicant.post(f"/api/cases/{second['id']}/use-wallet", {"materials": ["legal_rep_id"]}).json()
    assert reused["materials_from_wallet"] == 1 and reused["materials_by_certificate"] == 1
    assert reused["materials_handed_in"] == 0
    assert "use_wallet" in [e["action"] for e in reused["events"]]


def test_another_person_is_offered_nothing(api):
    set_up_company(api)
    applicant = api("applicant")
    other = {
        **COMPANY_SETUP,
        "applicant": {**COMPANY_SETUP["applicant"], "name": "李红梅", "id_number": "41031119880720402X"},
    }
    case = applicant.post("/api/cases", other).json()
    assert offered(applicant, case["id"]) == {}


def test_a_material_flagged_for_correction_is_not_taken_from_the_wallet(api):
    set_up_company(api)
    applicant, window = api("applicant"), api("window")
    case = create_and_fill(applicant, SECOND_COMPANY)
    applicant.post(f"/api/cases/{case['id']}/submit")
    window.post(
        f"/api/cases/{case['id']}/request-corrections", {"materials": [{"code": "legal_rep_id", "reason": "不清晰"}]}
    )
    assert offered(applicant, case["id"]) == {}
    refused = applicant.post(f"/api/cases/{case['id']}/use-wallet", {"materials": ["legal_rep_id"]})
    assert refused.status_code == 400
    after = applicant.get(f"/api/cases/{case['id']}").json()
    assert [m for m in after["materials"] if m["code"] == "legal_rep_id"][0]["needs_correction"]


def test_only_the_owner_may_use_their_wallet(api):
    case = create_and_fill(api("applicant"))
    assert api("window").post(f"/api/cases/{case['id']}/use-wallet").status_code == 403
    assert api("applicant2").post(f"/api/cases/{case['id']}/use-wallet").status_code == 404
    assert api("applicant2").get(f"/api/cases/{case['id']}/wallet").status_code == 404
    assert api("applicant").post(f"/api/cases/{case['id']}/use-wallet", {"materials": []}).status_code == 400


def test_a_revoked_license_proves_nothing(api):
    from gaoxin.certificates.models import License

    set_up_company(api)
    license = License.objects.get()
    License.objects.update(revoked_at="2026-11-20T10:00:00+08:00", revoke_reason="测试")
    applicant = api("applicant")
    enterprise = {"kind": "enterprise", "name": license.name, "uscc": license.uscc}
    case = applicant.post("/api/cases", {"item": "POL-SEAL-001", "applicant": enterprise}).json()
    assert all(m["certificate"] is None and not m["proved"] for m in case["materials"])


def test_a_persons_case_is_not_proved_by_a_license_of_their_company(api):
    set_up_company(api)
    case = api("applicant").post("/api/cases", {"item": "POL-SEAL-001", "applicant": COMPANY_SETUP["applicant"]}).json()
    assert all(not m["proved"] for m in case["materials"]), "which of the person's companies would it be?"
