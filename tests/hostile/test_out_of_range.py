"""Values too long for their column or out of their type's range are a 4xx with a Chinese message, on both databases
(PostgreSQL refuses an over-long varchar with a DataError that was a 500; SQLite stores it and fails only on integers
past 64 bits). Run on PostgreSQL too: DATABASE_URL=postgres://postgres@127.0.0.1:5432/gx_limits."""

import pytest
from django.urls import reverse

from gaoxin.accounts.models import LoginAttempt, User
from tests.cases.test_api_flow import COMPANY_SETUP

pytestmark = pytest.mark.django_db

CJK = range(0x4E00, 0xA000)


def chinese(detail: str) -> bool:
    return any(ord(c) in CJK for c in detail)


def test_an_over_long_username_at_the_token_route_is_a_4xx_and_records_nothing(client):
    answer = client.post("/api/auth/token", {"username": "u" * 151, "password": "x"}, content_type="application/json")
    assert 400 <= answer.status_code < 500, answer.content
    assert answer.json()["field"].endswith("username") and chinese(answer.json()["detail"])
    assert not LoginAttempt.objects.filter(username__startswith="uuuu").exists()


def test_an_over_long_username_on_the_login_page_is_a_form_error(client):
    answer = client.post(reverse("login"), {"username": "u" * 300, "password": "x"})
    assert answer.status_code in (200, 400, 429)


def test_an_over_long_phone_is_a_4xx_naming_the_field(api):
    payload = {**COMPANY_SETUP, "applicant": {**COMPANY_SETUP["applicant"], "phone": "1" * 40}}
    answer = api("applicant").post("/api/cases", payload)
    assert answer.status_code == 422, answer.content
    assert answer.json()["field"] == "applicant.phone" and "不能超过 20 个字" in answer.json()["detail"]


def test_a_line_break_in_a_name_is_refused(api):
    payload = {**COMPANY_SETUP, "applicant": {**COMPANY_SETUP["applicant"], "name": "张\n晓明"}}
    answer = api("applicant").post("/api/cases", payload)
    assert answer.status_code == 422 and "一行" in answer.json()["detail"]


def test_a_note_has_a_stated_maximum(api):
    answer = api("window").post("/api/cases/00000000-0000-0000-0000-000000000000/accept", {"note": "意" * 5001})
    assert answer.status_code in (404, 422)  # refused before or after the case is looked up, never stored
    answer = api("applicant").post("/api/cases/00000000-0000-0000-0000-000000000000/withdraw", {"reason": "意" * 5001})
    assert answer.status_code in (404, 422)


@pytest.mark.parametrize(
    "path, params",
    [
        ("/api/cases", {"limit": str(10**20)}),
        ("/api/notifications", {"limit": "-1"}),
        ("/api/projects/intake", {"year": "2026", "quarter": str(2**63)}),
    ],
    ids=["huge-limit", "negative-limit", "huge-quarter"],
)
def test_numbers_out_of_range_in_a_query_are_a_422(api, path, params):
    answer = api("leader").get(path, **params)
    assert answer.status_code == 422, answer.content
    assert chinese(answer.json()["detail"])


def test_a_version_past_64_bits_is_a_422(api):
    answer = api("applicant").post("/api/cases/00000000-0000-0000-0000-000000000000/submit", {"version": 2**70})
    assert answer.status_code in (404, 422)


@pytest.mark.parametrize("year", ["99999", "-5", "0", str(10**30)])
@pytest.mark.parametrize("page", ["projects-stats", "projects-register"])
def test_a_project_page_with_a_year_out_of_range_is_a_400(client, page, year):
    client.force_login(User.objects.get(username="leader"))
    answer = client.get(reverse(page), {"year": year})
    assert answer.status_code == 400, answer.status_code
    assert "年份应在 1900 至 2100 之间" in answer.content.decode()


def test_a_project_page_with_a_sensible_year_still_works(client):
    client.force_login(User.objects.get(username="leader"))
    assert client.get(reverse("projects-stats"), {"year": "2021"}).status_code == 200
