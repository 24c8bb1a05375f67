"""Key projects in a real browser: the project officer files a monthly report, the responsible leader's portfolio
counts it."""

import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from playwright.sync_api import expect

from gaoxin.projects import actions, selectors
from gaoxin.projects.models import Project
from tests.e2e.helpers import cell, fill_in, message, open_nav, png_file

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PLAN = Decimal("1000.00")  # this year's planned investment, 万元 (the demo's plans are for 2021)
INVESTED = Decimal("65.30")  # what the officer reports for the month, 万元


def test_an_officer_files_a_monthly_report_and_the_leaders_portfolio_shows_it(new_page, tmp_path):
    project = (
        Project.objects.filter(officer__username="officer", responsible_leader__username__in=["leader", "leader2"])
        .select_related("responsible_leader")
        .order_by("code")
        .first()
    )
    # The month the form offers first: the current one (the previous month closes on the 5th working day).
    year, month = selectors.open_report_months()[-1]
    period = f"{year}-{month:02d}"
    actions.project_set_year_plan(project=project, actor=None, year=year, planned_investment=PLAN)

    # The leader opens their portfolio through this month's end and reads the project's figures.
    leader = new_page(project.responsible_leader.username)
    open_nav(leader, "重点项目")
    leader.get_by_role("navigation", name="重点项目").get_by_role("link", name="领导分包").click()
    leader.get_by_role("link").filter(has=leader.get_by_role("heading", name=project.responsible_leader.name)).click()
    expect(leader.get_by_role("heading", name=f"{project.responsible_leader.name}的分包项目")).to_be_visible()
    leader.get_by_label("年度", exact=True).select_option(str(year))
    leader.get_by_label("截至", exact=True).select_option(str(month))
    leader.get_by_role("button", name="查看").click()
    expect(leader.get_by_role("heading", name=f"截至 {month} 月底")).to_be_visible()
    table = leader.get_by_role("region", name=re.compile("分包项目及")).get_by_role("table")
    row = table.get_by_role("row").filter(has=leader.get_by_role("link", name=project.name, exact=True))
    expect(cell(table, row, "年度计划（万元）")).to_have_text("1,000.00")
    completed_before = Decimal(cell(table, row, "已完成（万元）").inner_text().replace(",", ""))

    # The officer opens the project from the register and files this month's report, with a site photo.
    officer = new_page("officer")
    open_nav(officer, "重点项目")
    officer.get_by_label("名称、编号或建设单位").fill(project.code)
    officer.get_by_role("button", name="筛选").click()
    officer.get_by_role("link", name=project.name, exact=True).click()
    officer.get_by_role("link", name="填报月报").first.click()
    expect(officer.get_by_role("heading", name="填报月度报告")).to_be_visible()
    expect(officer.get_by_label("报告月份")).to_have_value(period)
    fill_in(officer, {"本月完成投资（万元）": "65.3", "形象进度": "主体结构施工至六层，二次结构砌筑完成 40%"})
    officer.get_by_label("现场照片（可不传）").set_input_files(png_file(tmp_path, "主体结构"))
    officer.get_by_role("button", name="提交月报").click()

    message(officer, "月报已提交。")
    reports = officer.get_by_role("region", name="月度报告")
    report = reports.get_by_role("row").filter(has_text=period)
    expect(cell(reports.get_by_role("table"), report, "完成投资（万元）")).to_have_text("65.30")
    expect(report).to_contain_text("主体结构施工至六层，二次结构砌筑完成 40%")
    expect(report.get_by_role("img", name=f"{month}月现场照片")).to_be_visible()

    # The leader reloads the portfolio: the month's investment is counted, and the completion rate with it.
    completed = completed_before + INVESTED
    rate = (completed * 100 / PLAN).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    leader.reload()
    expect(cell(table, row, "已完成（万元）")).to_have_text(f"{completed:,.2f}")
    expect(cell(table, row, "完成率")).to_contain_text(f"{rate}%")
