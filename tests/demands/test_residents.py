"""Residents (群众) raise demands of their own online, see only those, and confirm the reply as an enterprise confirms
its own: through the API and the pages."""

import pytest
from django.urls import reverse

from gaoxin.core.models import AuditEvent
from gaoxin.demands.models import Demand, Status
from gaoxin.notifications.models import Kind, Notification
from tests.demands.helpers import category, company, paired, raised, user

pytestmark = pytest.mark.django_db

PROBLEM = {
    "category": "infrastructure",
    "title": "小区门前路灯不亮",
    "text": "高新路与滨河路口的路灯坏了一个多月，晚上行人看不清路。",
    "contact_name": "张晓明",
    "contact_phone": "13800000001",
}


def raise_as(api, username: str = "applicant", **changes) -> dict:
    category("infrastructure")
    created = api(username).post("/api/demands", {**PROBLEM, **changes})
    assert created.status_code == 201, created.content
    return created.json()


def numbers(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["number"] for row in response.json()}


def replied_to(api, demand: dict) -> None:
    """The office hands it to amr's department, which accepts and replies."""
    url = f"/api/demands/{demand['id']}"
    assert api("office").post(f"{url}/assign", {"unit": "amr"}).status_code == 200
    assert api("amr").post(f"{url}/accept").status_code == 200
    answer = api("amr").post(f"{url}/reply", {"result": "solved", "reply": "路灯已于今日修复。"})
    assert answer.status_code == 200, answer.content


def test_a_resident_raises_a_demand_of_their_own_without_an_enterprise(api):
    demand = raise_as(api, enterprise_id=company().pk, channel="hotline")
    assert (demand["channel"], demand["enterprise_id"], demand["party"]) == ("resident", None, "张晓明")
    stored = Demand.objects.get(pk=demand["id"])
    assert stored.raised_by == user("applicant") and stored.status == Status.NEW
    # Their own phone in full, as an enterprise sees its own.
    assert demand["contact_phone"] == "13800000001"


def test_a_resident_sees_only_the_demands_they_raised(api):
    paired("company")
    own = raise_as(api)["number"]
    other = raise_as(api, "applicant2", contact_name="李红梅")["number"]
    company_demand = raised(by="company").number
    assert numbers(api("applicant").get("/api/demands")) == {own}
    assert numbers(api("applicant2").get("/api/demands")) == {other}
    assert numbers(api("company").get("/api/demands")) == {company_demand}
    assert {own, other} <= numbers(api("office").get("/api/demands"))
    assert own not in numbers(api("cadre").get("/api/demands")), "a resident's demand has no paired cadre"
    mine = Demand.objects.get(number=own)
    assert api("applicant2").get(f"/api/demands/{mine.pk}").status_code == 404
    assert api("applicant").get(f"/api/demands/{mine.pk}").status_code == 200


def test_the_office_entering_a_residents_call_is_not_the_residents_own(api):
    """A demand of the resident channel the office entered (a phone call) is not shown to any resident's account."""
    category("infrastructure")
    entered = api("office").post("/api/demands", {**PROBLEM, "channel": "resident"})
    assert entered.status_code == 201, entered.content
    assert entered.json()["number"] not in numbers(api("applicant").get("/api/demands"))


def test_the_resident_is_asked_to_confirm_and_confirms_satisfied(api, django_capture_on_commit_callbacks):
    demand = raise_as(api)
    with django_capture_on_commit_callbacks(execute=True):
        replied_to(api, demand)
    asked = Notification.objects.filter(recipient=user("applicant"), kind=Kind.DEMAND_REPLIED)
    assert asked.count() == 1 and demand["number"] in asked.get().title
    url = f"/api/demands/{demand['id']}/confirm"
    assert api("applicant2").post(url, {"satisfaction": "satisfied"}).status_code == 404
    assert api("cadre").post(url, {"satisfaction": "satisfied"}).status_code == 404
    confirmed = api("applicant").post(url, {"satisfaction": "basically"})
    assert confirmed.status_code == 200, confirmed.content
    body = confirmed.json()
    assert (body["status"], body["satisfaction"], body["confirmed_on_behalf"]) == ("confirmed", "basically", False)
    event = AuditEvent.objects.filter(subject_type="demand", subject_id=demand["id"], action="confirm").get()
    assert event.actor == user("applicant") and event.data["on_behalf"] is False


