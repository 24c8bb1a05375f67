"""The public catalog pages: home, search with filters and pages, one item, one bundle (一件事). No login needed."""

import re

import pytest
from django.urls import reverse

from gaoxin.accounts.models import User
from gaoxin.catalog.models import Bundle, BundleStep, ServiceItem
from gaoxin.catalog.selectors import bundle_requirements, items_ranked

pytestmark = pytest.mark.django_db


def item_codes(html: str) -> list[str]:
    """The item codes of the result table's rows, in order."""
    table = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    return re.findall(r'href="/catalog/items/([^/"]+)/"', table)


def ranked_codes(**filters) -> list[str]:
    return [item.code for item in items_ranked(**filters)[:]]


def test_urls_are_where_the_issue_says():
    assert reverse("home") == "/"
    assert reverse("catalog") == "/catalog/"
    assert reverse("item", args=["AMR-REG-001"]) == "/catalog/items/AMR-REG-001/"
    assert reverse("bundle", args=["company-setup"]) == "/bundles/company-setup/"


def test_home_shows_the_bundles_a_search_box_and_the_catalog(client):
    html = client.get("/").content.decode()
    for bundle in Bundle.objects.filter(active=True):
        assert bundle.name in html
        assert f'href="/bundles/{bundle.code}/"' in html
    assert 'action="/catalog/"' in html and 'name="q"' in html
    assert f"<b>{ServiceItem.objects.count()}</b>" in html
    assert "2 个工作小时" in html and "零成本" in html
    assert "我的办件" not in html, "no workspace link for a visitor"


def test_home_links_a_logged_in_applicant_to_their_workspace(client):
    client.force_login(User.objects.get(username="applicant"))
    html = client.get("/").content.decode()
    assert 'class="workspace"' in html and 'href="/portal/"' in html


def test_header_navigation_has_the_catalog_for_everyone(client):
    html = client.get("/catalog/").content.decode()
    assert 'href="/catalog/" aria-current="page">事项目录' in html


