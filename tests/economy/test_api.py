"""The economy API: indicators with derived figures, trend, the public bulletin, the import (statisticians and
administrators only), parks, enterprises with their output, and the innovation double target."""

import pytest
from django.db import transaction

from gaoxin.accounts.models import User
from gaoxin.cases.actions import ApplicantDetails, case_create
from gaoxin.cases.models import Case, CaseStatus
from gaoxin.core.models import AuditEvent
from gaoxin.economy.models import IndicatorValueHistory
from tests.economy.helpers import csv_upload
from tests.economy.test_bulletins import SEED
from tests.support.forms import company_form

pytestmark = pytest.mark.django_db


def by_indicator(items: list[dict]) -> dict:
    return {i["indicator"]: i for i in items}


def test_indicators_of_the_zone_with_difference_and_rank(api):
    response = api("leader").get("/api/economy/indicators", area="gaoxin", period="2020")
    assert response.status_code == 200
    body = response.json()
    assert (body["period"], body["period_label"]) == ("2020", "2020年")
    items = by_indicator(body["items"])
    gdp, industry, fai = items["gdp"], items["industry-va"], items["fai"]
    assert (gdp["level"], gdp["growth"], gdp["rank"], gdp["rank_of"]) == ("250.9", "5.4", 1, 15)
    assert (gdp["city"], gdp["city_growth"], gdp["diff_points"], gdp["comparable"]) == ("luoyang", "3", "2.4", True)
    assert (industry["level"], industry["growth"], industry["city_growth"]) == ("55", "4.4", "3.5")
    assert (industry["diff_points"], industry["rank"]) == ("0.9", None)
    assert (fai["diff_points"], fai["comparable"], fai["unit"]) == ("1", False, "亿元")
    assert items["retail"]["growth"] == "-3.9"
    assert items["retail"]["diff_points"] == "-0.6"


def test_indicators_default_to_the_latest_year_and_all_areas(api):
    body = api("window").get("/api/economy/indicators", indicator="gdp").json()
    assert body["period"] == "2021"
    ranks = {i["area"]: i["rank"] for i in body["items"]}
    assert ranks["gaoxin"] == 1 and ranks["luoyang"] is None
    assert len(ranks) == 16


def test_a_cumulative_period(api):
    items = by_indicator(
        api("leader").get("/api/economy/indicators", area="gaoxin", period="2021年1-5月").json()["items"]
    )
    assert set(items) == {"industry-va", "fai", "retail"}
    assert items["fai"]["period"] == "2021M01-05" and items["fai"]["diff_points"] == "0"


def test_bad_parameters_are_clear_errors(api):
    client = api("leader")
    response = client.get("/api/economy/indicators", area="mars")
    assert response.status_code == 404 and response.json()["field"] == "area"
    response = client.get("/api/economy/indicators", period="2021M03-05")
    assert response.status_code == 400 and response.json()["field"] == "period"


def test_trend_of_gdp_over_the_years(api):
    body = api("leader").get("/api/economy/trend", indicator="gdp", area="gaoxin").json()
    assert [(p["period"], p["growth"], p["city_growth"], p["rank"]) for p in body["points"]] == [
        ("2019", "7.9", "7.6", 2),
        ("2020", "5.4", "3", 1),
        ("2021", "7.2", "4.8", 1),
    ]


def test_the_bulletin_is_public(client):
    response = client.get("/api/economy/bulletin", {"area": "gaoxin", "period": "2020"})
    assert response.status_code == 200
    assert response.json() == {"text": SEED}
    assert client.get("/api/economy/bulletin", {"area": "gaoxin", "period": "2010"}).status_code == 404


def test_reads_need_a_login(client):
    for path in (
        "/api/economy/indicators",
        "/api/economy/parks",
        "/api/economy/enterprises",
        "/api/economy/innovation",
    ):
        assert client.get(path).status_code == 401


ROWS = [("地区生产总值", "洛阳市", "2018", "4640.8", "7.5"), ("地区生产总值", "洛阳高新区", "2018", "220", "8.1")]


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("applicant", 404),
        ("window", 403),
        ("amr", 403),
        ("leader", 403),
        ("officer", 403),
        ("stats", 200),
        ("admin", 200),
    ],
)
def test_import_permissions(api, username, status):
    """An applicant may not know of imports at all (404); the zone's other people may, but may not import (403)."""
    client = api(username)
    response = client.client.post("/api/economy/import", {"file": csv_upload(ROWS)}, headers=client.headers)
    assert response.status_code == status, response.content
    if status == 200:
        assert response.json()["written"] == 2
        assert response.json()["periods"][0]["period"] == "2018"


def test_import_needs_a_login(client):
    assert client.post("/api/economy/import", {"file": csv_upload(ROWS)}).status_code == 401


def test_a_rejected_import_lists_every_problem(api):
    client = api("stats")
    bad = [*ROWS, ("固定资产投资", "洛阳高新区", "2018", "98", "x")]
    response = client.client.post("/api/economy/import", {"file": csv_upload(bad)}, headers=client.headers)
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "file" and body["code"] == "invalid"
    assert body["problems"] == [
        {"sheet": "", "row": 4, "column": "同比增长（%）", "cell": "E4", "value": "x", "reason": "同比增长应为数字"}
    ]
    assert not api("leader").get("/api/economy/indicators", period="2018").json()["items"]


