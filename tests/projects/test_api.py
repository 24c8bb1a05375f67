"""The key-projects API: reads for everyone with a login, writes for the project's people, errors as JSON."""

from datetime import date

import pytest
from django.utils import timezone

from gaoxin.projects import actions
from gaoxin.projects.models import ElementRequest
from tests.projects.helpers import make_project, user

pytestmark = pytest.mark.django_db


def test_reading_needs_a_login(client):
    assert client.get("/api/projects").status_code == 401


@pytest.mark.parametrize("username", ["window", "amr", "officer", "leader", "stats"])
def test_the_zones_people_read_the_register(api, username):
    listing = api(username).get("/api/projects", level="province").json()
    assert listing["count"] == 6
    assert all(
        p["total_investment"].endswith(tuple("0123456789")) and "." in p["total_investment"] for p in listing["items"]
    )


def test_filters_by_level_stage_leader_park_and_year(api):
    a = api("window")
    assert a.get("/api/projects", level="province,city", year=2021).json()["count"] == 18
    production = a.get("/api/projects", stage="production").json()["items"]
    assert {p["stage"] for p in production} == {"production"}
    mine = a.get("/api/projects", leader="leader2").json()["items"]
    assert mine and {p["leader"] for p in mine} == {"leader2"}
    yinlong = a.get("/api/projects", park="yinlong").json()["items"]
    assert yinlong and {p["park"] for p in yinlong} == {"yinlong"}
    assert a.get("/api/projects", year=2030).json()["count"] == 0


def test_unknown_project_is_404(api):
    answer = api("leader").get("/api/projects/00000000-0000-0000-0000-000000000000")
    assert answer.status_code == 404 and answer.json()["code"] == "not_found"


def test_an_applicant_may_not_know_of_the_register_nor_of_a_project(api):
    """It names the responsible people with their phones and holds the zone's plans: 404, as for any other person's
    things."""
    applicant = api("applicant")
    for path in ("/api/projects", "/api/projects/board", f"/api/projects/{make_project().pk}"):
        assert applicant.get(path).status_code == 404, path
    assert applicant.post("/api/projects", {}).status_code == 404


def test_officer_files_a_report_and_a_stranger_is_refused(api):
    project = make_project()
    today = timezone.localdate()
    body = {"year": today.year, "month": today.month, "invested": "88.5", "progress": "主体结构施工至三层"}
    refused = api("window").post(f"/api/projects/{project.pk}/reports", body)
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    filed = api("officer").post(f"/api/projects/{project.pk}/reports", body)
    assert filed.status_code == 201, filed.content
    assert filed.json()["invested"] == "88.50" and filed.json()["locked"] is False
    again = api("officer").post(f"/api/projects/{project.pk}/reports", {**body, "invested": "90"})
    assert again.status_code == 200 and again.json()["invested"] == "90.00"
    assert len(api("window").get(f"/api/projects/{project.pk}/reports").json()) == 1


def test_a_report_for_a_closed_month_is_a_conflict(api):
    project = make_project()
    answer = api("officer").post(
        f"/api/projects/{project.pk}/reports", {"year": 2021, "month": 3, "invested": "1", "progress": "补报"}
    )
    assert answer.status_code == 409
    assert answer.json()["field"] == "month" and "关账" in answer.json()["detail"]


def test_bad_amount_is_400_on_its_field(api):
    project = make_project()
    today = timezone.localdate()
    answer = api("officer").post(
        f"/api/projects/{project.pk}/reports",
        {"year": today.year, "month": today.month, "invested": "-5", "progress": "x"},
    )
    assert answer.status_code == 400 and answer.json()["field"] == "invested"


def test_photos_upload_to_a_report(client, api):
    from tests.projects.test_actions import png

    project = make_project()
    today = timezone.localdate()
    officer = api("officer")
    officer.post(
        f"/api/projects/{project.pk}/reports",
        {"year": today.year, "month": today.month, "invested": "1", "progress": "施工"},
    )
    answer = client.post(
        f"/api/projects/{project.pk}/reports/{today.year}/{today.month}/photos",
        {"photos": [png("a.png"), png("b.png")]},
        headers=officer.headers,
    )
    assert answer.status_code == 200, answer.content
    assert [p["name"] for p in answer.json()["photos"]] == ["a.png", "b.png"]
    from tests.support.files import text_file

    bad = client.post(
        f"/api/projects/{project.pk}/reports/{today.year}/{today.month}/photos",
        {"photos": [text_file("x.png")]},
        headers=officer.headers,
    )
    assert bad.status_code == 400 and bad.json()["field"] == "photos"


def test_milestones_through_the_api(api):
    project = make_project()
    officer = api("officer")
    added = officer.post(f"/api/projects/{project.pk}/milestones", {"name": "设备进场", "planned_date": "2021-06-30"})
    assert added.status_code == 201 and added.json()["state"] == "overdue"
    met = officer.post(f"/api/projects/{project.pk}/milestones/{added.json()['id']}/met", {"actual_date": "2021-07-05"})
    assert met.status_code == 200 and met.json()["state"] == "met" and met.json()["late"] is True
    refused = api("amr").post(
        f"/api/projects/{project.pk}/milestones/{added.json()['id']}/met", {"actual_date": "2021-07-05"}
    )
    assert refused.status_code == 403
    future = officer.post(
        f"/api/projects/{project.pk}/milestones/{added.json()['id']}/met", {"actual_date": "2999-01-01"}
    )
    assert future.status_code == 400 and future.json()["field"] == "actual_date"


