"""On a phone, a resident ID box opens the numeric keypad and has an X key for the last character."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_id_box_takes_digits_from_the_keypad_and_x_from_its_key(new_page):
    page = new_page("applicant", viewport=PHONE)
    page.goto("/portal/apply/item/HPF-WD-001/")
    box = page.get_by_label("居民身份证号码")
    expect(box).to_have_attribute("inputmode", "numeric")
    box.fill("11010519491231002")
    page.get_by_role("button", name="输入末位 X").click()
    expect(box).to_have_value("11010519491231002X")
    expect(box).to_be_focused()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "no sideways scroll"
    screenshot(page, "id-number-key-phone")
