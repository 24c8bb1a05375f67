"""The ratings API, driven as the demo accounts: /api/ratings/…"""

import pytest
from django.utils.dateparse import parse_datetime

from gaoxin.accounts.models import User
from gaoxin.ratings.models import Rating, Rectification
from gaoxin.workdays.deadlines import add_working_days
from tests.cases.test_api_flow import approve_own_task, create_and_fill
from tests.ratings.helpers import approved_case, rate, submitted_case
from tests.support.forms import HPF_WITHDRAWAL_FORM

pytestmark = pytest.mark.django_db

HPF = {
    "bundle": "hpf-withdrawal",
    "applicant": {"kind": "person", "name": "董女士", "id_number": "11010519491231002X"},
    "form": HPF_WITHDRAWAL_FORM,
}


def approved_company_setup(api) -> dict:
    """A company set-up case taken from submission to approval through the API, as in tests/cases."""
    applicant, window = api("applicant"), api("window")
    case = create_and_fill(applicant)
    applicant.post(f"/api/cases/{case['id']}/submit")
    window.post(f"/api/cases/{case['id']}/accept")
    approve_own_task(api("amr"), case["id"])
    for department in ("police", "tax", "hrss", "hpf"):
        approve_own_task(api(department), case["id"])
    assert applicant.get(f"/api/cases/{case['id']}").json()["status"] == "approved"
    return case


def test_the_applicant_rates_after_approval_once(api):
    case = approved_company_setup(api)
    applicant = api("applicant")
    before = applicant.get(f"/api/ratings/cases/{case['id']}").json()
    assert before["rateable"] and before["can_rate"] and before["rating"] is None
    assert [d["code"] for d in before["departments"]] == ["amr", "police", "tax", "hrss", "hpf"]

    made = applicant.post(f"/api/ratings/cases/{case['id']}", {"level": 5, "comment": "一次办好"})
    assert made.status_code == 201, made.json()
    body = made.json()
    assert (body["level"], body["level_display"], body["channel"]) == (5, "非常满意", "online")
    assert body["department"]["code"] == "amr" and body["rectification"] is None

    again = applicant.post(f"/api/ratings/cases/{case['id']}", {"level": 1})
    assert again.status_code == 409 and again.json()["code"] == "conflict" and "一事一评" in again.json()["detail"]
    after = applicant.get(f"/api/ratings/cases/{case['id']}").json()
    assert not after["can_rate"] and after["rating"]["level"] == 5


def test_rating_before_a_decision_is_a_conflict_with_a_clear_message(api):
    applicant = api("applicant")
    case = create_and_fill(applicant)
    draft = applicant.post(f"/api/ratings/cases/{case['id']}", {"level": 4})
    assert draft.status_code == 409 and draft.json()["detail"] == "办件办结后才能评价；该办件当前状态为“草稿”"
    applicant.post(f"/api/cases/{case['id']}/submit")
    api("window").post(f"/api/cases/{case['id']}/accept")
    in_review = applicant.post(f"/api/ratings/cases/{case['id']}", {"level": 4})
    assert in_review.status_code == 409 and "已受理审批中" in in_review.json()["detail"]
    assert applicant.get(f"/api/ratings/cases/{case['id']}").json()["rateable"] is False


def test_another_applicants_case_is_404(api):
    case = approved_case()
    other = api("applicant2")
    assert other.post(f"/api/ratings/cases/{case.pk}", {"level": 1}).status_code == 404
    assert other.get(f"/api/ratings/cases/{case.pk}").status_code == 404
    assert api("tax").post(f"/api/ratings/cases/{case.pk}", {"level": 1}).status_code == 404, "tax had no task"


def test_the_window_cannot_rate_through_the_api_walk_in_or_online(api):
    window = api("window")
    case = create_and_fill(window, {**HPF, "item": None})
    window.post(f"/api/cases/{case['id']}/submit")
    assert window.post(f"/api/cases/{case['id']}/accept").json()["status"] == "approved"
    for case_id in (case["id"], approved_case().pk):
        refused = window.post(f"/api/ratings/cases/{case_id}", {"level": 3, "comment": "申请人口述：一般"})
        assert refused.status_code == 403 and "工作人员不能代申请人评价" in refused.json()["detail"]
    assert not Rating.objects.exists()


def test_bad_input_names_its_field(api):
    case = approved_case(bundle="company-setup")
    applicant = api("applicant")
    for payload, field, status in [
        ({"level": 7}, "level", 400),
        ({"level": "很好"}, "level", 422),
        ({}, "level", 422),
        ({"level": 2, "department": "customs"}, "department", 400),
        ({"level": 2, "comment": "长" * 1001}, "comment", 400),
    ]:
        answer = applicant.post(f"/api/ratings/cases/{case.pk}", payload)
        assert (answer.status_code, answer.json()["field"]) == (status, field), (payload, answer.json())
    assert not Rectification.objects.exists()


