"""国办发〔2019〕51号: the rating is the applicant's own. A walk-in rates through their case's link (QR code) or the
window's evaluator with no login, once; staff never rate; a denied case's rating goes to the department that denied; an
upheld appeal takes a rating out of the figures; the rectification's result goes back to the applicant."""

import html

import pytest

from gaoxin.cases import actions as case_actions
from gaoxin.core.models import AuditEvent
from gaoxin.notifications.models import Notification
from gaoxin.ratings import actions, selectors
from gaoxin.ratings.models import AppealStatus, Rating, RatingChannel, RectificationStatus
from tests.ratings.helpers import approved_case, grant_open_tasks, rate, submitted_case, user

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_a_walk_in_rates_through_the_qr_link_with_no_login_and_only_once(client):
    case = approved_case(by="window", name="董女士")
    url = f"/rate/{case.rating_link.token}/"
    page = client.get(url)
    assert page.status_code == 200 and "您对本次办理服务满意吗？" in text(page) and case.number in text(page)
    assert "董女士" not in text(page) and "董*" in text(page), "a name on a glanced-at screen is masked"
    done = client.post(url, {"level": "2", "comment": "等了很久"})
    assert done.status_code == 302 and done["Location"] == url + "?thanks=1"
    rating = Rating.objects.get(case=case)
    assert (rating.level, rating.channel, rating.rated_by) == (2, RatingChannel.QR, None)
    assert rating.rectification.status == RectificationStatus.OPEN
    case.rating_link.refresh_from_db()
    assert case.rating_link.used_at == rating.rated_at
    again = client.post(url, {"level": "5"})
    assert again.status_code == 409 and "已经评价过了" in text(again)
    assert Rating.objects.get(case=case).level == 2
    assert "本办件已评价" in text(client.get(url))
    assert client.get("/rate/not-a-token/").status_code == 404


def test_a_clerk_cannot_rate_by_page_api_link_or_evaluator(client, api):
    case = approved_case(by="window")
    evaluator = actions.evaluator_push(clerk=user("window"), case=case)
    refused = api("window").post(f"/api/ratings/cases/{case.pk}", {"level": 5})
    assert refused.status_code == 403 and "工作人员不能代申请人评价" in refused.json()["detail"]
    client.force_login(user("window"))
    for url in (
        f"/ratings/cases/{case.pk}/rate/",
        f"/rate/{case.rating_link.token}/",
        f"/evaluator/{evaluator.token}/",
    ):
        answer = client.post(url, {"level": "5"})
        assert answer.status_code == 403, url
    assert not Rating.objects.exists()


def test_the_evaluator_shows_the_case_the_clerk_pushed_and_the_applicant_rates_there(client):
    evaluator = actions.evaluator_issue(clerk=user("window"))
    url = f"/evaluator/{evaluator.token}/"
    idle = text(client.get(url))
    assert "欢迎办事" in idle and "王芳" in idle
    state = selectors.evaluator_by_token(evaluator.token)
    poll = f"{url}poll/?state="
    from gaoxin.ratings.views import _evaluator_state

    assert client.get(poll + _evaluator_state(state)).status_code == 204
    case = approved_case(by="window")
    actions.evaluator_push(clerk=user("window"), case=case)
    changed = client.get(poll + _evaluator_state(state))
    assert changed.status_code == 200 and changed["HX-Refresh"] == "true"
    shown = text(client.get(url))
    assert case.number in shown and "提交评价" in shown
    assert client.post(url, {"level": "5"}).status_code == 302
    assert Rating.objects.get(case=case).channel == RatingChannel.EVALUATOR
    with pytest.raises(actions.Conflict):
        actions.evaluator_push(clerk=user("window"), case=case)


def test_a_denied_cases_rating_goes_to_the_department_that_denied_and_names_its_handler():
    case = case_actions.case_accept(case=submitted_case(bundle="company-setup"), clerk=user("window"))
    grant_open_tasks(case, departments={"amr"})
    case_actions.task_deny(task=case.tasks.get(department__code="police"), approver=user("police"), reason="印文不符")
    grant_open_tasks(case)
    case.refresh_from_db()
    rating = rate(case, 1, comment="刻章被拒，没说清楚")
    assert rating.department.code == "police" and rating.rectification.department.code == "police"
    assert rating.handled_by == user("police")
    assert [d.code for d in rating.departments.all()] == ["police"]


