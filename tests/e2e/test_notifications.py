"""The notification centre in a real browser: the monthly reminder job writes the officer one digest, which they
open."""

import re

import pytest
from playwright.sync_api import expect

from gaoxin.notifications.models import Notification
from gaoxin.projects.tasks import remind_reports
from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_officer_opens_a_report_reminder_from_the_notification_centre(new_page):
    reminded = remind_reports.call()["reminded"]
    mine = Notification.objects.filter(recipient__username="officer").order_by("-created_at", "-pk")
    unread = mine.count()
    assert reminded >= unread > 0
    first = mine.first()

    page = new_page("officer")
    page.get_by_role("link", name=f"通知 未读 {unread}").click()
    expect(page.get_by_role("heading", name="通知")).to_be_visible()
    screenshot(page, "notifications")
    page.get_by_role("button", name=first.title).click()

    expect(page).to_have_url(re.compile(re.escape(first.link) + "$"))
    left = f"通知 未读 {unread - 1}" if unread > 1 else "通知"
    expect(page.get_by_role("link", name=left, exact=True)).to_be_visible()
    first.refresh_from_db()
    assert first.read_at is not None
