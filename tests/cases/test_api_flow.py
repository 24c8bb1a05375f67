"""A company set-up case through the API as the demo accounts, from submission to approval."""

from django.core.management import call_command

from tests.support.files import pdf
from tests.support.forms import COMPANY_FORM, HPF_WITHDRAWAL_FORM, STEP_RESULTS

COMPANY_SETUP = {
    "bundle": "company-setup",
    "applicant": {"kind": "person", "name": "张晓明", "id_number": "11010519491231002X", "phone": "13800000001"},
    "form": COMPANY_FORM,
}
PARALLEL_DEPARTMENTS = ["police", "tax", "hrss", "hpf"]


def create_and_fill(applicant, payload=COMPANY_SETUP) -> dict:
    response = applicant.post("/api/cases", payload)
    assert response.status_code == 201, response.json()
    case = response.json()
    for material in case["materials"]:
        uploaded = applicant.upload(f"/api/cases/{case['id']}/materials", material["code"], pdf())
        assert uploaded.status_code == 201, uploaded.json()
    return case


def own_task(approver, case_id: str) -> dict:
    queue = approver.get("/api/tasks").json()["items"]
    mine = [t for t in queue if t["case_id"] == case_id]
    assert len(mine) == 1, queue
    return mine[0]


def approve_own_task(approver, case_id: str) -> dict:
    """准予 with the result the department records (the demo usernames are the departments' codes)."""
    task = own_task(approver, case_id)
    result = STEP_RESULTS.get(task["department"]["code"], {})
    response = approver.post(f"/api/tasks/{task['id']}/approve", {"note": "符合条件", "result": result})
    assert response.status_code == 200, response.json()
    return response.json()


def test_company_setup_goes_from_submission_to_approval(api):
    applicant, window = api("applicant"), api("window")
    case = create_and_fill(applicant)
    assert case["status"] == "draft" and case["number"].startswith("GX")
    codes = [m["code"] for m in case["materials"]]
    assert len(codes) == len(set(codes)), "each material is asked once"
    assert "business_license" not in codes, "the license the bundle issues is never asked for"

    assert applicant.post(f"/api/cases/{case['id']}/submit").json()["status"] == "submitted"
    accepted = window.post(f"/api/cases/{case['id']}/accept", {"note": "材料齐全"}).json()
    assert accepted["status"] == "in_review"
    assert accepted["deadline"] and accepted["sla"] == "on_time"
    assert [t["department"]["code"] for t in accepted["tasks"]] == ["amr"]

    approve_own_task(api("amr"), case["id"])
    after_registration = applicant.get(f"/api/cases/{case['id']}").json()
    parallel = sorted(t["department"]["code"] for t in after_registration["tasks"] if t["stage"] == 2)
    assert parallel == sorted(PARALLEL_DEPARTMENTS)

    for department in PARALLEL_DEPARTMENTS:
        approve_own_task(api(department), case["id"])

    final = applicant.get(f"/api/cases/{case['id']}").json()
    assert final["status"] == "approved"
    assert final["decided_at"] is not None
    assert [t["status"] for t in final["tasks"]] == ["approved"] * 5
    actions = [e["action"] for e in final["events"]]
    assert actions[:2] == ["create", "upload"] and "submit" in actions and "accept" in actions
    assert actions.count("task_approve") == 5 and actions[-2:] == ["complete", "document_issue"]
    assert [e["seq"] for e in final["events"]] == list(range(1, len(actions) + 1))
    call_command("audit_verify")

    # An applicant using only the API finds the license, its documents and every step's result in the case.
    license = final["license"]
    registration = next(t for t in final["tasks"] if t["department"]["code"] == "amr")
    assert license["number"] == registration["result"]["license_number"] and license["state"] == "valid"
    assert license["uscc"] == registration["result"]["uscc"]
    assert applicant.get(license["api_pdf_url"]).status_code == 200
    kinds = [d["kind"] for d in final["documents"]]
    assert kinds == ["acceptance", *["grant"] * 5, "completion"]
    assert applicant.get(final["documents"][0]["api_pdf_url"]).status_code == 200
    assert all(t["result"] for t in final["tasks"]), "every step's result is in the case"


def test_another_applicant_gets_404(api):
    case = create_and_fill(api("applicant"))
    other = api("applicant2")
    assert other.get(f"/api/cases/{case['id']}").status_code == 404
    assert other.post(f"/api/cases/{case['id']}/submit").status_code == 404
    assert case["id"] not in [c["id"] for c in other.get("/api/cases").json()["items"]]


def test_approver_sees_only_cases_of_their_department(api):
    applicant, window = api("applicant"), api("window")
    case = create_and_fill(applicant)
    applicant.post(f"/api/cases/{case['id']}/submit")
    window.post(f"/api/cases/{case['id']}/accept")
    assert api("amr").get(f"/api/cases/{case['id']}").status_code == 200
    assert api("tax").get(f"/api/cases/{case['id']}").status_code == 404, "tax has no task yet"


