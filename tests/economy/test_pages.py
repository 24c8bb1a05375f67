"""The economy pages: overview, import (statisticians), parks, enterprises, innovation; the header entry."""

import pytest
from django.urls import reverse

from gaoxin.economy.models import Enterprise, IndicatorValue, InnovationCount
from tests.economy.helpers import csv_upload
from tests.economy.test_bulletins import SEED

pytestmark = pytest.mark.django_db


def login(client, username: str):
    client.login(username=username, password="gaoxin-demo")
    return client


def test_the_overview_shows_the_zone_against_the_city(client):
    response = login(client, "leader").get(reverse("economy-overview"), {"period": "2020"})
    assert response.status_code == 200
    text = response.content.decode()
    assert SEED in text
    assert "全市第 1 / 15" in text
    assert "高于全市 0.9 个百分点" in text
    assert 'data-chart="trend"' in text and "echarts-5.6.0.min.js" in text
    assert [p["period"].code for p in response.context["trends"][0]["points"]] == ["2019", "2020", "2021"]


def test_the_overview_of_a_district_and_of_a_period_without_ranking(client):
    login(client, "leader")
    assert (
        "居洛阳市第四" in client.get(reverse("economy-overview"), {"area": "jianxi", "period": "2020"}).content.decode()
    )
    response = client.get(reverse("economy-overview"), {"period": "2021Q1"})
    assert response.status_code == 200 and response.context["ranking"] == []
    assert client.get(reverse("economy-overview"), {"period": "nonsense"}).status_code == 404


@pytest.mark.parametrize(
    ("username", "shown"), [("applicant", False), ("window", True), ("leader", True), ("stats", True)]
)
def test_the_header_entry_is_for_the_zones_people(client, username, shown):
    text = login(client, username).get(reverse("economy-parks")).content.decode()
    assert (f'href="{reverse("economy-overview")}"' in text.split("</nav>")[0]) is shown


def test_pages_need_a_login(client):
    response = client.get(reverse("economy-overview"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", ["economy-overview", "economy-parks", "economy-enterprises", "economy-import"])
def test_an_applicant_gets_the_404_of_pages_not_for_them(client, name):
    """Enterprise output is a respondent's own data (Statistics Law); the zone's dashboards are for its people."""
    assert login(client, "applicant").get(reverse(name)).status_code == 404


@pytest.mark.parametrize("username", ["leader", "window"])
def test_the_import_page_is_for_statisticians_and_administrators(client, username):
    response = login(client, username).get(reverse("economy-import"))
    assert response.status_code == 403
    assert "数据导入" not in login(client, username).get(reverse("economy-overview")).content.decode()


def test_an_import_with_a_bad_cell_lists_it_and_imports_nothing(client):
    login(client, "stats")
    rows = [("地区生产总值", "洛阳高新区", "2018", "220", "8.1"), ("地区生产总值", "洛阳市", "2018", "abc", "7.5")]
    response = client.post(reverse("economy-import"), {"file": csv_upload(rows)})
    assert response.status_code == 400
    text = response.content.decode()
    assert "未导入任何数据" in text and "D3" in text and "总量应为数字" in text
    assert not IndicatorValue.objects.filter(period="2018").exists()
    assert "没有统计数据" in client.get(reverse("economy-overview"), {"period": "2018"}).content.decode()


def test_a_good_import_shows_what_it_wrote_and_replaced(client):
    login(client, "admin")
    rows = [("地区生产总值", "洛阳高新区", "2018", "220", "8.1")]
    response = client.post(reverse("economy-import"), {"file": csv_upload(rows)}, follow=True)
    assert response.status_code == 200
    assert "导入完成：写入 1 个数值" in response.content.decode()
    response = client.post(
        reverse("economy-import"),
        {"file": csv_upload([("地区生产总值", "洛阳高新区", "2018", "221", "8.2")])},
        follow=True,
    )
    text = response.content.decode()
    assert "被替换的原数值" in text and "220" in text and "221" in text
    assert "figures.csv" in client.get(reverse("economy-import")).content.decode()


def test_the_import_templates_download(client):
    login(client, "stats")
    xlsx = client.get(reverse("economy-template-xlsx"))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert "attachment" in xlsx["Content-Disposition"]
    csv = client.get(reverse("economy-template-csv"))
    assert csv.content.decode("utf-8-sig").startswith("指标,地区,统计期,总量,同比增长（%）")


def test_parks_and_a_park_with_its_enterprises(client):
    login(client, "leader")
    text = client.get(reverse("economy-parks")).content.decode()
    for name in (
        "格力电器（洛阳）中央空调智能制造基地",
        "银隆新能源洛阳产业园",
        "丰李电子信息产业园",
        "生物医药产业园",
    ):
        assert name in text
    text = client.get(reverse("economy-park", args=["gree"])).content.decode()
    assert "格力电器（洛阳）有限公司" in text and "日产量 10000 台/日" in text
    assert client.get(reverse("economy-park", args=["mars"])).status_code == 404


def test_the_register_filters_by_park_and_text(client):
    login(client, "leader")
    response = client.get(reverse("economy-enterprises"), {"park": "fengli"})
    assert response.context["page"].paginator.count == 3
    response = client.get(reverse("economy-enterprises"), {"q": "生物"})
    assert {e.name for e in response.context["page"].object_list} == {"洛阳伊洛生物制药有限公司"}


def test_the_enterprise_page_draws_its_output(client):
    gree = Enterprise.objects.get(name="格力电器（洛阳）有限公司")
    response = login(client, "leader").get(reverse("economy-enterprise", args=[gree.uscc]))
    assert response.status_code == 200
    charts = response.context["chart"]["charts"]
    daily = next(c for c in charts if c["unit"] == "台/日")
    assert daily["capacity"] == 10000 and daily["values"][0] < 3100 and daily["values"][-1] >= 10000
    assert "园区和行业" not in response.content.decode()  # leaders read; statisticians classify


def test_a_statistician_classifies_an_enterprise(client):
    enterprise = Enterprise.objects.get(name="洛阳丰华工业软件有限公司")
    url = reverse("economy-enterprise", args=[enterprise.uscc])
    assert login(client, "leader").post(url, {"classify-park": "", "classify-industry": "x"}).status_code == 403
    from gaoxin.economy.models import Park

    biomed = Park.objects.get(code="biomed")
    response = login(client, "stats").post(url, {"classify-park": biomed.pk, "classify-industry": "医药软件"})
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert (enterprise.park, enterprise.industry) == (biomed, "医药软件")


def test_innovation_progress_and_recording_a_count(client):
    login(client, "leader")
    text = client.get(reverse("economy-innovation")).content.decode()
    assert "清洛基地" in text and "66.7%" in text
    assert "登记年末数量" not in text
    login(client, "stats")
    from gaoxin.economy.models import InnovationCategory

    new_rd = InnovationCategory.objects.get(code="new-rd")
    response = client.post(reverse("economy-innovation"), {"category": new_rd.pk, "year": 2021, "count": 9})
    assert response.status_code == 302
    assert InnovationCount.objects.get(category=new_rd, year=2021).count == 9
    response = client.post(reverse("economy-innovation"), {"category": new_rd.pk, "year": 2010, "count": 9})
    assert response.status_code == 400 and "年度应在" in response.content.decode()


def test_the_overview_reads_english(client):
    login(client, "leader")
    client.cookies["django_language"] = "en"
    text = client.get(reverse("economy-overview"), {"period": "2020"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Gross regional product" in text
    assert SEED in text  # the bulletin is Chinese data