def test_requests_raise_progress_resolve_through_the_api(api):
    project = make_project()
    raised = api("officer").post(
        f"/api/projects/{project.pk}/requests", {"kind": "land", "description": "厂房扩建用地 30 亩"}
    )
    assert raised.status_code == 201, raised.content
    request_id = raised.json()["id"]
    assert raised.json()["department"] == "nrp" and raised.json()["status"] == "open"
    mine = api("nrp").get("/api/projects/requests", mine="true").json()
    assert request_id in [r["id"] for r in mine]
    assert api("amr").get("/api/projects/requests", mine="true").json() == []
    refused = api("amr").post(f"/api/projects/requests/{request_id}/progress", {"note": "x"})
    assert refused.status_code == 403
    progressed = api("nrp").post(f"/api/projects/requests/{request_id}/progress", {"note": "已受理组卷"})
    assert progressed.status_code == 200 and progressed.json()["status"] == "in_progress"
    resolved = api("nrp").post(f"/api/projects/requests/{request_id}/resolve", {"resolution": "用地已批复"})
    assert resolved.status_code == 200 and resolved.json()["status"] == "resolved"
    again = api("nrp").post(f"/api/projects/requests/{request_id}/resolve", {"resolution": "再次"})
    assert again.status_code == 409
    empty = api("officer").post(f"/api/projects/{project.pk}/requests", {"kind": "land", "description": " "})
    assert empty.status_code == 400 and empty.json()["field"] == "description"


def test_an_overdue_request_shows_escalated_on_the_board(api):
    project = make_project(responsible_leader=user("leader2"))
    raised_at = timezone.make_aware(timezone.datetime(2021, 6, 1, 10))
    request = actions.request_raise(project=project, actor=None, kind="water", description="供水", now=raised_at)
    actions.requests_escalate()
    board = api("leader2").get("/api/projects/board").json()
    found = [r for r in board["requests"] if r["id"] == str(request.pk)]
    assert found and found[0]["escalated"] and found[0]["escalated_to"] == "钱文博" and found[0]["sla"] == "overdue"
    assert ElementRequest.objects.get(pk=request.pk).escalated_to.username == "leader2"


def test_register_and_patch_through_the_api(api):
    body = {
        "code": "API-0001",
        "name": "接口登记项目",
        "level": "city",
        "category": "innovation",
        "owner": "洛阳某科技有限公司",
        "park": "fengli",
        "total_investment": "5000",
        "build_kind": "new",
        "stage": "signed",
        "planned_start": "2030-03-01",
    }
    assert api("window").post("/api/projects", body).status_code == 403
    created = api("officer").post("/api/projects", body)
    assert created.status_code == 201, created.content
    detail = created.json()
    assert detail["park_name"] == "丰李电子信息产业园" and detail["responsibility_missing"] == [
        "责任领导",
        "责任单位",
        "责任人",
    ]
    assert api("officer").post("/api/projects", body).status_code == 409
    bad_park = api("officer").post("/api/projects", {**body, "code": "API-0002", "park": "moon"})
    assert bad_park.status_code == 400 and bad_park.json()["field"] == "park"
    answer = patch(
        api("leader"),
        f"/api/projects/{detail['id']}",
        {"responsible_leader": "leader", "responsible_unit": "sci", "responsible_person_name": "张工"},
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["responsibility_missing"] == [] and answer.json()["leader_title"]
    assert patch(api("officer"), f"/api/projects/{detail['id']}", {"officer": "officer-li"}).status_code == 403
    assert patch(api("officer"), f"/api/projects/{detail['id']}", {"location": "丰李片区"}).status_code == 200


def patch(caller, path, data):
    return caller.client.patch(path, data, content_type="application/json", headers=caller.headers)


def test_investment_month_out_of_range_is_400(api):
    project = make_project()
    assert api("window").get(f"/api/projects/{project.pk}/investment", year=2021, month=13).status_code == 400


def test_portfolio_of_an_unknown_leader_is_404(api):
    assert api("window").get("/api/projects/leaders/window").status_code == 404
    assert api("window").get("/api/projects/leaders/leader2").status_code == 200


def test_stats_totals_by_level_stage_park_leader(api):
    stats = api("leader").get("/api/projects/stats", year=2021).json()
    assert stats["count"] == 87
    assert sum(g["count"] for g in stats["by_level"]) == 87
    assert sum(g["count"] for g in stats["by_stage"]) == 87
    assert sum(g["count"] for g in stats["by_park"]) == 87
    assert sum(g["count"] for g in stats["by_leader"]) == 87
    assert {g["key"] for g in stats["by_level"]} == {"province", "city", "zone"}
    assert stats["as_of"] == str(timezone.localdate())
    assert api("leader").get("/api/projects/intake", year=2021, quarter=5).status_code == 400
    assert date.fromisoformat(stats["as_of"])


def test_a_date_written_as_a_number_is_refused_not_read_as_a_timestamp(api):
    answer = api("leader").get("/api/projects/stats", year=2026, as_of="7.7e-237")
    assert answer.status_code == 422 and answer.json()["field"] == "as_of"
    assert api("leader").get("/api/projects/stats", year=2026, as_of="2026-06-30").json()["as_of"] == "2026-06-30"
