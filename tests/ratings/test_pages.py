"""The rating card on the case pages, the leader's card, the satisfaction page and the rectification pages."""

import html
import re

import pytest

from gaoxin.ratings import actions
from gaoxin.ratings.models import Rating, RectificationStatus
from tests.ratings.helpers import approved_case, not_accepted_case, rate, submitted_case, user

pytestmark = pytest.mark.django_db


def logged_in(client, username: str):
    client.force_login(user(username))
    return client


def text(response) -> str:
    return html.unescape(response.content.decode())


# --- the applicant's case page --------------------------------------------------------------------


def test_the_form_shows_once_the_case_is_decided_and_not_before(client):
    client = logged_in(client, "applicant")
    waiting = submitted_case()
    assert 'id="rating"' not in text(client.get(f"/portal/cases/{waiting.pk}/"))
    case = approved_case(name="二")
    page = text(client.get(f"/portal/cases/{case.pk}/"))
    assert 'id="rating"' in page and "提交评价" in page
    for label in ("非常满意", "满意", "基本满意", "不满意", "非常不满意"):
        assert f"<span>{label}</span>" in page
    assert len(re.findall(r'<input type="radio" name="level" value="[1-5]"', page)) == 5
    assert 'name="department"' not in page, "one department only: nothing to choose"


def test_a_bundle_case_offers_its_departments(client):
    case = approved_case(bundle="company-setup")
    page = text(logged_in(client, "applicant").get(f"/portal/cases/{case.pk}/"))
    assert '<select id="id_department" name="department"' in page
    assert "默认：洛阳高新区市场监督管理局" in page and '<option value="tax">' in page


def test_rating_through_the_page_comes_back_to_the_case_and_shows_the_rating(client):
    case = approved_case()
    client = logged_in(client, "applicant")
    done = client.post(f"/ratings/cases/{case.pk}/rate/", {"level": "4", "comment": "挺好"})
    assert done.status_code == 302 and done["Location"] == f"/portal/cases/{case.pk}/#rating"
    page = text(client.get(done["Location"]))
    assert "评价已提交，感谢您的反馈。" in page and "挺好" in page and "提交评价" not in page
    assert 'rating-level level-4">满意</span>' in page
    again = client.post(f"/ratings/cases/{case.pk}/rate/", {"level": "1"})
    assert again.status_code == 409 and "一事一评" in text(again)
    assert Rating.objects.get(case=case).level == 4


def test_a_missing_level_is_said_next_to_the_field_and_keeps_the_comment(client):
    case = approved_case()
    client = logged_in(client, "applicant")
    refused = client.post(f"/ratings/cases/{case.pk}/rate/", {"comment": "写了评价忘了选"})
    page = text(refused)
    assert refused.status_code == 400
    assert '<p class="error" id="level-error">请选择满意程度</p>' in page and "写了评价忘了选" in page
    assert 'aria-describedby="level-help level-error"' in page


def test_with_htmx_only_the_card_comes_back(client):
    case = approved_case()
    client = logged_in(client, "applicant")
    refused = client.post(f"/ratings/cases/{case.pk}/rate/", {}, headers={"HX-Request": "true"})
    assert refused.status_code == 200 and "<html" not in text(refused) and 'id="level-error"' in text(refused)
    done = client.post(f"/ratings/cases/{case.pk}/rate/", {"level": "2"}, headers={"HX-Request": "true"})
    page = text(done)
    assert done.status_code == 200 and "<html" not in page
    assert "评价已提交" in page and "整改中" in page and "责任部门将回访" in page


def test_a_bad_rating_shows_the_rectification_to_the_applicant(client):
    case = approved_case()
    rate(case, 1, comment="差")
    page = text(logged_in(client, "applicant").get(f"/portal/cases/{case.pk}/"))
    assert "整改中" in page and "责任部门将回访" in page


def test_another_applicant_cannot_post_a_rating(client):
    case = approved_case()
    assert logged_in(client, "applicant2").post(f"/ratings/cases/{case.pk}/rate/", {"level": "1"}).status_code == 404
    assert not Rating.objects.exists()


def test_a_case_not_accepted_can_be_rated_from_the_page(client):
    case = not_accepted_case()
    page = text(logged_in(client, "applicant").get(f"/portal/cases/{case.pk}/"))
    assert "提交评价" in page


