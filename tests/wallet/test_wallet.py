"""Materials given once: a second application by the same company reuses the wallet and the platform's license."""

from tests.cases.test_api_flow import COMPANY_SETUP, PARALLEL_DEPARTMENTS, approve_own_task, create_and_fill


def set_up_company(api) -> dict:
    applicant, window = api("applicant"), api("window")
    case = create_and_fill(applicant)
    applicant.post(f"/api/cases/{case['id']}/submit")
    window.post(f"/api/cases/{case['id']}/accept")
    for department in ["amr", *PARALLEL_DEPARTMENTS]:
        approve_own_task(api(department), case["id"])
    return applicant.get(f"/api/cases/{case['id']}").json()


def test_a_second_application_by_the_same_company_hands_in_less(api):
    first = set_up_company(api)
    assert first["status"] == "approved" and first["materials_handed_in"] == first["materials_asked"] == 9
    applicant = api("applicant")
    wallet = applicant.get("/api/wallet").json()
    assert len(wallet["documents"]) == 9 and len(wallet["certificates"]) == 1
    license = wallet["certificates"][0]

    enterprise = {"kind": "enterprise", "name": license["company_name"], "uscc": license["uscc"]}
    second = applicant.post("/api/cases", {"item": "POL-SEAL-001", "applicant": enterprise}).json()
    by_code = {m["code"]: m for m in second["materials"]}
    assert by_code["business_license"]["certificate"] == license["number"], "the license is never uploaded again"

    reused = applicant.post(f"/api/cases/{second['id']}/use-wallet").json()
    assert reused["materials_from_wallet"] == 2 and reused["materials_by_certificate"] == 1
    assert reused["materials_handed_in"] == 0 < first["materials_handed_in"]
    assert applicant.post(f"/api/cases/{second['id']}/submit").json()["status"] == "submitted"
    assert "use_wallet" in [e["action"] for e in reused["events"]]


def test_a_material_flagged_for_correction_is_not_taken_from_the_wallet(api):
    set_up_company(api)
    applicant, window = api("applicant"), api("window")
    case = create_and_fill(applicant, COMPANY_SETUP)
    applicant.post(f"/api/cases/{case['id']}/submit")
    code = case["materials"][0]["code"]
    window.post(f"/api/cases/{case['id']}/request-corrections", {"materials": [{"code": code, "reason": "不清晰"}]})
    after = applicant.post(f"/api/cases/{case['id']}/use-wallet").json()
    assert [m for m in after["materials"] if m["code"] == code][0]["needs_correction"]


def test_only_the_owner_may_use_their_wallet(api):
    case = create_and_fill(api("applicant"))
    assert api("window").post(f"/api/cases/{case['id']}/use-wallet").status_code == 403
    assert api("applicant2").post(f"/api/cases/{case['id']}/use-wallet").status_code == 404


def test_a_revoked_license_proves_nothing(api):
    from gaoxin.certificates.models import License

    set_up_company(api)
    License.objects.update(revoked_at="2026-11-20T10:00:00+08:00", revoke_reason="测试")
    applicant = api("applicant")
    case = applicant.post("/api/cases", {"item": "POL-SEAL-001", "applicant": COMPANY_SETUP["applicant"]}).json()
    assert all(m["certificate"] is None for m in case["materials"])
