"""The /api/validate endpoints: always 200, the answer is in the body.

Every test runs twice: against the identity router alone (ninja TestClient, mounted like the project mounts it)
and through the real project URLconf with django.test.Client.
"""

import pytest
from django.test import Client
from ninja.testing import TestClient

from gaoxin.identity.api import router


@pytest.fixture(params=["router", "project"])
def get(request):
    # No django_db mark: the endpoints and middleware never touch the database (anonymous, no session read).
    if request.param == "router":
        isolated = TestClient(router)
        return lambda path: isolated.get(path.removeprefix("/api/validate"))
    return Client().get


def test_valid_uscc(get):
    response = get("/api/validate/uscc/91110000710926094P")

    assert response.status_code == 200
    body = response.json()
    assert body["valid"] is True
    assert body["error"] is None
    assert body["parts"]["registration_authority"] == {"code": "9", "name": "工商"}
    assert body["parts"]["check_character"] == "P"


def test_uscc_with_bad_check_character_is_still_200(get):
    response = get("/api/validate/uscc/91110000600037341N")

    assert response.status_code == 200
    assert response.json() == {"valid": False, "error": "校验码错误：应为L，实际为N", "parts": {}}


def test_valid_resident_id(get):
    response = get("/api/validate/resident-id/11010519491231002X")

    assert response.status_code == 200
    assert response.json() == {
        "valid": True,
        "error": None,
        "parts": {
            "region_code": "110105",
            "province": "北京市",
            "birth_date": "1949-12-31",
            "sex": "女",
            "check_character": "X",
        },
    }


@pytest.mark.parametrize(
    ("path", "error"),
    [
        ("/api/validate/uscc/abc", "统一社会信用代码应为18位，实际为3位"),
        ("/api/validate/resident-id/abc", "身份证号码应为18位，实际为3位"),
    ],
    ids=["uscc", "resident-id"],
)
def test_junk_is_answered_with_200(get, path, error):
    response = get(path)

    assert response.status_code == 200
    assert response.json() == {"valid": False, "error": error, "parts": {}}


def test_lower_case_input_in_the_url_is_accepted(get):
    assert get("/api/validate/resident-id/11010519491231002x").json()["valid"] is True
