"""A walk-in applicant rates on their own phone through the QR code of their case, with no login; the window's
evaluator tablet shows the case the clerk sent it. Staff never rate (国办发〔2019〕51号)."""

import pytest
from playwright.sync_api import expect

from gaoxin.ratings import actions
from gaoxin.ratings.models import Rating, RatingChannel
from tests.e2e.conftest import PHONE, screenshot
from tests.ratings.helpers import approved_case, user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TABLET = {"width": 1024, "height": 768}


def test_a_walk_in_rates_by_the_qr_link_on_a_phone(new_page):
    case = approved_case(by="window", name="董女士")
    clerk = new_page("window")
    clerk.goto(f"/window/cases/{case.pk}/#rating")
    expect(clerk.get_by_text("请申请人用自己的手机扫码评价")).to_be_visible()
    expect(clerk.get_by_role("button", name="提交评价")).to_have_count(0)
    address = clerk.locator(".ask-to-rate .mono").inner_text()
    assert address.endswith(f"/rate/{case.rating_link.token}/")

    phone = new_page(viewport=PHONE)
    phone.goto(f"/rate/{case.rating_link.token}/")
    expect(phone.get_by_role("heading", name="您对本次办理服务满意吗？")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "no sideways scroll"
    screenshot(phone, "rate-by-qr-phone")
    phone.get_by_text("非常满意").click()
    phone.get_by_label("评价内容（可不填）").fill("窗口一次讲清楚了，当场办好")
    phone.get_by_role("button", name="提交评价").click()
    expect(phone.get_by_role("heading", name="感谢您的评价！")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(phone, "rate-by-qr-phone-done")
    rating = Rating.objects.get(case=case)
    assert (rating.level, rating.channel, rating.rated_by_id) == (5, RatingChannel.QR, None)
    phone.goto(f"/rate/{case.rating_link.token}/")
    expect(phone.get_by_role("heading", name="本办件已评价")).to_be_visible()


def test_the_evaluator_shows_the_case_the_clerk_asks_to_rate(new_page):
    evaluator = actions.evaluator_issue(clerk=user("window"))
    tablet = new_page(viewport=TABLET)
    tablet.goto(f"/evaluator/{evaluator.token}/")
    expect(tablet.get_by_role("heading", name="欢迎办事")).to_be_visible()
    screenshot(tablet, "evaluator-idle")
    case = approved_case(by="window", name="董女士")
    clerk = new_page("window")
    clerk.goto(f"/window/cases/{case.pk}/")
    clerk.get_by_role("button", name="请申请人评价（推送到评价器）").click()
    expect(clerk.get_by_text("已推送到评价器")).to_be_visible()
    # The tablet asks every 3 seconds and reloads when the clerk sent a case.
    expect(tablet.get_by_text(case.number)).to_be_visible(timeout=10_000)
    screenshot(tablet, "evaluator")
    tablet.get_by_text("满意", exact=True).click()
    tablet.get_by_role("button", name="提交评价").click()
    expect(tablet.get_by_role("heading", name="感谢您的评价！")).to_be_visible()
    assert Rating.objects.get(case=case).channel == RatingChannel.EVALUATOR
    phone = new_page(viewport=PHONE)
    phone.goto(f"/evaluator/{evaluator.token}/")
    screenshot(phone, "evaluator-phone")
