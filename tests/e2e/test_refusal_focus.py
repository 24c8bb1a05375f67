"""A refused decision at the window is not lost below the fold: the page comes back with the reason's box in view,
focused, its error read with it."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE
from tests.ratings.helpers import submitted_case

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and 0 <= box["y"] and box["y"] + box["height"] <= page.viewport_size["height"]


def test_a_refusal_without_its_reason_brings_the_reason_box_into_view_and_focus(new_page):
    case = submitted_case(bundle="company-setup")
    clerk = new_page("window", viewport=PHONE)
    clerk.goto(f"/window/cases/{case.pk}/")
    clerk.get_by_role("button", name="不予受理").click()

    reason = clerk.locator("textarea[aria-invalid=true]")
    expect(reason).to_be_focused()
    assert in_view(clerk, reason), "the reason's box is on screen"
    expect(clerk.locator(".error").filter(has_text="不予受理必须说明理由")).to_be_visible()
    assert clerk.evaluate("window.scrollY") > 0, "the page was scrolled down to it"
