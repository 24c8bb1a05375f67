"""疑似重复: a demand raised again by the same party — in the same category within the window, or with nearly the same
text in any category — is marked a repeat of the earlier one when it is raised; the office clears a false mark."""

import pytest
from django.urls import reverse

from gaoxin.core.errors import Conflict, Forbidden
from gaoxin.core.models import AuditEvent
from gaoxin.demands import actions, selectors
from tests.demands.helpers import at, category, paired, raised, user

pytestmark = pytest.mark.django_db

WELDERS = "急需熟练焊工二十名，请协助对接人力资源市场。"


def resident(phone: str, now, *, text: str = "小区门口路灯不亮已一周", code: str = "infrastructure"):
    return actions.demand_raise(
        actor=user("office"),
        problem=actions.Problem(category(code), "路灯不亮", text),
        contact_name="李女士",
        contact_phone=phone,
        channel="hotline",
        now=now,
    )


def test_the_same_category_within_the_window_is_a_repeat_of_the_latest_earlier_one(settings):
    settings.GAOXIN = {**settings.GAOXIN, "DEMANDS_REPEAT_WINDOW_DAYS": 90}
    paired()
    first = raised(at(2025, 9, 1, 10, 0), title="招工难", text=WELDERS)
    second = raised(at(2025, 10, 15, 10, 0), title="技工短缺", text="数控车床操作工缺口十人")
    assert (second.repeat_of, second.repeat_score < 50) == (first, True)
    third = raised(at(2026, 1, 10, 10, 0), title="普工招聘", text="春节后返岗普工不足")
    assert third.repeat_of == second, "the first is 131 days before: outside the 90 days"
    other_kind = raised(at(2026, 1, 11, 10, 0), code="land", title="扩建用地", text="二期厂房需新增用地 30 亩")
    assert other_kind.repeat_of is None
    settings.GAOXIN = {**settings.GAOXIN, "DEMANDS_REPEAT_WINDOW_DAYS": 30}
    assert raised(at(2026, 3, 1, 10, 0), title="普工招聘", text="仍缺普工").repeat_of is None


def test_nearly_the_same_text_in_another_category_is_a_repeat_with_its_score(settings):
    paired()
    first = raised(at(2025, 9, 1, 10, 0), title="招工难", text=WELDERS)
    again = raised(
        at(2025, 9, 20, 10, 0), code="policy", title="招工难", text="急需熟练焊工二十名，请帮助对接人力资源市场"
    )
    assert again.repeat_of == first and again.repeat_score >= 85
    assert selectors.text_score(WELDERS, "厂区门口道路破损，雨天积水严重") < 20
    settings.GAOXIN = {**settings.GAOXIN, "DEMANDS_REPEAT_TEXT_SCORE": 99}
    assert raised(at(2025, 9, 21, 10, 0), code="financing", title="招工难", text="急需焊工二十名").repeat_of is None
    event = AuditEvent.objects.get(subject_type="demand", subject_id=str(again.pk), action="raise")
    assert event.data["repeat_of"] == first.number and event.data["repeat_score"] == again.repeat_score


def test_a_resident_is_the_same_party_by_the_contact_phone():
    first = resident("13900000001", at(2025, 9, 1, 10, 0))
    assert resident("13900000001", at(2025, 9, 5, 10, 0), text="路灯还是不亮").repeat_of == first
    assert resident("13900000002", at(2025, 9, 5, 11, 0)).repeat_of is None


def test_the_problems_of_one_visit_are_not_repeats_of_each_other():
    enterprise = paired()
    _visit, demands = actions.visit_record(
        actor=user("cadre"),
        enterprise=enterprise,
        visited_on=at(2025, 9, 30, 10, 0).date(),
        met="陈志远",
        topics="用工",
        problems=[
            actions.Problem(category("labour"), "焊工短缺", WELDERS),
            actions.Problem(category("labour"), "宿舍不足", "新招员工住宿缺 50 个床位"),
        ],
        contact_phone="13800000051",
        now=at(2025, 9, 30, 16, 0),
    )
    assert [d.repeat_of for d in demands] == [None, None]


def test_the_mark_shows_to_the_staff_and_the_office_clears_a_false_one(api, client):
    paired()
    first = raised(at(2025, 9, 1, 10, 0), text=WELDERS)
    again = raised(at(2025, 9, 20, 10, 0), title="宿舍不足", text="新招员工住宿缺 50 个床位")
    url = f"/api/demands/{again.pk}"
    assert api("office").get(url).json()["repeat_of_number"] == first.number
    assert api("company").get(url).json()["repeat_of_number"] == "", "not the enterprise's to see"
    client.force_login(user("office"))
    assert f"疑似重复：{first.number}" in client.get(reverse("demands-board")).content.decode()
    assert "疑似重复" in client.get(reverse("demands-demand", args=[again.pk])).content.decode()
    assert api("leader").post(f"{url}/repeat/clear", {}).status_code == 403
    cleared = api("office").post(f"{url}/repeat/clear", {"note": "同一企业的不同问题"})
    assert (cleared.status_code, cleared.json()["repeat_of_id"]) == (200, None), cleared.content
    assert api("office").post(f"{url}/repeat/clear", {}).status_code == 409
    event = AuditEvent.objects.get(subject_type="demand", subject_id=str(again.pk), action="clear_repeat")
    assert (event.data["repeat_of"], event.reason) == (str(first.pk), "同一企业的不同问题")


def test_clearing_is_the_offices_only():
    paired()
    raised(at(2025, 9, 1, 10, 0))
    again = raised(at(2025, 9, 2, 10, 0))
    with pytest.raises(Forbidden):
        actions.demand_clear_repeat(demand=again, actor=user("leader"))
    actions.demand_clear_repeat(demand=again, actor=user("office"))
    with pytest.raises(Conflict):
        actions.demand_clear_repeat(demand=again, actor=user("office"))
