"""Bad input and illegal transitions get clear 4xx answers with a Chinese message and the field."""

import pytest

from tests.cases.test_api_flow import COMPANY_SETUP, create_and_fill
from tests.support.files import pdf, text_file


def test_bad_resident_id_is_refused_with_its_field(api):
    payload = {**COMPANY_SETUP, "applicant": {**COMPANY_SETUP["applicant"], "id_number": "110105194912310021"}}
    response = api("applicant").post("/api/cases", payload)
    assert response.status_code == 400
    assert response.json()["field"] == "applicant.id_number" and "校验" in response.json()["detail"]


def test_bad_uscc_is_refused_with_its_field(api):
    payload = {**COMPANY_SETUP, "applicant": {"kind": "enterprise", "name": "某公司", "uscc": "91110000600037341N"}}
    response = api("applicant").post("/api/cases", payload)
    assert response.status_code == 400 and response.json()["field"] == "applicant.uscc"


@pytest.mark.parametrize(
    "payload, field",
    [
        ({**COMPANY_SETUP, "bundle": "no-such-bundle"}, "bundle"),
        ({"item": "NO-SUCH-ITEM", "applicant": COMPANY_SETUP["applicant"]}, "item"),
        ({"applicant": COMPANY_SETUP["applicant"]}, "item"),
        ({**COMPANY_SETUP, "item": "HPF-WD-001"}, "item"),
    ],
)
def test_unknown_or_ambiguous_codes_are_refused(api, payload, field):
    response = api("applicant").post("/api/cases", payload)
    assert response.status_code == 400 and response.json()["field"] == field


def test_missing_body_fields_answer_422_with_the_field(api):
    response = api("applicant").post("/api/cases", {"bundle": "company-setup"})
    assert response.status_code == 422 and response.json()["field"] == "applicant"
    assert response.json()["detail"] == "字段 applicant 无效：必须填写"


def test_a_number_that_is_not_one_is_refused_in_chinese(api):
    response = api("window").get("/api/cases?offset=abc")
    assert response.status_code == 422
    assert response.json()["detail"] == "字段 offset 无效：应为整数", response.json()


def test_illegal_transitions_are_conflicts(api):
    applicant, window = api("applicant"), api("window")
    case = create_and_fill(applicant)
    response = window.post(f"/api/cases/{case['id']}/accept")
    assert response.status_code == 409 and "草稿" in response.json()["detail"]
    assert applicant.post(f"/api/cases/{case['id']}/accept").status_code == 403
    applicant.post(f"/api/cases/{case['id']}/submit")
    assert applicant.post(f"/api/cases/{case['id']}/submit").status_code == 409
    assert window.post(f"/api/cases/{case['id']}/not-accept", {"reason": " "}).status_code == 400
    assert window.post(f"/api/cases/{case['id']}/request-corrections", {"materials": []}).status_code == 400
    unknown = {"materials": [{"code": "nope", "reason": "请提供"}]}
    assert window.post(f"/api/cases/{case['id']}/request-corrections", unknown).status_code == 400
    assert window.post(f"/api/cases/{case['id']}/not-accept", {"reason": "不属于本窗口受理范围"}).status_code == 200
    assert window.post(f"/api/cases/{case['id']}/accept").status_code == 409


def test_submit_without_required_materials_names_them(api):
    applicant = api("applicant")
    case = applicant.post("/api/cases", COMPANY_SETUP).json()
    response = applicant.post(f"/api/cases/{case['id']}/submit")
    assert response.status_code == 400 and case["materials"][0]["name"] in response.json()["detail"]


def test_uploads_are_checked_from_content(api):
    applicant = api("applicant")
    case = applicant.post("/api/cases", COMPANY_SETUP).json()
    url = f"/api/cases/{case['id']}/materials"
    code = case["materials"][0]["code"]
    fake = applicant.upload(url, code, text_file("合同.pdf"))
    assert fake.status_code == 400 and "类型" in fake.json()["detail"]
    assert applicant.upload(url, "not-a-material", pdf()).status_code == 400
    stored = applicant.upload(url, code, pdf("../../etc/passwd.pdf")).json()
    assert stored["name"] == "passwd.pdf" and len(stored["sha256"]) == 64


def test_upload_over_the_limit_is_refused(api, settings):
    settings.GAOXIN = {**settings.GAOXIN, "UPLOAD_MAX_BYTES": 1024}
    applicant = api("applicant")
    case = applicant.post("/api/cases", COMPANY_SETUP).json()
    response = applicant.upload(
        f"/api/cases/{case['id']}/materials", case["materials"][0]["code"], pdf(extra=b"0" * 2048)
    )
    assert response.status_code == 400 and "过大" in response.json()["detail"]


def test_wrong_credentials_are_401_and_repeated_failures_are_throttled_for_that_address(client, db):
    """Five failures lock the account for the address they came from (the login throttle, gaoxin.accounts.throttle):
    429 with a Chinese message and Retry-After, even with the right password; the owner elsewhere still gets in."""
    for _ in range(5):
        response = client.post(
            "/api/auth/token", {"username": "window", "password": "wrong"}, content_type="application/json"
        )
        assert response.status_code == 401 and response.json()["detail"]
    throttled = client.post(
        "/api/auth/token", {"username": "window", "password": "gaoxin-demo"}, content_type="application/json"
    )
    assert throttled.status_code == 429 and int(throttled["Retry-After"]) > 0
    assert throttled.json()["detail"] == "登录失败次数过多，请 15 分钟后再试"
    elsewhere = client.post(
        "/api/auth/token",
        {"username": "window", "password": "gaoxin-demo"},
        content_type="application/json",
        REMOTE_ADDR="10.1.1.1",
    )
    assert elsewhere.status_code == 200


def test_requests_without_a_token_are_401(client, db):
    assert client.get("/api/cases").status_code == 401
    assert client.get("/api/cases", headers={"Authorization": "Bearer nonsense"}).status_code == 401


def test_an_approver_cannot_decide_another_departments_task(api):
    applicant, window = api("applicant"), api("window")
    case = create_and_fill(applicant)
    applicant.post(f"/api/cases/{case['id']}/submit")
    task = window.post(f"/api/cases/{case['id']}/accept").json()["tasks"][0]
    assert api("tax").post(f"/api/tasks/{task['id']}/approve").status_code == 404
