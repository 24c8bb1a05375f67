"""A person who meets an error reads it in Chinese, with the ways on, never Django's English page."""

import pytest

from gaoxin.accounts.models import User


@pytest.mark.django_db
def test_an_unknown_page_is_a_chinese_404_with_the_ways_on(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "未查到该页面" in page and 'href="/catalog/"' in page and "Not Found" not in page


@pytest.mark.django_db
def test_a_case_someone_may_not_see_is_the_same_404(client):
    client.force_login(User.objects.get(username="applicant"))
    response = client.get("/portal/cases/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404 and "未查到该页面" in response.content.decode()
    assert "我的办件" in response.content.decode()


@pytest.mark.django_db
def test_the_language_switch_names_each_language_in_itself(client):
    page = client.get("/").content.decode()
    assert ">English</option>" in page and ">简体中文</option>" in page and "英语" not in page
