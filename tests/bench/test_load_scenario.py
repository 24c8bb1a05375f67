"""What `make load` and `make faults` send (bench/load/scenario.py) is what the API accepts: a company set-up case
created, filled, submitted, accepted and approved step by step with each department's result."""

import sys
from pathlib import Path

from tests.support.files import pdf

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench" / "load"))

import scenario  # noqa: E402  (bench/load is not a package: its scripts import it by name, as here)


def test_the_load_scenario_takes_a_company_setup_case_to_approved(api):
    applicant, window = api("applicant"), api("window")
    created = applicant.post("/api/cases", scenario.company_setup("洛阳压测智能科技有限公司"))
    assert created.status_code == 201, created.json()
    case = created.json()
    for material in case["materials"]:
        if not material["files"] and not material["certificate"]:
            uploaded = applicant.upload(f"/api/cases/{case['id']}/materials", material["code"], pdf())
            assert uploaded.status_code == 201, uploaded.json()
    assert applicant.post(f"/api/cases/{case['id']}/submit").status_code == 200
    assert window.post(f"/api/cases/{case['id']}/accept", {"note": "材料齐全"}).status_code == 200
    for _stage in range(2):
        for task in [t for t in applicant.get(f"/api/cases/{case['id']}").json()["tasks"] if t["status"] == "open"]:
            department = task["department"]["code"]
            approved = api(department).post(f"/api/tasks/{task['id']}/approve", scenario.approval(department))
            assert approved.status_code == 200, approved.json()
    final = applicant.get(f"/api/cases/{case['id']}").json()
    assert final["status"] == "approved", final
    assert {t["department"]["code"] for t in final["tasks"]} == set(scenario.DEPARTMENTS)
    assert all(t["result"] for t in final["tasks"])
