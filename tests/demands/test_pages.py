"""The pages: each person's page renders, the steps are taken through the forms, refused steps say why."""

import pytest
from django.urls import reverse

from gaoxin.demands.models import Demand, Status
from tests.demands.helpers import assigned, category, paired, raised, unit, user

pytestmark = pytest.mark.django_db


def as_(client, username):
    client.force_login(user(username))
    return client


@pytest.mark.parametrize(
    "username, page",
    [
        ("office", "demands-board"),
        ("leader", "demands-board"),
        ("amr", "demands-desk"),
        ("cadre", "demands-enterprises"),
        ("cadre", "demands-visit-new"),
        ("company", "demands-list"),
        ("company", "demands-new"),
        ("office", "demands-new"),
    ],
)
def test_each_persons_page_renders(client, username, page):
    paired()
    raised()
    response = as_(client, username).get(reverse(page))
    assert response.status_code == 200, response.content[:300]


def test_the_office_assigns_from_the_board(client):
    paired()
    demand = raised()
    board = as_(client, "office").get(reverse("demands-board"))
    assert demand.number in board.content.decode()
    url = reverse("demands-demand", args=[demand.pk])
    done = client.post(url, {"step": "assign", "unit": unit("amr").pk, "next": "board"})
    assert done.status_code == 302 and done["Location"] == reverse("demands-board")
    demand.refresh_from_db()
    assert (demand.status, demand.unit.code) == (Status.ASSIGNED, "amr")


def test_a_step_not_theirs_is_refused_with_the_reason_and_changes_nothing(client):
    demand = assigned()
    url = reverse("demands-demand", args=[demand.pk])
    refused = as_(client, "amr").post(url, {"step": "close"})
    assert refused.status_code == 403 and "销号" in refused.content.decode()
    assert client.post(url, {"step": "nonsense"}).status_code == 400
    assert as_(client, "office").post(url, {"step": "mark_complex", "reason": "跨部门"}).status_code == 403
    as_(client, "amr")
    missing = client.post(url, {"step": "send_back", "reason": ""})
    assert missing.status_code == 400
    assert Demand.objects.get(pk=demand.pk).status == Status.ASSIGNED


def test_the_unit_accepts_and_replies_and_the_enterprise_confirms_on_the_pages(client):
    paired()
    demand = assigned()
    url = reverse("demands-demand", args=[demand.pk])
    as_(client, "amr").post(url, {"step": "accept"})
    reply = client.post(url, {"step": "reply", "result": "solved", "reply": "已推荐焊工"})
    assert reply.status_code == 302
    page = as_(client, "company").get(url).content.decode()
    assert "确认办理结果" in page and "已推荐焊工" in page
    client.post(url, {"step": "confirm", "satisfaction": "satisfied"})
    assert Demand.objects.get(pk=demand.pk).status == Status.CONFIRMED


def test_a_visit_with_a_problem_raises_a_demand(client):
    enterprise = paired()
    land = category("land")
    form = {
        "enterprise": enterprise.pk,
        "visited_on": "2025-09-30",
        "met": "陈志远",
        "contact_phone": "13800000051",
        "topics": "扩产计划",
        "p0-category": land.code,
        "p0-title": "扩建用地",
        "p0-text": "二期需新增用地 30 亩",
        "p0-urgency": "normal",
    }
    done = as_(client, "cadre").post(reverse("demands-visit-new"), form)
    assert done.status_code == 302, done.content[:500]
    assert Demand.objects.get(visit__enterprise=enterprise).title == "扩建用地"
    half = {**form, "p0-text": ""}
    again = client.post(reverse("demands-visit-new"), half)
    assert again.status_code == 400
