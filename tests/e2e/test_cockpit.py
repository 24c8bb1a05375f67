"""The leaders' cockpit in a real browser: the tiles show what the API says, the tiles refresh themselves, the charts
are drawn from local files, the page reads without JavaScript and at a phone's width. Takes the screenshots
cockpit-desktop and cockpit-phone."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.cockpit.helpers import make_case, sample_cases
from tests.e2e.conftest import DESKTOP, PHONE, log_in, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def figure(page, name: str) -> str:
    """The big number of a tile, without its unit: "75.0" of "75.0 %", "3" of "3 件"."""
    text = page.locator(f'[data-figure="{name}"] .tile-figure').inner_text()
    return re.match(r"[—\d.]+", text.strip()).group(0)


def summary(page) -> dict:
    """The API's figures, fetched with the page's own session."""
    response = page.request.get("/api/cockpit/summary")
    assert response.ok, response.text()
    return response.json()


def check_tiles_against_the_api(page, data: dict) -> None:
    s, p = data["services"], data["projects"]
    assert figure(page, "cases_today") == str(s["cases_today"])
    assert figure(page, "in_progress") == str(s["in_progress"])
    assert figure(page, "on_time_rate") == (s["on_time_rate"] or "—")
    assert figure(page, "satisfaction") == (s["satisfaction"] or "—")
    assert figure(page, "commencement_rate") == (p["commencement_rate"] or "—")
    assert figure(page, "investment_completion") == (p["investment_completion"] or "—")
    assert figure(page, "red_projects") == str(p["red_projects"])
    in_progress = page.locator('[data-figure="in_progress"]')
    if s["overdue"]:
        expect(in_progress).to_contain_text(f"超期 {s['overdue']} 件")  # in words, not only in red
    for row in s["overdue_by_department"][:10]:
        line = page.locator(f'tr[data-department="{row["code"]}"]')
        expect(line.locator("td").nth(0)).to_have_text(str(row["open"]))
        expect(line.locator("td").nth(1)).to_have_text(str(row["overdue"]))
        expect(line).to_contain_text(f"超期 {row['overdue']} 件" if row["overdue"] else "正常")
    for row in p["red_by_leader"]:
        line = page.locator(f'tr[data-leader="{row["username"]}"]')
        expect(line).to_contain_text(row["name"])
        if row["red"]:
            expect(line).to_contain_text(f"红色预警 {row['red']} 个")
    for indicator in data["economy"]["indicators"]:
        tile = page.locator(f'[data-figure="indicator-{indicator["code"]}"]')
        expect(tile).to_contain_text(indicator["name"])
        expect(tile).to_contain_text(f"同比 +{indicator['growth']}%")
        if indicator["rank"]:
            expect(tile).to_contain_text(f"增速全市第 {indicator['rank']} / {indicator['rank_of']}")


def test_the_cockpit_as_a_leader_sees_it(new_page, browser, live_server):
    now = timezone.now()
    sample_cases(now)

    page = new_page("leader")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="领导驾驶舱").click()
    expect(page.get_by_role("heading", name="领导驾驶舱", level=1)).to_be_visible()
    for heading in ("政务服务", "重点项目", "经济运行"):
        expect(page.get_by_role("heading", name=heading, level=2)).to_be_visible()
    # The trends are drawn by the local ECharts (SVG), one chart per headline indicator; their tables step aside.
    expect(page.locator(".trend-chart.drawn svg")).to_have_count(3)
    assert page.locator(".trend-data").first.bounding_box()["height"] <= 1, "kept for screen readers only"
    check_tiles_against_the_api(page, summary(page))
    screenshot(page, "cockpit-desktop")

    # The tiles refresh themselves (htmx polls every 60 s; here the poll is triggered at once): a new case counts.
    before = int(figure(page, "cases_today"))
    make_case("submitted", submitted_at=timezone.now())
    page.evaluate("htmx.ajax('GET', '/cockpit/tiles/', {target: '#cockpit-tiles', swap: 'outerHTML'})")
    expect(page.locator('[data-figure="cases_today"] .tile-figure')).to_have_text(re.compile(rf"^{before + 1}\b"))
    expect(page.locator(".trend-chart.drawn svg")).to_have_count(3)  # redrawn after the swap
    check_tiles_against_the_api(page, summary(page))

    # Every tile leads to its detail page.
    page.locator('[data-figure="satisfaction"]').click()
    expect(page).to_have_url(re.compile(r"/ratings/$"))
    page.go_back()
    page.locator('[data-figure="red_projects"]').click()
    expect(page).to_have_url(re.compile(r"/projects/board/$"))

    # At a phone's width the tiles stack in one column and nothing scrolls sideways.
    phone = new_page("leader", viewport=PHONE)
    phone.goto("/cockpit/")
    expect(phone.locator(".trend-chart.drawn svg")).to_have_count(3)
    first = phone.locator('[data-figure="cases_today"]').bounding_box()
    second = phone.locator('[data-figure="in_progress"]').bounding_box()
    assert abs(first["x"] - second["x"]) < 1 and second["y"] > first["y"] + first["height"] - 1
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    check_tiles_against_the_api(phone, summary(phone))
    screenshot(phone, "cockpit-phone")


def test_the_cockpit_without_javascript(browser, live_server):
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN", base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        log_in(page, "leader")
        page.goto("/cockpit/")
        expect(page.get_by_role("heading", name="领导驾驶舱", level=1)).to_be_visible()
        # A plain page: every figure in words, the trends as tables.
        expect(page.locator('[data-figure="in_progress"]')).to_contain_text("在办件")
        expect(page.locator(".trend-table")).to_have_count(3)
        expect(page.locator(".trend-table").first).to_be_visible()
        expect(page.locator(".trend-table").first).to_contain_text("2019年")
    finally:
        context.close()
