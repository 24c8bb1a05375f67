"""Phone numbers as people type them are taken and kept in one form; anything else is refused in Chinese."""

import pytest

from gaoxin.identity.validators import normalize_phone


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("0379-64321000", "0379-64321000"),
        ("(0379) 6432 1000", "0379-64321000"),
        ("（0379）64321000", "0379-64321000"),
        ("010-12345678", "010-12345678"),
        ("02112345678", "021-12345678"),
    ],
)
def test_typed_numbers_are_kept_in_one_form(typed, kept):
    assert normalize_phone(typed) == kept


@pytest.mark.parametrize(
    "typed",
    ["", "12345", "1381234567", "23812345678", "138123456789", "０３７９６４３２１０００", "0379-0432100", "电话"],
)
def test_other_text_is_not_a_phone_number(typed):
    assert normalize_phone(typed) is None


def test_the_api_keeps_a_typed_number_and_refuses_a_wrong_one_in_chinese(api):
    applicant = api("applicant")
    details = {"kind": "person", "name": "张晓明", "id_number": "11010519491231002X"}
    made = applicant.post("/api/cases", {"item": "HPF-WD-001", "applicant": {**details, "phone": "138 1234-5678"}})
    assert made.status_code in (200, 201), made.json()
    # Shown masked in the case (gaoxin.core.personal); its full form, to the applicant, is the typed number normalised.
    assert made.json()["contact_phone"] == "138****5678"
    full = applicant.get(f"/api/cases/{made.json()['id']}/personal-data")
    assert full.json()["contact_phone"] == "13812345678", full.content
    refused = applicant.post("/api/cases", {"item": "HPF-WD-001", "applicant": {**details, "phone": "12345"}})
    assert refused.status_code == 400
    assert refused.json()["field"] == "applicant.phone" and "手机号码" in refused.json()["detail"]
