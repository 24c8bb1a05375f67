"""The figures (三率), the bulletin, the ledger's export and the cockpit's tile, on a small September 2026 worked out by
hand, read on Monday 12 October 2026 at 10:00 (after the National Day holiday).

The demands (category 用工 unless said: assign 1, respond 3, solve 7 working days; a reopened one 5):

- D1 raised Fri 4 Sep 10:00, assigned Mon 7 Sep 09:00 (its due: Mon 7 Sep 17:00, the weekend not counted: on time),
  answered Tue 8 Sep (due Thu 10 Sep 17:00: on time), replied 已解决, confirmed 满意, closed.
- D2 raised Fri 4 Sep 15:00, assigned Tue 8 Sep (late), answered Mon 14 Sep (due Fri 11 Sep 17:00: late), replied
  已解决, confirmed 基本满意.
- D3 raised Mon 7 Sep, assigned at once, answered Tue 8 Sep, replied 部分解决, 不满意 on Fri 11 Sep: reopened, due
  Fri 18 Sep 17:00 — overdue now.
- D4 raised Thu 10 Sep, assigned at once, replied Mon 14 Sep that policy does not allow it (the reply is the first
  response: due Tue 15 Sep, on time), closed by the office's reviewed decision: not solved, not evaluated.
- D5 raised by the office Mon 28 Sep, never assigned (due Tue 29 Sep 17:00): overdue now, no unit.
- D6 (融资, unit 人社) raised Mon 21 Sep, assigned, answered Tue 22 Sep, replied 已解决, not yet confirmed.
- Two outside the period: raised Mon 31 Aug and Thu 1 Oct.

So, for September: received 6; assigned on time 4 of 6 (D5 is past due unassigned) = 66.7 %; responded on time 4 of
5 = 80.0 %; solved 2 (D1, D2: a reply of 已解决 counts once the enterprise accepts it; D6 waits) of 6 = 33.3 %;
satisfied 2 of the 3 evaluated (D3's 不满意 counts until it is evaluated again) = 66.7 %; overdue 2; reopened 1.
"""

import io
from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from gaoxin.cockpit import selectors as cockpit_selectors
from gaoxin.demands import actions, ledger, selectors
from gaoxin.demands.models import Channel
from tests.demands.helpers import at, category, paired, unit, user

pytestmark = pytest.mark.django_db

NOW = at(2026, 10, 12, 10, 0)
SEPTEMBER = {"date_from": date(2026, 9, 1), "date_to": date(2026, 9, 30)}
REPLY = "已对接人才市场，招聘会定于下周。"


def _raise(when, *, code="labour", by="company", title="招工难", **extra):
    return actions.demand_raise(
        actor=user(by),
        problem=actions.Problem(category(code), title, "急需熟练焊工二十名。"),
        contact_name="陈志远",
        contact_phone="13800000051",
        now=when,
        **extra,
    )


def _assign(demand, when, to="amr"):
    return actions.demand_assign(demand=demand, actor=user("office"), unit=unit(to), now=when)


def _answer(demand, when, by="amr"):
    demand = actions.demand_accept(demand=demand, actor=user(by), now=when)
    return actions.demand_respond(demand=demand, actor=user(by), note="已联系企业", now=when)


def _reply(demand, when, result, by="amr", text=REPLY):
    return actions.demand_reply(demand=demand, actor=user(by), result=result, reply=text, now=when)


def _confirm(demand, when, satisfaction, comment=""):
    return actions.demand_confirm(
        demand=demand, actor=user("company"), satisfaction=satisfaction, comment=comment, now=when
    )


