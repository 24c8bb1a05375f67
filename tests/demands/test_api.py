"""The loop and who sees what, through the API: an enterprise only its own demands, a cadre their paired
enterprises', a unit what it was assigned, the office and leaders everything, the administrators of security and audit
nothing."""

import pytest

from tests.demands.helpers import assigned, category, paired, raised

pytestmark = pytest.mark.django_db

PROBLEM = {
    "category": "labour",
    "title": "招工难",
    "text": "急需焊工二十名",
    "contact_name": "陈志远",
    "contact_phone": "13800000051",
}


def numbers(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["number"] for row in response.json()}


def test_each_person_sees_the_demands_that_are_theirs(api):
    paired("company", cadre="cadre")
    paired("company2", cadre="cadre2")
    own = assigned(by="company", to="amr").number
    other = raised(by="company2").number
    assert numbers(api("company").get("/api/demands")) == {own}
    assert numbers(api("company2").get("/api/demands")) == {other}
    assert numbers(api("cadre").get("/api/demands")) == {own}
    assert numbers(api("cadre2").get("/api/demands")) == {other}
    assert numbers(api("amr").get("/api/demands")) == {own}
    assert numbers(api("amr-head").get("/api/demands")) == {own}
    assert numbers(api("police").get("/api/demands")) == set()
    assert numbers(api("office").get("/api/demands")) >= {own, other}
    assert numbers(api("leader").get("/api/demands")) >= {own, other}
    assert numbers(api("applicant").get("/api/demands")) == set(), "a resident sees only their own"
    for nobody in ("security", "auditor", "stats"):
        assert api(nobody).get("/api/demands").status_code == 404, nobody


def test_another_enterprises_demand_is_not_found(api):
    paired("company")
    demand = raised(by="company")
    assert api("company").get(f"/api/demands/{demand.pk}").status_code == 200
    assert api("company2").get(f"/api/demands/{demand.pk}").status_code == 404
    assert api("company2").post(f"/api/demands/{demand.pk}/confirm", {"satisfaction": "satisfied"}).status_code == 404


def test_the_loop_end_to_end_through_the_api(api):
    paired("company")
    category()
    company, office, unit = api("company"), api("office"), api("amr")
    created = company.post("/api/demands", PROBLEM)
    assert created.status_code == 201, created.content
    demand = created.json()
    assert (demand["channel"], demand["status"], demand["party"]) == ("online", "new", "格力电器（洛阳）有限公司")
    url = f"/api/demands/{demand['id']}"
    assert unit.post(f"{url}/assign", {"unit": "amr"}).status_code == 404, "not assigned to amr: not theirs"
    assert api("cadre").post(f"{url}/assign", {"unit": "amr"}).status_code == 403
    assert office.post(f"{url}/assign", {"unit": "nope"}).json()["field"] == "unit"
    assert office.post(f"{url}/assign", {"unit": "amr", "co_units": ["hrss"]}).json()["status"] == "assigned"
    assert numbers(api("hrss").get("/api/demands")) == {demand["number"]}, "a co-unit sees it"
    assert api("hrss").post(f"{url}/accept").status_code == 403, "the lead unit answers for it"
    assert unit.post(f"{url}/send-back", {"reason": ""}).json()["field"] == "reason"
    assert unit.post(f"{url}/accept").json()["status"] == "accepted"
    assert unit.post(f"{url}/respond", {"note": "已联系企业"}).json()["status"] == "in_progress"
    early = office.post(f"{url}/close")
    assert early.status_code == 409
    replied = unit.post(f"{url}/reply", {"result": "solved", "reply": "已推荐焊工 20 名"})
    assert replied.json()["status"] == "replied"
    assert office.post(f"{url}/close").status_code == 409, "not confirmed yet"
    reopened = company.post(f"{url}/confirm", {"satisfaction": "not_satisfied", "comment": "只到了 5 名"})
    assert (reopened.json()["status"], reopened.json()["reopen_count"]) == ("in_progress", 1)
    unit.post(f"{url}/reply", {"result": "solved", "reply": "又推荐 15 名"})
    assert company.post(f"{url}/confirm", {"satisfaction": "satisfied"}).json()["status"] == "confirmed"
    assert office.post(f"{url}/close").json()["status"] == "closed"
    detail = company.get(url).json()
    assert [e["action"] for e in detail["events"]][::-1] == [
        "raise",
        "assign",
        "accept",
        "respond",
        "reply",
        "reopen",
        "reply",
        "confirm",
        "close",
    ]