def test_catalog_lists_every_item_with_a_count_and_pages(client):
    total = ServiceItem.objects.count()
    html = client.get("/catalog/").content.decode()
    assert f"共 <b>{total}</b> 项事项" in html
    ranked = ranked_codes()
    assert sorted(ranked) == sorted(ServiceItem.objects.values_list("code", flat=True))
    assert item_codes(html) == ranked[:20]
    assert item_codes(client.get("/catalog/", {"page": 2}).content.decode()) == ranked[20:40]
    last_page = -(-total // 20)
    assert f"第 1 / {last_page} 页" in html
    # A page beyond the last shows the last; nonsense shows the first.
    assert f"第 {last_page} / {last_page} 页" in client.get("/catalog/", {"page": 9999}).content.decode()
    assert "第 1 / " in client.get("/catalog/", {"page": "abc"}).content.decode()


def test_search_finds_by_name_or_code(client):
    expected = set(ServiceItem.objects.filter(name__icontains="公积金").values_list("code", flat=True))
    assert len(expected) > 20, "enough to need two pages"
    html = client.get("/catalog/", {"q": "公积金"}).content.decode()
    assert f"找到 <b>{len(expected)}</b> 项事项" in html
    codes = item_codes(html) + item_codes(client.get("/catalog/", {"q": "公积金", "page": 2}).content.decode())
    assert set(codes) == expected
    assert item_codes(client.get("/catalog/", {"q": "AMR-REG-001"}).content.decode()) == ["AMR-REG-001"]


def test_filters_combine_and_keep_their_values(client):
    params = {"q": "登记", "level": "district", "department": "amr", "type": "licensing"}
    expected = list(
        ServiceItem.objects.filter(
            name__icontains="登记", level="district", department__code="amr", item_type="licensing"
        ).values_list("code", flat=True)
    )
    assert expected, "the demo catalog has such items"
    html = client.get("/catalog/", params).content.decode()
    assert set(expected) >= set(item_codes(html))
    assert item_codes(html) == ranked_codes(q="登记", level="district", department="amr", item_type="licensing")[:20]
    assert 'value="登记"' in html
    assert '<option value="district" selected>' in html
    assert '<option value="amr" selected>' in html
    assert '<option value="licensing" selected>' in html


def test_pager_links_keep_the_filters(client):
    html = client.get("/catalog/", {"level": "city"}).content.decode()
    assert 'href="/catalog/?level=city&amp;page=2"' in html
    page2 = client.get("/catalog/", {"level": "city", "page": 2}).content.decode()
    assert set(item_codes(page2)) <= set(ServiceItem.objects.filter(level="city").values_list("code", flat=True))
    assert 'href="/catalog/?level=city&amp;page=1"' in page2


def test_unknown_filter_values_are_ignored_not_errors(client):
    response = client.get("/catalog/", {"level": "galaxy", "department": "nope", "type": "<script>"})
    assert response.status_code == 200
    assert f"共 <b>{ServiceItem.objects.count()}</b> 项事项" in response.content.decode()


def test_no_match_says_so(client):
    html = client.get("/catalog/", {"q": "不存在的事项名称"}).content.decode()
    assert "没有找到符合条件的事项" in html and "找到 <b>0</b> 项事项" in html


def test_htmx_live_search_returns_only_the_results(client):
    response = client.get("/catalog/", {"q": "公积金"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and 'id="results"' in html
    assert 'hx-swap-oob="innerHTML:#result-count"' in html
    restore = client.get(
        "/catalog/", {"q": "公积金"}, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in restore.content.decode()


def test_catalog_page_costs_few_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        client.get("/catalog/", {"level": "district", "page": 3})


def test_item_page_shows_materials_limits_fee_basis_and_window(client):
    item = ServiceItem.objects.get(code="AMR-REG-001")
    html = client.get("/catalog/items/AMR-REG-001/").content.decode()
    for row in item.item_materials.select_related("material"):
        assert row.material.name in html
    assert "15 个工作日" in html, "statutory limit in words"
    assert "1 个工作小时" in html, "promised limit in words"
    assert "不收费" in html
    assert "《中华人民共和国公司法》" in html
    assert item.window in html and item.department.name in html
    assert "可网上办理" in html
    assert "企业开办一件事" in html, "the bundles the item belongs to"
    assert "登录后在线申请" in html and "/portal/apply/item/AMR-REG-001/" in html


def test_item_page_marks_optional_materials_and_immediate_limits(client):
    html = client.get("/catalog/items/HPF-0030/").content.decode()
    assert "可选" in html and "必须" in html
    assert "即办（当场办结）" in html


def test_item_page_offers_online_application_to_applicants_only(client):
    client.force_login(User.objects.get(username="applicant"))
    html = client.get("/catalog/items/AMR-REG-001/").content.decode()
    assert 'href="/portal/apply/item/AMR-REG-001/">在线申请' in html
    client.force_login(User.objects.get(username="window"))
    assert "在线申请" not in client.get("/catalog/items/AMR-REG-001/").content.decode()


def test_an_item_not_online_sends_the_applicant_to_the_window(client):
    item = ServiceItem.objects.filter(online=False).first()
    client.force_login(User.objects.get(username="applicant"))
    html = client.get(f"/catalog/items/{item.code}/").content.decode()
    assert "需到窗口办理" in html and "/portal/apply/item/" not in html


def test_unknown_item_and_bundle_are_404(client):
    assert client.get("/catalog/items/NOPE-000/").status_code == 404
    assert client.get("/bundles/nope/").status_code == 404


def test_bundle_page_shows_outcome_materials_once_stages_promise_and_zero_cost(client):
    bundle = Bundle.objects.get(code="company-setup")
    steps = BundleStep.objects.filter(stage__bundle=bundle).select_related("item")
    asked_once = bundle_requirements(bundle, list(steps.filter(optional=True)))
    separately = sum(step.item.item_materials.count() for step in steps)
    html = client.get("/bundles/company-setup/").content.decode()
    assert bundle.outcome in html
    assert "2 个工作小时" in html
    assert "零成本" in html
    assert f"分别办理共需提交 <b>{separately}</b> 份材料，合并为一件事后只需 <b>{len(asked_once)}</b> 份" in html
    assert len(asked_once) < separately
    for requirement in asked_once:
        assert requirement.material.name in html
    assert "营业执照由前一阶段出具" in html, "the license the bundle issues is never asked for"
    for step in steps:
        assert step.item.name in html and step.item.department.name in html
    assert "第 1 阶段 · 注册登记" in html
    assert "4 项并联办理" in html, "the second stage's steps are shown as parallel"
    assert "登录后在线申请" in html


def test_bundle_page_marks_optional_steps_and_their_materials(client):
    html = client.get("/bundles/simple-deregistration/").content.decode()
    # The two optional steps, and the power of attorney an agent hands in (授权委托书).
    assert html.count('<span class="badge closed">可选</span>') == 3
    assert "选择该环节时提交" in html
    assert "25 个工作日" in html


def test_bundle_page_for_an_immediate_bundle(client):
    html = client.get("/bundles/hpf-withdrawal/").content.decode()
    assert "即办（当场办结）" in html and "窗口当场办结" in html


def test_pages_work_in_english_too(client):
    """Every string is marked for translation; switching the language must not break a page."""
    for url in ("/", "/catalog/", "/catalog/items/AMR-REG-001/", "/bundles/company-setup/"):
        assert client.get(url, headers={"Accept-Language": "en"}).status_code == 200


def test_the_deregistration_bundle_gives_its_notice_in_calendar_days(client):
    html = client.get("/bundles/simple-deregistration/").content.decode()
    notice = html[html.index("企业简易注销公告") : html.index("清税注销")]
    assert "公示期 20 天（自然日）" in notice and "个工作日" not in notice
