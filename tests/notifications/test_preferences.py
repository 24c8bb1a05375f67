"""Each person chooses their channels, on their own page and through the API; in the app they are always told."""

import pytest

from gaoxin.notifications.models import Preference

pytestmark = pytest.mark.django_db


def test_an_applicant_stops_sms_on_their_page(client, django_user_model):
    applicant = django_user_model.objects.get(username="applicant")
    client.force_login(applicant)
    page = client.get("/notifications/preferences/").content.decode()
    assert "短信通知" in page and "每日到期提醒" not in page, "the digest is for approvers"
    assert client.post("/notifications/preferences/", {"email": "1"}).status_code == 302
    chosen = Preference.objects.get(user=applicant)
    assert (chosen.email, chosen.sms, chosen.daily_digest) == (True, False, False)


def test_through_the_api_and_the_digest_only_for_approvers(api):
    applicant = api("applicant")
    assert applicant.get("/api/notifications/preferences").json() == {
        "email": True,
        "sms": True,
        "daily_digest": False,
        "daily_digest_offered": False,
    }
    put = applicant.client.put(
        "/api/notifications/preferences",
        {"email": False, "sms": True, "daily_digest": True},
        content_type="application/json",
        headers=applicant.headers,
    )
    assert put.status_code == 400 and put.json()["field"] == "daily_digest"
    amr = api("amr")
    put = amr.client.put(
        "/api/notifications/preferences",
        {"email": False, "sms": False, "daily_digest": True},
        content_type="application/json",
        headers=amr.headers,
    )
    assert put.status_code == 200 and put.json()["daily_digest"] is True and put.json()["daily_digest_offered"]


def test_an_approver_who_asked_gets_one_daily_digest_of_what_falls_due(django_user_model):
    from datetime import timedelta

    from django.utils import timezone

    from gaoxin.cases import actions
    from gaoxin.cases.tasks import digest_due_tasks
    from gaoxin.notifications.actions import preference_save
    from gaoxin.notifications.models import Kind, Notification
    from tests.ratings.helpers import submitted_case, user

    for _n in range(2):
        actions.case_accept(case=submitted_case(bundle="company-setup"), clerk=user("window"))
    preference_save(user=user("amr"), email=True, sms=True, daily_digest=True)
    later = timezone.now() + timedelta(days=60)  # both registrations are overdue by then
    assert digest_due_tasks.call(now=later) == 1
    assert digest_due_tasks.call(now=later) == 1
    [digest] = Notification.objects.filter(kind=Kind.DAILY_DIGEST)
    assert digest.recipient.username == "amr" and "2 项任务" in digest.title
    assert digest.body.count("：超期，") == 2 and digest.link == "/desk/"
    assert not Notification.objects.filter(kind=Kind.DAILY_DIGEST, recipient__username="police").exists()