def test_a_resident_not_satisfied_reopens_it_with_the_same_unit(api):
    demand = raise_as(api)
    replied_to(api, demand)
    url = f"/api/demands/{demand['id']}/confirm"
    assert api("applicant").post(url, {"satisfaction": "not_satisfied"}).status_code == 400, "a reason is needed"
    reopened = api("applicant").post(url, {"satisfaction": "not_satisfied", "comment": "修好第二天又不亮了。"})
    assert reopened.status_code == 200, reopened.content
    assert (reopened.json()["status"], reopened.json()["unit"], reopened.json()["reopen_count"]) == (
        "in_progress",
        "amr",
        1,
    )


def test_the_office_confirming_for_a_resident_is_marked_on_their_behalf(api):
    demand = raise_as(api)
    replied_to(api, demand)
    confirmed = api("office").post(f"/api/demands/{demand['id']}/confirm", {"satisfaction": "satisfied"})
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["confirmed_on_behalf"] is True


def test_a_resident_is_not_shown_the_offices_repeat_mark(api):
    first = raise_as(api)
    second = raise_as(api)
    assert str(Demand.objects.get(pk=second["id"]).repeat_of_id) == first["id"]
    assert api("applicant").get(f"/api/demands/{second['id']}").json()["repeat_of_id"] is None
    assert api("office").get(f"/api/demands/{second['id']}").json()["repeat_of_number"] == first["number"]


def test_a_resident_may_not_use_the_staffs_pages_or_routes(api, client):
    resident = api("applicant")
    assert resident.get("/api/demands/board").status_code == 404
    assert resident.post("/api/demands/visits", {}).status_code == 404
    client.force_login(user("applicant"))
    assert client.get(reverse("demands-board")).status_code == 404
    assert client.get(reverse("demands-hotline-import")).status_code == 403


# --- the pages ------------------------------------------------------------------------------------


def test_the_residents_pages_raise_list_and_confirm(api, client):
    category("infrastructure")
    client.force_login(user("applicant"))
    form = client.get(reverse("demands-new"))
    assert form.status_code == 200
    page = form.content.decode()
    assert "13800000001" in page and "张晓明" in page, "the contact comes from the account"
    assert 'name="enterprise"' not in page and 'name="channel"' not in page
    sent = client.post(
        reverse("demands-new"),
        {**PROBLEM, "urgency": "normal", "contact_name": "张晓明（代母亲反映）", "contact_phone": "13900000009"},
    )
    assert sent.status_code == 302, sent.content.decode()[:500]
    demand = Demand.objects.get(raised_by=user("applicant"))
    edited = (demand.channel, demand.contact_name, demand.contact_phone)
    assert edited == ("resident", "张晓明（代母亲反映）", "13900000009"), "the account's contact, edited"
    listed = client.get(reverse("demands-list")).content.decode()
    assert "我的诉求" in listed and demand.number in listed and "反映问题" in listed
    replied_to(api, {"id": str(demand.pk)})
    shown = client.get(reverse("demands-demand", args=[demand.pk])).content.decode()
    assert "确认办理结果" in shown and "路灯已于今日修复。" in shown
    confirmed = client.post(
        reverse("demands-demand", args=[demand.pk]), {"step": "confirm", "satisfaction": "satisfied"}
    )
    assert confirmed.status_code == 302
    demand.refresh_from_db()
    assert demand.status == Status.CONFIRMED and not demand.confirmed_on_behalf


def test_another_residents_demand_page_is_not_found(client):
    category("infrastructure")
    client.force_login(user("applicant"))
    client.post(reverse("demands-new"), {**PROBLEM, "urgency": "normal"})
    demand = Demand.objects.get(raised_by=user("applicant"))
    client.force_login(user("applicant2"))
    assert client.get(reverse("demands-demand", args=[demand.pk])).status_code == 404
    assert demand.number not in client.get(reverse("demands-list")).content.decode()