# --- the window ------------------------------------------------------------------------------------


def test_the_window_shows_a_walk_in_the_qr_code_and_cannot_rate_it(client):
    case = approved_case(by="window", name="董女士")
    client = logged_in(client, "window")
    page = text(client.get(f"/window/cases/{case.pk}/"))
    assert "请申请人用自己的手机扫码评价" in page and f"/rate/{case.rating_link.token}/" in page
    assert "提交评价" not in page and 'src="data:image/svg+xml;base64,' in page
    refused = client.post(f"/ratings/cases/{case.pk}/rate/", {"level": "5"})
    assert refused.status_code == 403 and "工作人员不能代申请人评价" in text(refused)
    through_the_link = client.post(f"/rate/{case.rating_link.token}/", {"level": "5"})
    assert through_the_link.status_code == 403 and "工作人员不能代为评价" in text(through_the_link)
    assert not Rating.objects.exists()


def test_the_window_sees_but_does_not_rate_an_online_case(client):
    case = approved_case()
    page = text(logged_in(client, "window").get(f"/window/cases/{case.pk}/"))
    assert "申请人尚未评价。" in page and "提交评价" not in page
    refused = client.post(f"/ratings/cases/{case.pk}/rate/", {"level": "5"})
    assert refused.status_code == 403 and "工作人员不能代申请人评价" in text(refused)


# --- the leader's overview ------------------------------------------------------------------------


def test_the_leader_sees_open_rectifications_until_they_are_closed(client):
    kept = rate(approved_case(), 2, comment="慢").rectification
    done = rate(approved_case(name="二"), 1, comment="差").rectification
    hpf = user("hpf")
    actions.rectification_callback(rectification=done, actor=hpf, note="已回访")
    actions.rectification_close(rectification=done, actor=hpf, result="已整改")
    page = text(logged_in(client, "leader").get("/leader/"))
    card = page[page.index('id="rectifications-h"') : page.index('id="open-h"')]
    assert kept.rating.case.number in card and done.rating.case.number not in card
    assert "洛阳市住房公积金管理中心高新区管理部" in card and "不满意" in card
    assert kept.deadline.astimezone().strftime("%Y-%m-%d") in card
    assert re.search(r'<span class="badge (on_time|warning|overdue)">(正常|预警|超期)</span>', card)


def test_the_leader_card_says_when_nothing_is_open(client):
    page = text(logged_in(client, "leader").get("/leader/"))
    assert "没有在办的差评整改。" in page


