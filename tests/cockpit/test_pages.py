"""The cockpit page and its tiles: every figure in words, every tile a link to its detail page, the polling, who may
open it, and the English page."""

import re
from unittest import mock

import pytest

from tests.cockpit.helpers import NOW, known_cases, user

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader_client(client):
    client.force_login(user("leader"))
    return client


@pytest.fixture
def at_now():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield


def text(response) -> str:
    """The page's text without tags and with whitespace collapsed, as a person reads it."""
    return text_of(response.content.decode())


def text_of(html: str) -> str:
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_page_shows_the_three_pillars_in_words(leader_client, at_now):
    known_cases()
    response = leader_client.get("/cockpit/")
    assert response.status_code == 200
    page = text(response)
    for words in (
        "领导驾驶舱",
        "今日收件 3 件",
        "今日办结 1 件",
        "在办件 5 件",
        "超期 2 件",
        "按时办结率（近 30 天） 50.0 %",
        "办结 4 件（按时 3 件），在办已超期 2 件",
        "满意率 66.7 %",
        "评价 3 件，平均 3.67 分",
        "差评整改中 1 件",
        "新开工项目开工率",
        "年度投资完成率",
        "序时进度 100.0%",
        "红色预警项目",
        "地区生产总值",
        "规模以上工业增加值",
        "固定资产投资",
        "高于全市 2.4 个百分点",
        "增速全市第 1 / 15",
        "数据时间 2026-03-18 10:00:00",
    ):
        assert words in page, words
    html = response.content.decode()
    tile = text_of(re.search(r'<a [^>]*data-figure="on_time_rate".*?</a>', html, flags=re.S).group(0))
    assert "按时办结率 = 按时办结 ÷（已办结 + 在办已超期）" in tile, "the definition beside the figure"
    # The department table: the overdue one first, with its state in words, not only in red.
    police = re.search(r'<tr data-department="police">.*?</tr>', html, flags=re.S).group(0)
    assert "超期 1 件" in police
    amr = re.search(r'<tr data-department="amr">.*?</tr>', html, flags=re.S).group(0)
    assert "正常" in amr


def test_every_tile_leads_to_its_detail_page(leader_client):
    html = leader_client.get("/cockpit/").content.decode()
    for figure, target in (
        ("cases_today", 'href="/leader/"'),
        ("in_progress", 'href="/leader/'),
        ("on_time_rate", 'href="/leader/"'),
        ("satisfaction", 'href="/ratings/"'),
        ("commencement_rate", 'href="/projects/stats/?year=2021&amp;levels=province&amp;levels=city"'),
        ("investment_completion", 'href="/projects/stats/?year=2021'),
        ("red_projects", 'href="/projects/board/"'),
    ):
        tile = re.search(rf'<a [^>]*data-figure="{figure}"[^>]*>', html)
        assert tile and target in tile.group(0), figure
    for code in ("gdp", "industry-va", "fai"):
        tile = re.search(rf'<article [^>]*data-figure="indicator-{code}".*?</article>', html, flags=re.S).group(0)
        assert 'href="/economy/?period=2021"' in tile, code
    assert 'href="/projects/leaders/leader/"' in html, "each responsible leader's portfolio"


def test_charts_are_local_and_the_tiles_poll_every_minute(leader_client):
    html = leader_client.get("/cockpit/").content.decode()
    assert "/static/vendor/echarts-5.6.0.min.js" in html and "/static/cockpit/cockpit.js" in html
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html, "no CDN"
    assert 'hx-get="/cockpit/tiles/"' in html and 'hx-trigger="every 60s"' in html
    assert 'id="cockpit-chart-data"' in html
    # Without JavaScript the trends are a table on the page.
    assert html.count('class="trend-table"') == 3


def test_the_tiles_alone(leader_client):
    response = leader_client.get("/cockpit/tiles/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="cockpit-tiles"') and "<html" not in html


def test_an_ended_session_sends_the_page_to_log_in(client):
    response = client.get("/cockpit/tiles/", headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == "/accounts/login/?next=/cockpit/"
    assert client.get("/cockpit/tiles/").status_code == 302


@pytest.mark.parametrize("username", ["applicant", "window", "amr", "officer", "stats"])
def test_others_get_404_and_no_header_entry(client, username):
    client.force_login(user(username))
    assert client.get("/cockpit/").status_code == 404
    assert client.get("/cockpit/tiles/").status_code == 404
    assert "领导驾驶舱" not in client.get("/").content.decode()


@pytest.mark.parametrize("username", ["leader", "admin"])
def test_leaders_and_administrators_find_it_in_the_header(client, username):
    client.force_login(user(username))
    html = client.get("/").content.decode()
    assert re.search(r'<a href="/cockpit/"[^>]*>领导驾驶舱</a>', html)


def test_nobody_logged_in_is_sent_to_log_in(client):
    response = client.get("/cockpit/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_in_english(leader_client, at_now):
    known_cases()
    leader_client.post("/i18n/setlang/", {"language": "en", "next": "/cockpit/"})
    page = text(leader_client.get("/cockpit/"))
    for words in (
        "Leaders' cockpit",
        "Cases received today",
        "On-time completion (last 30 days) 50.0 %",
        "4 completed (3 on time); 2 open and overdue",
        "On-time completion rate = completed on time ÷ (completed + open and overdue)",
        "Satisfaction rate 66.7 %",
        "Commencement rate of new projects",
        "Gross regional product",
        "2.4 percentage points above the city",
        "Luoyang",
    ):
        assert words in page, words
    for chinese in ("今日收件", "在办件", "满意率", "开工率", "序时进度", "红色预警", "高于全市", "数据时间"):
        assert chinese not in page, chinese