def september() -> dict:
    """The demands above, through the real actions at the moments they happened."""
    paired("company")
    d1 = _raise(at(2026, 9, 4, 10, 0), title='=HYPERLINK("http://evil.example")')
    d1 = _answer(_assign(d1, at(2026, 9, 7, 9, 0)), at(2026, 9, 8, 10, 0))
    d1 = _confirm(_reply(d1, at(2026, 9, 9, 10, 0), "solved"), at(2026, 9, 10, 10, 0), "satisfied")
    actions.demand_close(demand=d1, actor=user("office"), now=at(2026, 9, 10, 11, 0))

    d2 = _raise(at(2026, 9, 4, 15, 0))
    d2 = _answer(_assign(d2, at(2026, 9, 8, 10, 0)), at(2026, 9, 14, 10, 0))
    _confirm(_reply(d2, at(2026, 9, 15, 10, 0), "solved"), at(2026, 9, 16, 10, 0), "basically")

    d3 = _raise(at(2026, 9, 7, 10, 0))
    d3 = _answer(_assign(d3, at(2026, 9, 7, 11, 0)), at(2026, 9, 8, 10, 0))
    _confirm(_reply(d3, at(2026, 9, 10, 10, 0), "partly"), at(2026, 9, 11, 10, 0), "not_satisfied", "只到了 5 名")

    d4 = _raise(at(2026, 9, 10, 10, 0))
    d4 = actions.demand_accept(demand=_assign(d4, at(2026, 9, 10, 11, 0)), actor=user("amr"), now=at(2026, 9, 10, 14))
    d4 = _reply(d4, at(2026, 9, 14, 10, 0), "explained", text="政策不允许，已解释说明。")
    actions.demand_close(demand=d4, actor=user("office"), note="经审核，已解释到位。", now=at(2026, 9, 15, 10, 0))

    office = {"by": "office", "channel": Channel.HOTLINE, "enterprise": None}
    d5 = _raise(at(2026, 9, 28, 10, 0), **office)

    d6 = _raise(at(2026, 9, 21, 10, 0), code="financing")
    d6 = _answer(_assign(d6, at(2026, 9, 21, 11, 0), to="hrss"), at(2026, 9, 22, 10, 0), by="hrss")
    d6 = actions.demand_reply(demand=d6, actor=user("hrss"), result="solved", reply=REPLY, now=at(2026, 9, 24, 10))

    _raise(at(2026, 8, 31, 10, 0))
    _raise(at(2026, 10, 1, 10, 0))
    return {"d1": d1, "d5": d5, "d6": d6}


def test_the_deadlines_of_the_data_are_those_worked_out_by_hand():
    """The working-day limits the figures rest on (a weekend in D1's, the National Day holiday in none of them)."""
    made = september()
    assert made["d1"].assign_due == at(2026, 9, 7, 17, 0)
    assert made["d5"].assign_due == at(2026, 9, 29, 17, 0)
    assert made["d6"].respond_due == at(2026, 9, 24, 17, 0)


def test_the_rates_of_the_zone():
    september()
    zone = selectors.figures(user("office"), now=NOW, **SEPTEMBER)["zone"]
    assert {k: zone[k] for k in ("received", "assign_counted", "assigned_on_time", "assign_rate")} == {
        "received": 6,
        "assign_counted": 6,
        "assigned_on_time": 4,
        "assign_rate": Decimal("66.7"),
    }
    assert (zone["respond_counted"], zone["responded_on_time"], zone["respond_rate"]) == (5, 4, Decimal("80.0"))
    assert (zone["solved"], zone["solve_rate"]) == (2, Decimal("33.3"))
    assert (zone["evaluated"], zone["satisfied"], zone["satisfaction_rate"]) == (3, 2, Decimal("66.7"))
    assert (zone["replied"], zone["open"], zone["overdue"], zone["reopened"]) == (4, 2, 2, 1)


def test_the_units_ranked_and_the_unassigned_apart():
    september()
    found = selectors.figures(user("leader"), now=NOW, **SEPTEMBER)
    amr, hrss = found["units"]
    assert (amr["rank"], amr["code"], amr["received"], amr["solve_rate"], amr["satisfaction_rate"]) == (
        1,
        "amr",
        4,
        Decimal("50.0"),
        Decimal("66.7"),
    )
    assert (amr["overdue"], amr["reopened"], amr["respond_rate"]) == (1, 1, Decimal("75.0"))
    assert (hrss["rank"], hrss["received"], hrss["solve_rate"], hrss["satisfaction_rate"]) == (2, 1, Decimal(0), None)
    assert (found["unassigned"]["received"], found["unassigned"]["overdue"]) == (1, 1)
    by_category = {c["code"]: c for c in found["categories"]}
    assert (by_category["labour"]["received"], by_category["labour"]["solved"]) == (5, 2)
    assert (by_category["financing"]["received"], by_category["financing"]["solve_rate"]) == (1, Decimal(0))
    assert by_category["land"]["received"] == 0 and by_category["land"]["solve_rate"] is None