def test_the_leader_card_costs_the_same_queries_whatever_the_number_of_rectifications(
    client, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rate(approved_case(), 2)
    client = logged_in(client, "leader")
    client.get("/leader/")
    with CaptureQueriesContext(connection) as few:
        client.get("/leader/")
    for name in ("二", "三", "四"):
        rate(approved_case(name=name), 1)
    with CaptureQueriesContext(connection) as many:
        client.get("/leader/")
    assert len(many) == len(few)


# --- satisfaction and rectification pages ----------------------------------------------------------


@pytest.mark.parametrize(
    "username, status", [("leader", 200), ("admin", 200), ("window", 200), ("hpf", 404), ("applicant", 404)]
)
def test_the_satisfaction_page_is_for_leaders_administrators_and_the_window(client, username, status):
    assert logged_in(client, username).get("/ratings/").status_code == status


def test_the_satisfaction_page_shows_the_figures(client):
    rate(approved_case(), 5)
    rate(approved_case(name="二"), 4)
    rate(approved_case(name="三"), 1)
    page = text(logged_in(client, "leader").get("/ratings/"))
    assert "各部门满意度" in page and "各一件事满意度" in page and "单个事项（非一件事）" in page
    row = page[page.index("洛阳市住房公积金管理中心高新区管理部") :]
    row = row[: row.index("</tr>")]
    assert re.findall(r'<td class="num"[^>]*>(.*?)</td>', row)[0] == "3"
    assert "66.7%" in row and "3.33" in row


def test_the_login_is_asked_first(client):
    assert client.get("/ratings/").status_code == 302


def test_navigation_entries(client):
    assert 'href="/ratings/"' in text(logged_in(client, "leader").get("/leader/"))
    rate(approved_case(), 1)
    desk = text(logged_in(client, "hpf").get("/desk/"))
    assert 'href="/ratings/rectifications/"' in desk and 'aria-label="待整改 1"' in desk
    assert 'href="/ratings/rectifications/"' not in text(logged_in(client, "applicant").get("/portal/"))


def test_the_department_handles_its_rectification_on_its_page(client):
    rectification = rate(approved_case(), 2, comment="材料说明不清").rectification
    url = f"/ratings/rectifications/{rectification.pk}/"
    client = logged_in(client, "hpf")
    listing = text(client.get("/ratings/rectifications/"))
    assert rectification.rating.case.number in listing and "待回访" in listing
    page = text(client.get(url))
    assert "材料说明不清" in page and "记录回访" in page and "办结整改" in page

    early = client.post(url, {"step": "close", "result": "已整改"})
    assert early.status_code == 409 and "请先回访申请人" in text(early)
    empty = client.post(url, {"step": "callback", "note": ""})
    assert empty.status_code == 400 and 'id="id_note-error"' in text(empty)
    assert client.post(url, {"step": "callback", "note": "电话回访，申请人认可"}).status_code == 302
    assert client.post(url, {"step": "close", "result": "修订了一次性告知单"}).status_code == 302
    rectification.refresh_from_db()
    assert rectification.status == RectificationStatus.CLOSED
    closed_page = text(client.get(url))
    assert (
        "修订了一次性告知单" in closed_page and "电话回访，申请人认可" in closed_page and "记录回访" not in closed_page
    )
    assert rectification.rating.case.number in text(client.get("/ratings/rectifications/?status=closed"))


def test_other_departments_do_not_see_it_and_leaders_only_read_it(client):
    rectification = rate(approved_case(), 2).rectification
    url = f"/ratings/rectifications/{rectification.pk}/"
    assert logged_in(client, "amr").get(url).status_code == 404
    assert logged_in(client, "applicant").get(url).status_code == 404
    leader_page = text(logged_in(client, "leader").get(url))
    assert "回访记录" in leader_page and "记录回访" not in leader_page
    assert client.post(url, {"step": "callback", "note": "领导回访"}).status_code == 403


def test_a_decided_case_page_stays_within_the_case_pages_query_budget(client, django_assert_max_num_queries):
    case = approved_case(bundle="company-setup")
    client = logged_in(client, "applicant")
    client.get(f"/portal/cases/{case.pk}/")  # warm the working-day calendar cache
    with django_assert_max_num_queries(20):
        client.get(f"/portal/cases/{case.pk}/")
    rate(case, 1)
    with django_assert_max_num_queries(20):
        client.get(f"/portal/cases/{case.pk}/")


# --- English ----------------------------------------------------------------------------------------


def test_the_ratings_pages_read_english_when_english_is_chosen(client):
    """Our pages' main part (the header has every app's entries); on the case pages and the leader's overview,
    the part this app includes."""
    from tests.test_i18n import CJK, _without_data

    walk_in = approved_case(by="window", name="董女士")
    online = approved_case(bundle="company-setup")
    rectification = rate(approved_case(name="二"), 1, comment="排队太久").rectification
    client.cookies["django_language"] = "en"
    card, main = ('id="rating"', "</section>"), ('<main id="main">', "</main>")
    pages = [
        ("applicant", f"/portal/cases/{online.pk}/", card, ["Service rating", "Very dissatisfied", "Submit rating"]),
        ("window", f"/window/cases/{walk_in.pk}/", card, ["Ask the applicant to scan with their own phone"]),
        ("leader", "/leader/", ('id="rectifications-h"', "</section>"), ["Rectifications", "Rectification deadline"]),
        ("leader", "/ratings/", main, ["Satisfaction by department", "Satisfaction rate", "Single service items"]),
        ("hpf", "/ratings/rectifications/", main, ["Rectifications", "Not called back yet"]),
        ("hpf", f"/ratings/rectifications/{rectification.pk}/", main, ["Record callback", "Close rectification"]),
    ]
    for username, url, part, phrases in pages:
        page = text(logged_in(client, username).get(url))
        if part:
            page = page[page.index(part[0]) :]
            page = page[: page.index(part[1])]
        for phrase in phrases:
            assert phrase in page, (url, phrase)
        left = _without_data(page.replace("排队太久", ""))
        found = [left[max(0, m.start() - 60) : m.end() + 60] for m in CJK.finditer(left)][:3]
        assert not found, (url, found)