def test_corrections_are_requested_at_once_and_resubmission_returns_to_the_window(api):
    applicant, window = api("applicant"), api("window")
    case = create_and_fill(applicant)
    applicant.post(f"/api/cases/{case['id']}/submit")
    asked = [case["materials"][0]["code"], case["materials"][1]["code"]]
    materials = [{"code": code, "reason": "请提供清晰件"} for code in asked]
    answer = window.post(f"/api/cases/{case['id']}/request-corrections", {"materials": materials})
    assert answer.status_code == 200 and answer.json()["status"] == "corrections_requested"
    flagged = [m["code"] for m in answer.json()["materials"] if m["needs_correction"]]
    assert flagged == asked

    refused = applicant.post(f"/api/cases/{case['id']}/submit")
    assert refused.status_code == 400 and refused.json()["field"] == "materials"

    for code in asked:
        applicant.upload(f"/api/cases/{case['id']}/materials", code, pdf("清晰件.pdf"))
    assert applicant.post(f"/api/cases/{case['id']}/submit").json()["status"] == "submitted"


def test_return_for_supplement_stops_the_clock_and_resubmission_resumes_it(api):
    applicant, window, amr = api("applicant"), api("window"), api("amr")
    case = create_and_fill(applicant)
    applicant.post(f"/api/cases/{case['id']}/submit")
    window.post(f"/api/cases/{case['id']}/accept")
    task = amr.get("/api/tasks").json()["items"][0]
    material = case["materials"][0]["code"]
    returned = amr.post(
        f"/api/tasks/{task['id']}/return",
        {"reason": "章程需全体股东签字", "materials": [{"code": material, "reason": "须全体股东签字"}]},
    )
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    waiting = applicant.get(f"/api/cases/{case['id']}").json()
    assert waiting["status"] == "supplement_requested"
    assert amr.post(f"/api/tasks/{task['id']}/approve").status_code == 409

    applicant.upload(f"/api/cases/{case['id']}/materials", material, pdf("签字版章程.pdf"))
    resumed = applicant.post(f"/api/cases/{case['id']}/submit").json()
    assert resumed["status"] == "in_review"
    assert resumed["deadline"] >= waiting["deadline"]
    assert resumed["tasks"][0]["status"] == "open"
    assert amr.post(f"/api/tasks/{task['id']}/approve").status_code == 200


def test_a_denial_needs_a_reason(api):
    applicant, window = api("applicant"), api("window")
    case = create_and_fill(applicant)
    applicant.post(f"/api/cases/{case['id']}/submit")
    window.post(f"/api/cases/{case['id']}/accept")
    amr = api("amr")
    task = own_task(amr, case["id"])
    assert amr.post(f"/api/tasks/{task['id']}/deny", {"reason": ""}).status_code == 400
    assert amr.post(f"/api/tasks/{task['id']}/deny", {"reason": "名称与他人重名"}).status_code == 200
    final = applicant.get(f"/api/cases/{case['id']}").json()
    assert final["status"] == "denied"


def test_provident_fund_withdrawal_is_decided_at_acceptance(api):
    applicant, window = api("applicant"), api("window")
    payload = {
        "bundle": "hpf-withdrawal",
        "applicant": {"kind": "person", "name": "董女士", "id_number": "11010519491231002X"},
        "form": HPF_WITHDRAWAL_FORM,
    }
    case = create_and_fill(applicant, payload)
    assert len(case["materials"]) == 3
    applicant.post(f"/api/cases/{case['id']}/submit")
    decided = window.post(f"/api/cases/{case['id']}/accept").json()
    assert decided["status"] == "approved"
    assert [t["status"] for t in decided["tasks"]] == ["approved"]


def test_window_registers_a_walk_in_case(api):
    window = api("window")
    payload = {
        "item": "HPF-WD-001",
        "applicant": {"kind": "person", "name": "董女士", "id_number": "11010519491231002X"},
    }
    case = create_and_fill(window, payload)
    assert case["channel"] == "window"
    window.post(f"/api/cases/{case['id']}/submit")
    assert window.post(f"/api/cases/{case['id']}/accept").json()["status"] == "approved"


def test_withdraw_before_a_decision_only(api):
    applicant = api("applicant")
    case = create_and_fill(applicant)
    assert applicant.post(f"/api/cases/{case['id']}/withdraw", {"reason": "暂不开办"}).json()["status"] == "withdrawn"
    again = applicant.post(f"/api/cases/{case['id']}/withdraw")
    assert again.status_code == 409 and "撤回" in again.json()["detail"]


def test_the_window_never_acts_in_an_applicants_own_online_case(api):
    """The applicant's online draft is theirs alone: a clerk can neither put papers into it nor submit it for them
    (the window acts for walk-ins); the papers stay as the applicant left them."""
    applicant, window = api("applicant"), api("window")
    case = applicant.post("/api/cases", COMPANY_SETUP).json()
    material = case["materials"][0]["code"]
    uploaded = window.upload(f"/api/cases/{case['id']}/materials", material, pdf())
    assert uploaded.status_code == 403 and "本人" in uploaded.json()["detail"]
    assert window.post(f"/api/cases/{case['id']}/submit").status_code == 403
    assert window.post(f"/api/cases/{case['id']}/use-wallet", {"materials": [material]}).status_code == 403
    after = applicant.get(f"/api/cases/{case['id']}").json()
    assert after["status"] == "draft" and not any(m["files"] for m in after["materials"])