def test_a_bad_rating_goes_to_the_named_department_for_rectification(api):
    case = approved_case(bundle="company-setup")
    made = api("applicant").post(
        f"/api/ratings/cases/{case.pk}", {"level": 1, "comment": "税务环节多跑了一次", "department": "tax"}
    )
    assert made.status_code == 201
    brief = made.json()["rectification"]
    assert brief["status"] == "open"
    assert parse_datetime(brief["deadline"]) == add_working_days(parse_datetime(made.json()["rated_at"]), 5).at

    tax, amr = api("tax"), api("amr")
    listed = tax.get("/api/ratings/rectifications").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == brief["id"]
    item = listed["items"][0]
    assert item["department"]["code"] == "tax" and item["level_display"] == "非常不满意"
    assert item["sla"] == "on_time" and item["sla_display"] == "正常" and item["may_handle"] is True
    assert amr.get("/api/ratings/rectifications").json()["count"] == 0
    assert amr.get(f"/api/ratings/rectifications/{brief['id']}").status_code == 404
    assert api("applicant").get(f"/api/ratings/rectifications/{brief['id']}").status_code == 404
    assert api("leader").get("/api/ratings/rectifications").json()["count"] == 1


def test_callback_and_close_through_the_api(api):
    rectification = rate(approved_case(), 2, comment="窗口排队太久").rectification
    url = f"/api/ratings/rectifications/{rectification.pk}"
    hpf, leader, amr = api("hpf"), api("leader"), api("amr")

    assert amr.post(f"{url}/callback", {"note": "回访"}).status_code == 404, "another department does not see it"
    forbidden = leader.post(f"{url}/callback", {"note": "回访"})
    assert forbidden.status_code == 403, "a leader sees it but does not handle it"
    early = hpf.post(f"{url}/close", {"result": "已整改"})
    assert early.status_code == 409 and "回访" in early.json()["detail"]
    assert hpf.post(f"{url}/callback", {"note": ""}).json()["field"] == "note"

    called = hpf.post(f"{url}/callback", {"note": "11月27日电话回访，申请人表示理解"})
    assert called.status_code == 200
    assert [(c["by"], c["note"]) for c in called.json()["callbacks"]] == [
        ("公积金审批员", "11月27日电话回访，申请人表示理解")
    ]
    assert hpf.post(f"{url}/close", {"result": " "}).json()["field"] == "result"
    closed = hpf.post(f"{url}/close", {"result": "增开一个公积金窗口"})
    assert closed.status_code == 200
    body = closed.json()
    assert (body["status"], body["result"], body["closed_by"]) == ("closed", "增开一个公积金窗口", "公积金审批员")
    assert hpf.post(f"{url}/close", {"result": "再来"}).status_code == 409
    assert [r["status"] for r in hpf.get("/api/ratings/rectifications", status="closed").json()["items"]] == ["closed"]
    assert hpf.get("/api/ratings/rectifications", status="open").json()["count"] == 0


@pytest.mark.parametrize(
    "username, status", [("leader", 200), ("admin", 200), ("window", 200), ("amr", 404), ("applicant", 404)]
)
def test_satisfaction_is_for_leaders_administrators_and_the_window(api, username, status):
    assert api(username).get("/api/ratings/satisfaction").status_code == status


def test_satisfaction_through_the_api(api):
    rate(approved_case(), 5)
    rate(approved_case(name="二"), 2)
    body = api("leader").get("/api/ratings/satisfaction").json()
    assert body["departments"] == [
        {
            "code": "hpf",
            "name": "洛阳市住房公积金管理中心高新区管理部",
            "ratings": 2,
            "satisfied": 1,
            "satisfied_percent": 50.0,
            "average_level": 3.5,
            "bad": 1,
            "open_rectifications": 1,
        }
    ]
    hpf = next(b for b in body["bundles"] if b["code"] == "hpf-withdrawal")
    assert (hpf["ratings"], hpf["satisfied_percent"], hpf["open_rectifications"]) == (2, 50.0, 1)
    assert body["bundles"][-1]["code"] is None and body["bundles"][-1]["ratings"] == 0
    assert body["total"]["ratings"] == 2 and body["total"]["average_level"] == 3.5


def test_without_a_token_the_api_answers_401(client):
    case = submitted_case()
    assert (
        client.post(f"/api/ratings/cases/{case.pk}", {"level": 5}, content_type="application/json").status_code == 401
    )
    assert client.get("/api/ratings/satisfaction").status_code == 401


def test_the_routes_are_in_the_openapi_schema(client):
    client.force_login(User.objects.get(username="amr"))  # the schema is for staff
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/ratings/cases/{case_id}",
        "/api/ratings/satisfaction",
        "/api/ratings/rectifications",
        "/api/ratings/rectifications/{rectification_id}/callback",
        "/api/ratings/rectifications/{rectification_id}/close",
    ):
        assert path in paths, path