def test_reimport_through_the_api_replaces_and_keeps_history(api):
    client = api("stats")
    client.client.post("/api/economy/import", {"file": csv_upload(ROWS)}, headers=client.headers)
    revised = [ROWS[0], ("地区生产总值", "洛阳高新区", "2018", "221", "8.3")]
    body = client.client.post("/api/economy/import", {"file": csv_upload(revised)}, headers=client.headers).json()
    assert (body["written"], body["replaced"]) == (2, 2)
    assert IndicatorValueHistory.objects.filter(period="2018").count() == 2
    assert AuditEvent.objects.filter(subject_type="indicator_period", subject_id="2018", action="replace").exists()
    batches = client.get("/api/economy/imports").json()
    assert batches[0]["id"] == body["batch"] and batches[0]["imported_by"] == "stats"


def test_import_answers_in_english(api):
    client = api("stats")
    bad = [("地区生产总值", "火星区", "2018", "1", "2")]
    response = client.client.post(
        "/api/economy/import", {"file": csv_upload(bad)}, headers={**client.headers, "Accept-Language": "en"}
    )
    assert response.status_code == 400
    assert "火星区" in response.json()["problems"][0]["reason"]
    assert "区" not in response.json()["problems"][0]["reason"].replace("火星区", "")


def test_parks_with_their_enterprise_counts(api):
    parks = {p["code"]: p for p in api("leader").get("/api/economy/parks").json()}
    assert list(parks) == ["gree", "yinlong", "fengli", "biomed"]
    assert parks["gree"]["enterprise_count"] == 1 and parks["fengli"]["enterprise_count"] == 3


def test_enterprises_of_a_park_and_one_enterprise_with_its_output(api):
    client = api("leader")
    body = client.get("/api/economy/enterprises", park="gree").json()
    assert body["count"] == 1
    gree = body["items"][0]
    assert gree["name"] == "格力电器（洛阳）有限公司" and gree["licensed_here"] is False
    detail = client.get(f"/api/economy/enterprises/{gree['uscc']}").json()
    series = {s["metric"]: s for s in detail["series"]}
    daily = [int(p["value"]) for p in series["daily_output"]["points"]]
    assert 2800 <= daily[0] <= 3200 and 9800 <= daily[-1] <= 10200
    assert series["daily_output"]["unit"] == "台/日"
    assert series["capacity"]["points"][0]["value"] == "10000"
    assert client.get("/api/economy/enterprises", park="mars").status_code == 404
    assert client.get("/api/economy/enterprises/91410300MA46X8QG2X").status_code == 404


@pytest.fixture
def licensed(settings, db):
    """An enterprise registered by gaoxin.certificates when the zone issued its license."""
    from gaoxin.certificates.actions import license_issue_for_case
    from gaoxin.documents.crypto import ED25519, generate_private_key_pem

    settings.GAOXIN = {
        **settings.GAOXIN,
        "SIGNING_KEY_PEM": generate_private_key_pem(ED25519),
        "SIGNING_KEY_DEV_FALLBACK": False,
    }
    applicant = User.objects.get(username="applicant")
    details = ApplicantDetails(
        kind="person",
        name=applicant.display_name,
        id_number=applicant.id_number,
        phone="13800000001",
        form=company_form(company_name="洛阳新开智能科技有限公司", business_scope="软件开发"),
    )
    case = case_create(actor=applicant, details=details, bundle_code="company-setup")
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.APPROVED)
    case.refresh_from_db()
    with transaction.atomic():
        return license_issue_for_case(case=case, actor=User.objects.get(username="amr")).enterprise


def test_enterprises_licensed_through_the_hall_are_in_the_register(api, licensed):
    body = api("leader").get("/api/economy/enterprises", park="none").json()
    found = {e["uscc"]: e for e in body["items"]}
    assert found[licensed.uscc]["licensed_here"] is True
    assert found[licensed.uscc]["source_case"] == licensed.source_case.number
    assert found[licensed.uscc]["park"] is None


def test_innovation_double_target(api):
    body = api("leader").get("/api/economy/innovation").json()
    categories = {c["code"]: c for c in body["categories"]}
    new_rd = categories["new-rd"]
    assert (new_rd["baseline"], new_rd["target"], new_rd["current"], new_rd["year"]) == (6, 12, 8, 2021)
    assert (new_rd["completion"], new_rd["increase"]) == ("66.7", "33.3")
    assert any("清洛基地" in name or "清华大学天津高端装备研究院" in name for name in new_rd["units"])
    kinds = {k["kind"]: k for k in body["kinds"]}
    assert kinds["entity"]["target"] == 2 * kinds["entity"]["baseline"]


def test_an_applicant_may_not_read_the_zones_or_an_enterprises_figures(api):
    applicant = api("applicant")
    for path in ("/api/economy/indicators", "/api/economy/parks", "/api/economy/enterprises"):
        assert applicant.get(path).status_code == 404, path
    assert api("window").get("/api/economy/parks").status_code == 200