def test_an_upheld_appeal_takes_the_rating_out_of_the_figures(api):
    bad = rate(approved_case(), 1, comment="乱评")
    rate(approved_case(name="二"), 5)
    before = api("leader").get("/api/ratings/satisfaction").json()["total"]
    assert (before["ratings"], before["bad"], before["satisfied_percent"]) == (2, 1, 50.0)
    hpf = api("hpf")
    filed = hpf.post(f"/api/ratings/rectifications/{bad.rectification.pk}/appeal", {"reason": "申请人承认选错"})
    assert filed.status_code == 201 and filed.json()["status"] == AppealStatus.PENDING
    assert (
        hpf.post(f"/api/ratings/appeals/{filed.json()['id']}/decision", {"upheld": True, "note": "属实"}).status_code
        == 403
    )
    empty = api("admin").post(f"/api/ratings/appeals/{filed.json()['id']}/decision", {"upheld": True, "note": " "})
    assert empty.status_code == 400 and empty.json()["field"] == "note"
    decided = api("admin").post(
        f"/api/ratings/appeals/{filed.json()['id']}/decision", {"upheld": True, "note": "属误评"}
    )
    assert decided.status_code == 200 and decided.json()["status"] == AppealStatus.UPHELD
    after = api("leader").get("/api/ratings/satisfaction").json()["total"]
    assert (after["ratings"], after["bad"], after["satisfied_percent"]) == (1, 0, 100.0)
    bad.refresh_from_db()
    assert bad.excluded and bad.rectification.status == RectificationStatus.VOIDED
    shown = api("applicant").get(f"/api/ratings/cases/{bad.case_id}").json()["rating"]
    assert shown["excluded"] and shown["appeal"]["status"] == "upheld" and shown["appeal"]["decision_note"] == "属误评"
    actions_on_chain = AuditEvent.objects.filter(subject_type="rating", subject_id=str(bad.pk)).values_list(
        "action", flat=True
    )
    assert list(actions_on_chain.order_by("seq")) == ["rate", "appeal", "appeal_decide"]
    twice = hpf.post(f"/api/ratings/rectifications/{bad.rectification.pk}/appeal", {"reason": "再申诉"})
    assert twice.status_code == 409


def test_the_result_goes_back_to_the_applicant_who_may_say_it_did_not_help(api):
    rating = rate(approved_case(), 2, comment="慢")
    rectification, hpf = rating.rectification, user("hpf")
    actions.rectification_callback(rectification=rectification, actor=hpf, note="已电话回访")
    actions.rectification_close(rectification=rectification, actor=hpf, result="增设窗口")
    told = Notification.objects.get(recipient=user("applicant"), kind="rectification_result")
    assert "增设窗口" in told.body and told.link == f"/portal/cases/{rating.case_id}/#rating"
    applicant = api("applicant")
    blank = applicant.post(f"/api/ratings/cases/{rating.case_id}/verdict", {"verdict": "dissatisfied"})
    assert blank.status_code == 400 and blank.json()["field"] == "note"
    assert (
        api("window").post(f"/api/ratings/cases/{rating.case_id}/verdict", {"verdict": "satisfied"}).status_code == 403
    )
    reopened = applicant.post(
        f"/api/ratings/cases/{rating.case_id}/verdict", {"verdict": "dissatisfied", "note": "还是慢"}
    )
    assert reopened.status_code == 200 and reopened.json()["rectification"]["status"] == "open"
    rectification.refresh_from_db()
    assert rectification.rounds == 2 and rectification.result == ""
    assert Notification.objects.filter(kind="rectification_reopened", recipient=hpf).exists()
    assert Notification.objects.filter(kind="rectification_reopened", recipient=user("leader")).exists()
    actions.rectification_callback(rectification=rectification, actor=hpf, note="再次回访")
    actions.rectification_close(rectification=rectification, actor=hpf, result="开设绿色通道")
    done = applicant.post(f"/api/ratings/cases/{rating.case_id}/verdict", {"verdict": "satisfied"})
    assert done.json()["rectification"]["verdict"] == "satisfied"
    history = [h["label"] for h in selectors.rectification_history(rectification)]
    assert history == [
        "差评转整改",
        "回访申请人",
        "办结整改",
        "申请人不满意，重新整改",
        "回访申请人",
        "办结整改",
        "申请人确认满意",
    ]


def test_the_completion_notice_prints_the_walk_ins_rating_link():
    from gaoxin.documents.files import signed_document_pdf
    from gaoxin.documents.models import Document

    case = approved_case(bundle="company-setup", by="window")
    notice = Document.objects.get(case=case, kind="completion")
    assert selectors.document_invitation(notice)["url"].endswith(f"/rate/{case.rating_link.token}/")
    assert signed_document_pdf(notice).startswith(b"%PDF")
