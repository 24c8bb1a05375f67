"""The notification centre page and the unread count in the header."""

import pytest

from gaoxin.notifications.models import Notification
from tests.notifications.helpers import notify_one, user

pytestmark = pytest.mark.django_db


@pytest.fixture
def window(client):
    client.force_login(user("window"))
    return client


def test_the_header_shows_my_unread_count(window):
    notify_one("window", "case-1")
    notify_one("window", "case-2")
    page = window.get("/notifications/").content.decode()
    assert 'href="/notifications/"' in page and "未读 2" in page
    assert "办件 GX1 临近承诺时限" in page


def test_nobody_logged_in_has_no_notification_entry(client):
    assert 'href="/notifications/"' not in client.get("/").content.decode()
    assert client.get("/notifications/").status_code == 302


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(window):
    notify_one("window")
    mine = Notification.objects.get(recipient=user("window"))
    response = window.post(f"/notifications/{mine.pk}/read/", {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/window/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert "未读" not in window.get("/notifications/").content.decode()


def test_marking_all_read(window):
    notify_one("window", "case-1")
    notify_one("window", "case-2")
    page = window.post("/notifications/read-all/", follow=True).content.decode()
    assert "已将 2 条通知标为已读" in page
    assert not Notification.objects.filter(recipient=user("window"), read_at__isnull=True).exists()


def test_another_persons_notification_is_a_404(window):
    notify_one("amr")
    theirs = Notification.objects.get(recipient=user("amr"))
    assert window.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    assert "办件 GX1" not in window.get("/notifications/").content.decode()


def test_html_in_a_notification_is_shown_escaped(window):
    notify_one("window", title="<script>alert(1)</script>")
    page = window.get("/notifications/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_the_platforms_own_addresses_in_a_message_are_links_and_nobody_elses(window, settings):
    from gaoxin.notifications.actions import Message, notify

    settings.GAOXIN = {**settings.GAOXIN, "PUBLIC_BASE_URL": "https://zwfw.example.gov.cn"}
    body = (
        "准予许可决定书（洛高审〔2026〕1号）：\nhttps://zwfw.example.gov.cn/documents/7/pdf/\n"
        "异议理由：见 https://evil.example.com/x <b>"
    )
    notify([(user("window"), Message(kind="case_warning", subject_key="links", title="办件有新消息", body=body))])
    page = window.get("/notifications/").content.decode()
    own = "https://zwfw.example.gov.cn/documents/7/pdf/"
    assert f'<a href="{own}">{own}</a>' in page
    assert 'href="https://evil.example.com' not in page and "https://evil.example.com/x &lt;b&gt;" in page
