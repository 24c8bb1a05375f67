"""一企一档: one enterprise's file gathers each part the platform holds on it, for the office, leaders, its paired
cadre and the enterprise itself, and for nobody else."""

from datetime import date

import pytest
from django.urls import reverse

from gaoxin.certificates.models import License
from gaoxin.demands import actions
from gaoxin.economy.models import Enterprise
from tests.demands.helpers import assigned, company, paired, user
from tests.ratings.helpers import approved_case, submitted_case

pytestmark = pytest.mark.django_db


def visited(enterprise: Enterprise) -> None:
    actions.visit_record(
        actor=user("cadre"), enterprise=enterprise, visited_on=date(2026, 3, 2), met="陈志远", topics="用工与融资情况"
    )


def test_the_file_shows_each_part(api):
    enterprise = paired("company", cadre="cadre", leader="leader")
    actions.pairing_set(enterprise=enterprise, actor=user("office"), cadre=user("cadre"), chief_officer=True)
    visited(enterprise)
    demand = assigned(by="company", to="amr")
    case = submitted_case(by="company", company=(enterprise.name, enterprise.uscc, "410305197503121012"))
    found = api("office").get(f"/api/demands/enterprises/{enterprise.pk}/file")
    assert found.status_code == 200, found.content
    f = found.json()
    assert (f["enterprise"]["uscc"], f["enterprise"]["park_name"]) == (enterprise.uscc, enterprise.park.short_name)
    assert ([d["number"] for d in f["demands"]], f["demand_count"]) == ([demand.number], 1)
    assert [c["number"] for c in f["cases"]] == [case.number]
    assert {p["code"] for p in f["projects"]} >= {"LYGX-2021-004"}, "the key project it builds (建设单位)"
    assert f["output"] and all(o["latest"] is not None for o in f["output"]), "the register's output figures"
    assert [(p["current"], p["chief_officer"]) for p in f["pairings"]] == [(True, True), (False, False)]
    assert [v["topics"] for v in f["visits"]] == ["用工与融资情况"]
    page = api("office").client
    page.force_login(user("office"))
    html = page.get(reverse("demands-enterprise-file", args=[enterprise.pk])).content.decode()
    for shown in (enterprise.name, demand.number, case.number, "LYGX-2021-004", "用工与融资情况", "首席服务官"):
        assert shown in html, shown


def test_a_licensed_companys_file_shows_its_license_and_the_case_that_set_it_up(api):
    decided = approved_case(bundle="company-setup")
    license = License.objects.get(case=decided)
    f = api("leader").get(f"/api/demands/enterprises/{license.enterprise_id}/file").json()
    assert [row["number"] for row in f["licenses"]] == [license.number]
    assert [row["number"] for row in f["cases"]] == [decided.number]


def test_who_may_read_the_file(api, client):
    enterprise = paired("company", cadre="cadre")
    url = f"/api/demands/enterprises/{enterprise.pk}/file"
    answers = {name: api(name).get(url).status_code for name in ("office", "leader", "cadre", "company")}
    assert answers == dict.fromkeys(answers, 200)
    for nobody in ("cadre2", "company2", "amr", "amr-head", "applicant", "security", "auditor", "stats"):
        assert api(nobody).get(url).status_code == 404, nobody
    assert api("office").get("/api/demands/enterprises/999999/file").status_code == 404
    client.force_login(user("company2"))
    assert client.get(reverse("demands-enterprise-file", args=[enterprise.pk])).status_code == 404


def test_the_file_is_linked_from_the_enterprises_list_and_from_a_demand(client):
    paired("company", cadre="cadre")
    demand = assigned(by="company", to="amr")
    link = reverse("demands-enterprise-file", args=[company().pk])
    client.force_login(user("cadre"))
    assert link in client.get(reverse("demands-enterprises")).content.decode()
    assert link in client.get(reverse("demands-demand", args=[demand.pk])).content.decode()
    client.force_login(user("amr"))
    assert link not in client.get(reverse("demands-demand", args=[demand.pk])).content.decode(), "not the unit's"
