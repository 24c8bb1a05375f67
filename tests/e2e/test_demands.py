"""万人助万企 in a real browser: a cadre records a visit with a problem; the office assigns it from the board; the unit
accepts and replies; the enterprise, logged in, confirms it solved; the office's figures and the leaders' cockpit tile
count it."""

import re

import pytest
from playwright.sync_api import expect

from gaoxin.demands.models import Demand, Status
from tests.demands.helpers import category, paired
from tests.e2e.helpers import message, open_nav

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def number_in(page, selector: str) -> int:
    return int(re.search(r"\d+", page.locator(selector).inner_text()).group(0))


def counted(office, leader) -> dict:
    """This month's demands received and solved, as the office's figures page and the leaders' cockpit show them."""
    office.goto("/demands/figures/")
    leader.goto("/cockpit/")
    return {
        "received": number_in(office, '[data-figure="received"] b'),
        "solved": number_in(office, '[data-figure="solve_rate"] .muted'),
        "tile_received": number_in(leader, '[data-figure="demands_received"] .tile-figure'),
        "tile_solved": number_in(leader, '[data-figure="demands_received"] .tile-note'),
    }


def test_a_problem_found_on_a_visit_is_solved_and_confirmed(new_page):
    enterprise = paired("company", cadre="cadre")
    category("land")
    office, leader = new_page("office"), new_page("leader")
    before = counted(office, leader)

    cadre = new_page("cadre")
    open_nav(cadre, "万人助万企")
    cadre.get_by_role("link", name="包联企业").click()
    cadre.get_by_role("link", name="登记走访").click()
    cadre.get_by_label("走访企业").select_option(label=str(enterprise))
    cadre.get_by_label("接待人", exact=True).fill("陈志远")
    cadre.get_by_label("接待人电话").fill("13800000051")
    cadre.get_by_label("走访内容").fill("扩产计划")
    problem = cadre.get_by_role("group", name="发现的问题 1")
    problem.get_by_label("诉求类别").select_option(label="用地")
    problem.get_by_label("诉求标题").fill("二期扩建用地")
    problem.get_by_label("诉求内容").fill("二期厂房需新增用地约 30 亩")
    cadre.get_by_role("button", name="保存走访").click()
    message(cadre, "问题已登记为诉求")
    demand = Demand.objects.get(visit__enterprise=enterprise)

    open_nav(office, "万人助万企")
    row = office.get_by_role("row").filter(has_text=demand.number)
    row.get_by_label("承办单位").select_option(label="自然资源和规划")
    row.get_by_role("button", name="交办").click()
    message(office, "已交办承办单位")

    unit = new_page("nrp")
    open_nav(unit, "万人助万企")
    unit.get_by_role("listitem").filter(has_text=demand.number).get_by_role("button", name="签收").click()
    message(unit, "已签收")
    unit.get_by_role("link", name=demand.number).first.click()
    unit.get_by_label("办理结果", exact=True).select_option(label="已解决")
    unit.get_by_label("答复内容").fill("已纳入年度供地计划，用地指标已落实。")
    unit.get_by_role("button", name="答复企业").click()
    message(unit, "已答复")

    company = new_page("company")
    open_nav(company, "我的诉求")
    company.get_by_role("link", name=demand.number).click()
    expect(company.get_by_role("paragraph").filter(has_text="已纳入年度供地计划")).to_be_visible()
    company.get_by_label("满意", exact=True).check()
    company.get_by_role("button", name="提交确认").click()
    message(company, "办理结果已确认")
    demand.refresh_from_db()
    assert (demand.status, demand.satisfaction, demand.confirmed_on_behalf) == (Status.CONFIRMED, "satisfied", False)

    after = counted(office, leader)
    assert after == {key: value + 1 for key, value in before.items()}, (before, after)
    expect(office.locator('[data-figure="bulletin"]')).to_contain_text(f"已解决{after['solved']}个")
