"""The seed's figures, as the demo data gives them through the API (tests/conftest.py loads the demo once)."""

import pytest

from gaoxin.projects.demo import load_demo_projects
from gaoxin.projects.models import ElementRequest, Milestone, MonthlyReport, Project

pytestmark = pytest.mark.django_db


def test_commencement_rate_of_2021_provincial_and_municipal_projects_is_90_percent(api):
    """2021年10个新开工省市重点项目中，已开工 9 个，开工率达 90％ (as of the end of May)."""
    answer = api("leader").get("/api/projects/stats", year=2021, levels="province,city", as_of="2021-05-31")
    assert answer.status_code == 200, answer.content
    stats = answer.json()
    assert stats["new_starts_planned"] == 10
    assert stats["new_starts_started"] == 9
    assert stats["commencement_rate"] == "90.0"
    assert stats["count"] == 18  # 18个省市重点项目
    assert [p["name"] for p in stats["not_started"]] == ["智能农机装备产业化项目"]
    # By the end of the year the tenth has started too.
    later = api("leader").get("/api/projects/stats", year=2021, levels="province,city", as_of="2021-12-31").json()
    assert (later["new_starts_started"], later["commencement_rate"]) == (10, "100.0")


def test_intake_of_2021_q1_is_41_projects_and_280_72_yi(api):
    """一季度共入库重大项目 41 个，总投资280.72亿元."""
    intake = api("officer").get("/api/projects/intake", year=2021, quarter=1).json()
    assert intake["count"] == 41
    assert intake["total_investment"] == "2807200.00"  # 万元
    assert intake["total_investment_yi"] == "280.72"


def test_87_key_projects_in_the_2021_plan_each_with_leader_unit_and_person(api):
    """对全区 87个重点项目实行副县级以上领导、责任单位、责任人联合分包制度."""
    listing = api("window").get("/api/projects", year=2021, limit=500).json()
    assert listing["count"] == 87
    assert all(not p["responsibility_missing"] for p in listing["items"])
    assert {p["leader"] for p in listing["items"]} >= {"leader", "leader2"}
    leaders = Project.objects.filter(year_plans__year=2021).values_list(
        "responsible_leader__leader_profile__rank", flat=True
    )
    assert set(leaders) <= {"county", "deputy_county"}
    # The register also holds planning projects outside the plan whose responsibility is not complete: flagged.
    flagged = api("window").get("/api/projects", light="flagged").json()
    assert {p["name"] for p in flagged["items"]} == {"北航科技园国际贸易基地项目", "生物医药产业园公共技术服务平台"}


@pytest.mark.parametrize(
    ("name", "stage"),
    [
        ("万邦国际物流园", "construction"),
        ("中航锂电动力电池技改扩能项目", "construction"),
        ("涧光石化高端装备基地", "construction"),
        ("格力电器（洛阳）中央空调智能制造基地项目", "production"),
        ("银隆新能源汽车整车制造项目", "production"),
        ("北航科技园国际贸易基地项目", "planning"),
        ("洛阳综合保税区二期", "construction"),
    ],
)
def test_the_seeds_named_projects_at_their_stages(api, name, stage):
    found = api("leader").get("/api/projects", q=name).json()["items"]
    assert [(p["name"], p["stage"]) for p in found] == [(name, stage)]


def test_bonded_zone_phase_two_tracks_its_acceptance(api):
    bonded = api("leader").get("/api/projects", q="洛阳综合保税区二期").json()["items"][0]
    detail = api("leader").get(f"/api/projects/{bonded['id']}").json()
    acceptance = [m for m in detail["milestones"] if m["name"] == "封关验收"]
    assert acceptance and acceptance[0]["kind"] == "acceptance"
    assert detail["park"] is None and detail["level"] == "province"


def test_gree_is_in_its_park(api):
    gree = api("leader").get("/api/projects", park="gree", q="格力电器").json()["items"]
    assert gree[0]["park_name"] == "格力电器（洛阳）中央空调智能制造基地"


def test_the_demo_report_gives_97_2_percent_by_october(api):
    project = api("officer").get("/api/projects", q="精密轴承保持架技改项目").json()["items"][0]
    progress = api("officer").get(f"/api/projects/{project['id']}/investment", year=2021, month=10).json()
    assert progress["plan"] == "647.40"
    assert progress["completed"] == "629.00"
    assert (progress["completion_rate"], progress["schedule_rate"], progress["difference"]) == ("97.2", "83.3", "13.8")
    assert progress["state"] == "ahead"
    assert [m["invested"] is not None for m in progress["months"]] == [True] * 10 + [False] * 2


def test_the_live_layer_shows_red_yellow_and_escalations(api):
    board = api("leader").get("/api/projects/board").json()
    assert board["overdue_count"] >= 1 and board["warning_count"] >= 1
    assert board["escalated_count"] >= 1
    assert {w["state"] for w in board["warnings"]} == {"overdue", "warning"}


def test_loading_again_changes_nothing():
    before = (
        Project.objects.count(),
        Milestone.objects.count(),
        MonthlyReport.objects.count(),
        ElementRequest.objects.count(),
    )
    counts = load_demo_projects()
    assert counts["超期提级"] == 0  # the overdue ones were escalated at the first load
    after = (
        Project.objects.count(),
        Milestone.objects.count(),
        MonthlyReport.objects.count(),
        ElementRequest.objects.count(),
    )
    assert before == after
