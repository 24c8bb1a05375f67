"""Finding the service as people ask for it: by what they call it, by pinyin initials, 热门 by the last 90 days,
browsing by 个人办事 / 法人办事 and by theme, and the English names in English mode."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gaoxin.accounts.models import User
from gaoxin.cases.models import Case
from gaoxin.catalog.models import Bundle, ServiceItem
from gaoxin.catalog.selectors import bundles_ranked, items_ranked, popular, suggestions
from tests.ratings.helpers import submitted_case

pytestmark = pytest.mark.django_db


def first_results(q: str, n: int = 3) -> list[str]:
    """The codes of the first n results, bundles first, as the catalog and the API list them."""
    return ([b.code for b in bundles_ranked(q=q)] + [i.code for i in items_ranked(q=q)[:n]])[:n]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("企业开办", "company-setup"),
        ("营业执照", "AMR-REG-001"),
        ("公司登记", "AMR-REG-001"),
        ("刻章", "POL-SEAL-001"),
        ("社保", "HRSS-UNIT-001"),
        ("开公司", "company-setup"),
        ("qykb", "company-setup"),
        ("qiyekaiban", "company-setup"),
        ("ＱＹＫＢ", "company-setup"),
        ("公积金提取", "hpf-withdrawal"),
        ("注销", "simple-deregistration"),
        ("starting a business", "company-setup"),
    ],
)
def test_what_people_call_a_service_finds_it_among_the_first_results(q, expected):
    assert expected in first_results(q), first_results(q)


def test_a_bundle_comes_before_every_item_and_the_name_before_a_keyword():
    assert first_results("开公司") == ["company-setup", "AMR-REG-001", "AMR-0001"]
    assert [i.code for i in items_ranked(q="刻章")[:]] == ["POL-SEAL-001"]
    assert items_ranked(q="企业设立登记")[0].code == "AMR-REG-001", "its own name first"


def test_keywords_an_administrator_edits_are_searched_at_once(client):
    item = ServiceItem.objects.get(code="AGR-0001")
    assert not items_ranked(q="卖农药")
    item.keywords = "卖农药"
    item.save()
    assert [i.code for i in items_ranked(q="卖农药")[:]] == ["AGR-0001"]
    assert [i.code for i in items_ranked(q="mny")[:]] == ["AGR-0001"], "the keyword's pinyin initials too"


def test_an_empty_result_suggests_what_is_near_or_what_is_popular(client):
    kind, near = suggestions("开个公司")
    assert kind == "near" and "company-setup" in [e.target.code for e in near]
    kind, entries = suggestions("!!!")
    assert kind == "popular" and entries
    html = client.get("/catalog/", {"q": "开个公司"}).content.decode()
    assert "没有找到符合条件的事项" in html and "您是不是要找" in html and 'href="/bundles/company-setup/"' in html


def test_popular_counts_only_the_last_90_days():
    assert popular()[0].target.code == "company-setup", "no cases yet: the bundles first"
    recent = [submitted_case(item="HPF-0012") for _ in range(2)]
    old = [submitted_case(item="HPF-0011") for _ in range(3)]
    Case.objects.filter(pk__in=[c.pk for c in old]).update(submitted_at=timezone.now() - timedelta(days=91))
    first = popular()[0]
    assert (first.kind, first.target.code, first.uses) == ("item", "HPF-0012", 2)
    uses = {e.target.code: e.uses for e in popular(limit=50)}
    assert uses.get("HPF-0011", 0) == 0, "applied for 91 days ago: not counted"
    assert items_ranked(q="公积金提取")[0].code == "HPF-0012", "often used first among the items"
    Case.objects.filter(pk__in=[c.pk for c in recent]).update(submitted_at=timezone.now() - timedelta(days=89))
    assert popular()[0].target.code == "HPF-0012", "89 days ago still counts"


def test_the_catalog_opens_on_popular_and_browses_by_person_company_and_theme(client):
    html = client.get("/catalog/").content.decode()
    assert "热门事项" in html and "个人办事" in html and "法人办事" in html
    assert html.index("热门事项") < html.index("企业开办一件事") < html.index("<tbody>")
    assert 'href="/catalog/?theme=company-setup"' in html and "开办企业" in html
    person = client.get("/catalog/", {"object": "person"}).content.decode()
    assert "住房公积金提取" in person and "企业开办一件事" not in person
    theme = client.get("/catalog/", {"theme": "company-closing"}).content.decode()
    assert "企业简易注销一件事" in theme and "AMR-DEREG-001" in theme and "AGR-0001" not in theme


def test_english_mode_shows_english_names_where_given(client):
    english = {"Accept-Language": "en"}
    html = client.get("/catalog/", {"q": "开公司"}, headers=english).content.decode()
    assert "Starting a Business" in html and "Company Registration" in html and "Market Regulation Bureau" in html
    assert "企业开办一件事" not in html
    bundle = client.get("/bundles/company-setup/", headers=english).content.decode()
    assert "<h1>Starting a Business</h1>" in bundle and "Company Seal Engraving Filing" in bundle
    assert "企业开办一件事" in client.get("/bundles/company-setup/").content.decode(), "Chinese by default"
    untranslated = ServiceItem.objects.filter(name_en="").first()
    item_page = client.get(f"/catalog/items/{untranslated.code}/", headers=english).content.decode()
    assert untranslated.name in item_page, "no English name: the Chinese one"


def test_the_api_searches_lists_popular_and_themes(client):
    found = client.get("/api/catalog/search", {"q": "qykb"}).json()
    assert found["bundles"][0]["code"] == "company-setup" and found["suggestions"] is None
    assert client.get("/api/catalog/search", {"q": "开个公司"}).json()["suggestions"]["kind"] == "near"
    hot = client.get("/api/catalog/popular", {"limit": 3}).json()
    assert [e["kind"] for e in hot] == ["bundle"] * 3 and hot[0]["recent_cases"] == 0
    themes = client.get("/api/catalog/themes", {"object": "company"}).json()
    assert "company-setup" in [t["code"] for t in themes] and "housing-fund" not in [t["code"] for t in themes]
    theme = client.get("/api/catalog/themes/housing-fund", headers={"Accept-Language": "en"}).json()
    assert theme["display_name"] == "Housing Provident Fund" and theme["bundles"][0]["code"] == "hpf-withdrawal"
    assert client.get("/api/catalog/themes/nope").status_code == 404
    assert client.get("/api/catalog/search", {"object": "alien"}).status_code == 422
    items = client.get("/api/catalog/items", {"q": "刻章"}).json()
    assert [i["code"] for i in items["items"]] == ["POL-SEAL-001"] and items["count"] == 1
    assert Bundle.objects.filter(code="company-setup", service_object="company").exists()


def test_an_administrator_edits_keywords_english_names_and_themes(client):
    client.force_login(User.objects.get(username="admin"))
    bundle = Bundle.objects.get(code="hpf-withdrawal")
    html = client.get(f"/admin/catalog/bundle/{bundle.pk}/change/").content.decode()
    assert 'name="keywords"' in html and 'name="name_en"' in html and 'name="service_object"' in html
    item = ServiceItem.objects.get(code="AMR-REG-001")
    assert 'name="keywords"' in client.get(f"/admin/catalog/serviceitem/{item.pk}/change/").content.decode()
    assert client.get("/admin/catalog/theme/").status_code == 200