def row(code, solve, satisfied, overdue=0):
    return {"code": code, "solve_rate": solve, "satisfaction_rate": satisfied, "overdue": overdue}


def test_the_ranking_shares_a_place_on_equal_figures_and_puts_units_without_a_rate_last():
    rows = [
        row("c", Decimal(90), Decimal(95)),
        row("a", None, None),
        row("b", Decimal(90), Decimal(95)),
        row("d", Decimal(90), Decimal(95), overdue=2),
        row("e", Decimal(100), None),
        row("f", Decimal(80), Decimal(99)),
    ]
    assert [(r["code"], r["rank"]) for r in selectors.ranked(rows)] == [
        ("e", 1),
        ("b", 2),
        ("c", 2),
        ("d", 4),
        ("f", 5),
        ("a", 6),
    ]


def test_the_bulletin_sentence():
    september()
    found = selectors.figures(user("office"), now=NOW, **SEPTEMBER)
    assert found["period_label"] == "2026年9月"
    assert found["bulletin"] == (
        "2026年9月共收集企业诉求6个，已解决2个，解决率33.3%，企业满意率66.7%，超期未办结2个，重办1个。"
    )
    assert selectors.bulletin(found["zone"] | {"overdue": 0, "reopened": 0}, "本月") == (
        "本月共收集企业诉求6个，已解决2个，解决率33.3%，企业满意率66.7%。"
    )


def test_this_month_by_default_and_an_empty_one():
    found = selectors.figures(user("office"), now=NOW)
    assert (found["date_from"], found["date_to"], found["period_label"]) == (
        date(2026, 10, 1),
        date(2026, 10, 31),
        "本月",
    )
    assert found["bulletin"] == "本月未收集到企业诉求。"
    assert selectors.Period.asked(date(2026, 1, 1), date(2026, 3, 31), today=NOW.date()).label(NOW.date()) == (
        "2026年1月1日至2026年3月31日"
    )


def test_the_figures_stay_three_queries_whatever_the_number_of_demands(django_assert_num_queries):
    office = user("office")
    september()
    with django_assert_num_queries(3):  # the counts per unit and category, the units' names, the categories
        selectors.figures(office, now=NOW, **SEPTEMBER)
    for day in range(1, 25):
        _assign(_raise(at(2026, 9, day, 10, 0), code="land"), at(2026, 9, day, 11, 0), to="police")
    with django_assert_num_queries(3):
        selectors.figures(office, now=NOW, **SEPTEMBER)


def test_the_page_and_the_api(client, api):
    september()
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        client.force_login(user("leader"))
        page = client.get(reverse("demands-figures"), SEPTEMBER)
        assert page.status_code == 200
        text = page.content.decode()
        assert "2026年9月共收集企业诉求6个，已解决2个，解决率33.3%" in text
        assert 'data-unit="amr"' in text and "?date_from=2026-09-01&amp;date_to=2026-09-30" in text
        answer = api("office").get("/api/demands/figures?date_from=2026-09-01&date_to=2026-09-30")
    assert answer.status_code == 200, answer.content
    data = answer.json()
    assert (data["zone"]["solve_rate"], data["zone"]["satisfaction_rate"]) == ("33.3", "66.7")
    assert [u["code"] for u in data["units"]] == ["amr", "hrss"]
    assert data["bulletin"].startswith("2026年9月共收集企业诉求6个")


def test_a_bad_period_is_refused_with_the_field(client, api):
    bad = api("office").get("/api/demands/figures?date_from=2026-09-30&date_to=2026-09-01")
    assert (bad.status_code, bad.json()["field"]) == (400, "date_from")
    assert api("office").get("/api/demands/figures?date_from=30.9.2026").status_code == 422
    client.force_login(user("office"))
    page = client.get(reverse("demands-figures"), {"date_from": "2026-09-30", "date_to": "2026-09-01"})
    assert page.status_code == 400 and "开始日期不能晚于结束日期" in page.content.decode()
    assert client.get(reverse("demands-ledger"), {"date_from": "soon"}).status_code == 400


@pytest.mark.parametrize("username", ["amr", "cadre", "company", "security", "applicant"])
def test_the_figures_are_for_the_office_and_leaders_only(api, username):
    assert api(username).get("/api/demands/figures").status_code == 404


