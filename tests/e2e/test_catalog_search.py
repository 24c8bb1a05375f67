"""The catalog as a newcomer meets it: it opens on 热门事项 with browsing by person, company and theme, finds a
service by what people call it as they type, and fits a 390 px phone in either language."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, log_in, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_catalog_opens_on_popular_and_finds_what_people_type(new_page):
    page = new_page()
    page.goto("/catalog/")
    popular = page.get_by_role("region", name="热门事项")
    expect(popular.get_by_role("link", name="企业开办一件事")).to_be_visible()
    expect(page.get_by_role("link", name="法人办事")).to_be_visible()
    expect(page.get_by_role("link", name="开办企业")).to_be_visible()
    screenshot(page, "catalog-first-page")

    page.get_by_label("关键词").fill("qykb")
    found_bundles = page.get_by_role("region", name="一件事 · 一次办")
    expect(found_bundles.get_by_role("link", name="企业开办一件事")).to_be_visible()
    page.get_by_label("关键词").fill("开个公司")
    expect(page.get_by_text("您是不是要找")).to_be_visible()

    phone = new_page(viewport=PHONE)
    phone.goto("/catalog/")
    expect(phone.get_by_role("region", name="热门事项")).to_be_visible()
    screenshot(phone, "catalog-first-page-phone")
    assert page_width(phone) <= PHONE["width"]


def test_no_page_of_the_catalog_or_applying_overflows_a_phone_in_english(browser, live_server):
    context = browser.new_context(viewport=PHONE, locale="en-US", base_url=live_server.url)
    try:
        page = context.new_page()
        page.goto("/catalog/")
        expect(page.locator("section:has(#popular-h)")).to_contain_text("Starting a Business")
        assert page_width(page) <= PHONE["width"], "/catalog/"
        page.goto("/catalog/?q=开公司")
        expect(page.get_by_role("link", name="Company Registration").first).to_be_visible()
        assert page_width(page) <= PHONE["width"], "/catalog/?q="
        page.goto("/bundles/company-setup/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Starting a Business")
        assert page_width(page) <= PHONE["width"], "the bundle page"
        screenshot(page, "bundle-english-phone")
        page.context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": live_server.url}])
        log_in(page, "applicant")
        page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
        page.goto("/portal/apply/bundle/company-setup/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Starting a Business")
        assert page_width(page) <= PHONE["width"], "the apply page"
        screenshot(page, "apply-english-phone")
    finally:
        context.close()
