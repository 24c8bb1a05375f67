"""Simplified deregistration: the 20-day public notice waits on its own; objections during it stop the case."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gaoxin.accounts.models import User
from gaoxin.cases.actions import notices_elapse, objection_resolve
from gaoxin.cases.models import Objection, Task
from tests.cases.test_api_flow import create_and_fill
from tests.support.forms import DEREGISTRATION_FORM

DEREGISTRATION = {
    "bundle": "simple-deregistration",
    # A company of the zone's register whose legal representative is the demo applicant 张晓明.
    "applicant": {
        "kind": "enterprise",
        "name": "洛阳丰华工业软件有限公司",
        "uscc": "91410300MA49F2WH6T",
        "id_number": "410305199003152014",
    },
    "form": DEREGISTRATION_FORM,
}


@pytest.fixture
def noticed(api):
    """A deregistration case accepted at the window: its public notice has started."""
    applicant, window = api("applicant"), api("window")
    case = create_and_fill(applicant, DEREGISTRATION)
    applicant.post(f"/api/cases/{case['id']}/submit")
    accepted = window.post(f"/api/cases/{case['id']}/accept").json()
    return accepted


def test_the_notice_lasts_twenty_calendar_days(noticed):
    notice = Task.objects.get(case_id=noticed["id"])
    assert notice.waits_until - notice.created_at == timedelta(days=20)
    assert notice.deadline == notice.waits_until


def test_the_case_cannot_finish_before_the_notice_ends(api, noticed):
    amr = api("amr")
    task = [t for t in amr.get("/api/tasks").json()["items"] if t["case_id"] == noticed["id"]][0]
    early = amr.post(f"/api/tasks/{task['id']}/approve")
    assert early.status_code == 409 and "公示期" in early.json()["detail"]
    assert notices_elapse(now=timezone.now() + timedelta(days=19)) == 0
    assert api("applicant").get(f"/api/cases/{noticed['id']}").json()["current_stage"] == 1

    assert notices_elapse(now=timezone.now() + timedelta(days=20, minutes=1)) == 1
    after = api("applicant").get(f"/api/cases/{noticed['id']}").json()
    assert after["current_stage"] == 2 and after["status"] == "in_review"
    assert "notice_end" in [e["action"] for e in after["events"]]
    final = [t for t in amr.get("/api/tasks").json()["items"] if t["case_id"] == noticed["id"]][0]
    assert final["item_code"] == "AMR-DEREG-001"
    assert amr.post(f"/api/tasks/{final['id']}/approve").status_code == 200
    assert api("applicant").get(f"/api/cases/{noticed['id']}").json()["status"] == "approved"


def test_an_objection_during_the_notice_holds_it_and_a_founded_one_stops_the_case(api, noticed):
    window, amr = api("window"), api("amr")
    assert (
        window.post(f"/api/cases/{noticed['id']}/objection", {"standing": "creditor", "text": " "}).status_code == 400
    )
    held = window.post(
        f"/api/cases/{noticed['id']}/objection", {"standing": "creditor", "name": "某债权人", "text": "尚有未结清货款"}
    ).json()
    assert held["status"] == "in_review" and "objection_lodged" in [e["action"] for e in held["events"]]
    assert notices_elapse(now=timezone.now() + timedelta(days=21)) == 0, "a pending objection holds the notice"

    objection = Objection.objects.get(case_id=noticed["id"])
    amr_user = User.objects.get(username="amr")
    stopped = objection_resolve(objection=objection, actor=amr_user, upheld=True, note="经核实，货款确未结清")
    assert stopped.status == "upheld"
    after = api("applicant").get(f"/api/cases/{noticed['id']}").json()
    assert after["status"] == "denied" and "货款确未结清" in after["decision_reason"]
    outcomes = {t["item_code"]: t["status"] for t in after["tasks"]}
    assert outcomes["AMR-DEREG-NOTICE"] == "denied"
    assert outcomes["AMR-DEREG-001"] == "terminated", "the deregistration itself needs the notice to pass"
    again = window.post(f"/api/cases/{noticed['id']}/objection", {"standing": "other", "text": "乙"})
    assert again.status_code == 409
    assert amr.get("/api/tasks").json()["count"] == 0


def test_the_applicant_cannot_register_an_objection_on_the_case(api, noticed):
    response = api("applicant").post(f"/api/cases/{noticed['id']}/objection", {"standing": "other", "text": "x"})
    assert response.status_code == 403


def test_the_window_page_registers_an_objection(client, noticed):
    client.force_login(User.objects.get(username="window"))
    page = client.get(f"/window/cases/{noticed['id']}/").content.decode()
    assert "公示中" in page and "登记异议" in page
    after = client.post(
        f"/window/cases/{noticed['id']}/objection/",
        {"standing": "employee", "name": "职工代表", "text": "欠发三个月工资"},
        follow=True,
    ).content.decode()
    assert "已登记异议（回执 YY" in after
    assert Objection.objects.get(case_id=noticed["id"]).lodged_by.username == "window"


def test_the_applicant_sees_the_notice_start_end_and_days_left(client, noticed):
    client.force_login(User.objects.get(username="applicant"))
    page = client.get(f"/portal/cases/{noticed['id']}/").content.decode()
    notice = Task.objects.get(case_id=noticed["id"])
    end = timezone.localtime(notice.waits_until).strftime("%Y-%m-%d %H:%M")
    start = timezone.localtime(notice.created_at).strftime("%Y-%m-%d %H:%M")
    assert f"公示期自 {start} 至 {end}，还剩 20 天" in page


def test_days_left_count_a_part_of_a_day_as_one():
    from gaoxin.cases.rules import notice_days_left

    now = timezone.now()
    assert notice_days_left(now + timedelta(days=19, hours=1), now) == 20
    assert notice_days_left(now + timedelta(days=20), now) == 20
    assert notice_days_left(now - timedelta(minutes=1), now) == 0