def sheet_of(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def test_the_ledger_columns_and_a_formula_kept_as_text(client):
    september()
    client.force_login(user("office"))
    response = client.get(reverse("demands-ledger"), SEPTEMBER)
    assert response.status_code == 200
    assert response["Content-Type"] == ledger.CONTENT_TYPE
    assert "demands-ledger-20260901-20260930.xlsx" in response["Content-Disposition"]
    sheet = sheet_of(response.content)
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [
        "编号",
        "来源渠道",
        "企业/诉求人",
        "类别",
        "诉求标题",
        "诉求内容",
        "紧急程度",
        "提出时间",
        "承办单位",
        "协办单位",
        "状态",
        "交办期限",
        "交办时间",
        "签收期限",
        "签收时间",
        "响应期限",
        "首次响应时间",
        "办结期限",
        "答复时间",
        "办理结果",
        "答复内容",
        "满意度",
        "代为确认",
        "重办次数",
        "销号时间",
        "是否超期",
    ]
    assert len(rows) == 1 + 6, "the six demands raised in September"
    first = dict(zip(rows[0], rows[1], strict=True))
    assert (first["状态"], first["满意度"], first["代为确认"], first["是否超期"]) == ("已销号", "满意", "否", "否")
    assert str(first["提出时间"]) == "2026-09-04 10:00:00", "the zone's wall-clock time"
    title = sheet.cell(row=2, column=5)
    assert (title.value, title.data_type, title.quotePrefix) == ('=HYPERLINK("http://evil.example")', "s", True)
    late = [dict(zip(rows[0], r, strict=True)) for r in rows[1:] if r[rows[0].index("是否超期")] == "是"]
    assert len(late) == 2, "D3 reopened and past its limit, D5 never assigned"


def test_each_exports_only_the_demands_they_see(api):
    september()

    def numbers_for(username):
        answer = api(username).get("/api/demands/ledger.xlsx?date_from=2026-09-01")
        assert answer.status_code == 200, answer.content
        return {r[0] for r in sheet_of(answer.content).iter_rows(min_row=2, values_only=True)}

    numbers = {username: numbers_for(username) for username in ("office", "hrss", "amr")}
    assert len(numbers["office"]) == 6
    assert len(numbers["hrss"]) == 1 and numbers["hrss"] < numbers["office"]
    assert len(numbers["amr"]) == 4
    assert api("security").get("/api/demands/ledger.xlsx").status_code == 404


def test_the_cockpit_tile():
    september()
    in_september = at(2026, 9, 30, 10, 0)
    tile = cockpit_selectors.summary(user("leader"), now=in_september)["demands"]
    assert (tile["date_from"], tile["received"], tile["solved"]) == (date(2026, 9, 1), 6, 2)
    assert (tile["solve_rate"], tile["satisfaction_rate"]) == (Decimal("33.3"), Decimal("66.7"))
    # Overdue now, whenever raised: D3 at amr; D5 and the one of 31 August, never assigned (the office's).
    assert tile["overdue_now"] == 3
    assert [(r["code"], r["overdue"]) for r in tile["overdue_by_unit"]] == [("", 2), ("amr", 1)]
    assert cockpit_selectors.summary(user("admin"), now=in_september)["demands"] is None, "admin sees no demands"


def test_the_cockpit_page_shows_the_tile(client):
    september()
    client.force_login(user("leader"))
    with mock.patch("django.utils.timezone.now", return_value=at(2026, 9, 30, 10, 0)), translation.override("zh-hans"):
        page = client.get(reverse("cockpit")).content.decode()
    assert 'data-figure="demands_solve_rate"' in page and "33.3" in page
    assert reverse("demands-figures") in page


def test_a_unit_finds_the_export_on_its_ledger_page_and_gets_its_own_demands(client):
    september()
    client.force_login(user("hrss"))
    listed = client.get(reverse("demands-list")).content.decode()
    assert reverse("demands-ledger") in listed
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        exported = client.get(reverse("demands-ledger"))
    assert "demands-ledger-20260101-20261231.xlsx" in exported["Content-Disposition"], "this year by default"
    assert [r[1] for r in sheet_of(exported.content).iter_rows(min_row=2, values_only=True)] == ["企业网上提交"]