def test_bad_input_is_a_clear_400_on_its_field(api):
    paired("company")
    category()
    bad = api("company").post("/api/demands", {**PROBLEM, "category": "nope"})
    assert (bad.status_code, bad.json()["field"]) == (400, "category")
    bad = api("company").post("/api/demands", {**PROBLEM, "contact_phone": "x"})
    assert (bad.status_code, bad.json()["field"]) == (400, "contact_phone")
    too_long = api("company").post("/api/demands", {**PROBLEM, "text": "长" * 2001})
    assert (too_long.status_code, too_long.json()["field"]) == (422, "text"), too_long.content
    assert "2000" in too_long.json()["detail"]
    assert api("amr").post("/api/demands", PROBLEM).status_code == 403


def test_a_cadre_records_a_visit_with_problems_and_the_board_shows_them(api):
    enterprise = paired("company")
    category()
    visit = {
        "enterprise_id": enterprise.pk,
        "visited_on": "2025-09-30",
        "met": "陈志远",
        "topics": "扩产",
        "contact_phone": "13800000051",
        "problems": [{"category": "land", "title": "扩建用地", "text": "需新增用地 30 亩"}],
    }
    made = api("cadre").post("/api/demands/visits", visit)
    assert made.status_code == 201, made.content
    (number,) = made.json()["demands"]
    assert api("cadre2").post("/api/demands/visits", visit).status_code == 404
    board = api("office").get("/api/demands/board").json()
    assert number in {row["number"] for row in board["new"]}
    rows = {row["name"]: row for row in api("cadre").get("/api/demands/enterprises").json()}
    assert rows[enterprise.name]["last_visit"] == "2025-09-30"
    unpaired = [row for row in api("office").get("/api/demands/enterprises").json() if row["unpaired"]]
    assert enterprise.name not in {row["name"] for row in unpaired} and unpaired, "the others are flagged"


def test_the_office_changes_a_pairing(api):
    enterprise = paired("company")
    changed = api("office").post(
        f"/api/demands/enterprises/{enterprise.pk}/pairing", {"cadre": "cadre2", "chief_officer": True}
    )
    assert changed.status_code == 201, changed.content
    assert (changed.json()["cadre"], changed.json()["chief_officer"]) == ("冯雪", True)
    assert api("cadre").get("/api/demands").json() == []
    assert (
        api("office").post(f"/api/demands/enterprises/{enterprise.pk}/pairing", {"cadre": "leader"}).json()["field"]
        == "cadre"
    )


def test_an_enterprise_not_visited_for_the_configured_time_is_flagged(api, settings):
    enterprise = paired("company")
    category()
    visit = {"enterprise_id": enterprise.pk, "visited_on": "2025-09-30", "met": "陈志远", "topics": "回访"}
    assert api("cadre").post("/api/demands/visits", visit).status_code == 201
    flagged = {row["name"]: row["unvisited"] for row in api("cadre").get("/api/demands/enterprises").json()}
    assert flagged[enterprise.name]
    settings.GAOXIN = {**settings.GAOXIN, "DEMANDS_VISIT_INTERVAL_DAYS": 100_000}
    flagged = {row["name"]: row["unvisited"] for row in api("cadre").get("/api/demands/enterprises").json()}
    assert not flagged[enterprise.name]
