"""GET /api/notifications and marking read: a person reaches only their own notifications."""

import pytest

from gaoxin.notifications.models import Kind, Notification
from tests.notifications.helpers import notify_one, user

pytestmark = pytest.mark.django_db


def test_the_list_holds_only_my_notifications_unread_first(api):
    for n in range(3):
        notify_one("window", f"case-{n}", title=f"办件 {n}")
    notify_one("amr", "case-9", kind=Kind.TASK_WARNING, title="别人的")
    first = Notification.objects.get(recipient=user("window"), subject_key="case-0")
    window = api("window")
    assert window.post(f"/api/notifications/{first.pk}/read").status_code == 200

    listed = window.get("/api/notifications").json()
    assert listed["count"] == 3 and listed["unread"] == 2
    assert [i["title"] for i in listed["items"]][-1] == "办件 0", "the read one comes after the unread ones"
    assert "别人的" not in [i["title"] for i in listed["items"]]
    assert listed["items"][0]["kind_display"] == "办件临近承诺时限"


def test_the_list_is_paginated(api):
    for n in range(5):
        notify_one("window", f"case-{n}")
    page = api("window").get("/api/notifications", limit=2, offset=4).json()
    assert page["count"] == 5 and len(page["items"]) == 1


def test_marking_read_keeps_the_first_time(api):
    notify_one("window")
    mine = Notification.objects.get(recipient=user("window"))
    window = api("window")
    first = window.post(f"/api/notifications/{mine.pk}/read").json()
    again = window.post(f"/api/notifications/{mine.pk}/read").json()
    assert first["read_at"] is not None and again["read_at"] == first["read_at"]


def test_another_persons_notification_is_not_found(api):
    notify_one("amr")
    theirs = Notification.objects.get(recipient=user("amr"))
    response = api("window").post(f"/api/notifications/{theirs.pk}/read")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_read_all_marks_only_mine(api):
    notify_one("window", "case-1")
    notify_one("window", "case-2")
    notify_one("amr")
    answer = api("window").post("/api/notifications/read-all").json()
    assert answer == {"marked": 2, "unread": 0}
    assert Notification.objects.get(recipient=user("amr")).read_at is None


def test_the_api_needs_a_login(client):
    assert client.get("/api/notifications").status_code == 401
