"""A NUL character, which PostgreSQL refuses in text, is a 400 wherever a request carries it, on both databases."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path, params",
    [
        ("/api/projects/stats", {"year": "2026", "levels": "省级\x00"}),
        ("/api/catalog/items", {"q": "营业\x00执照"}),
        ("/api/catalog/items/nope%00", {}),
    ],
    ids=["stats-levels", "catalog-search", "path"],
)
def test_the_api_refuses_a_nul_in_the_path_or_query(api, path, params):
    answer = api("leader").get(path, **params)
    assert answer.status_code == 400
    assert answer.json()["code"] == "invalid" and "NUL" in answer.json()["detail"]


def test_the_api_refuses_a_nul_in_a_json_body(api):
    answer = api("applicant").post("/api/cases", {"item": "x\x00y"})
    assert answer.status_code == 400 and answer.json()["code"] == "invalid"


def test_the_api_refuses_a_nul_in_a_form_field_of_an_upload(api):
    applicant = api("applicant")
    answer = applicant.client.post(
        "/api/cases/00000000-0000-0000-0000-000000000000/materials",
        {"material": "id_card\x00"},
        headers=applicant.headers,
    )
    assert answer.status_code == 400 and answer.json()["code"] == "invalid"


def test_a_page_form_with_a_nul_is_a_plain_400(client):
    client.login(username="applicant", password="gaoxin-demo")
    answer = client.post("/portal/apply/bundle/company-setup/", {"company_name": "洛阳\x00公司"})
    assert answer.status_code == 400 and "NUL" in answer.content.decode()


def test_text_without_nul_passes(api):
    assert api("leader").get("/api/catalog/items", q="营业执照").status_code == 200
