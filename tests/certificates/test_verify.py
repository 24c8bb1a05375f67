"""Public verification (page and API), revocation by an administrator, and who may download the PDF."""

import pytest
from django.db import transaction

from gaoxin.accounts.models import User
from gaoxin.certificates.actions import license_revoke
from gaoxin.certificates.models import License
from gaoxin.core.errors import Conflict, DomainError, Forbidden
from gaoxin.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def page(client, license) -> str:
    response = client.get(f"/verify/{license.id}/")
    assert response.status_code == 200
    return response.content.decode()


def test_anyone_sees_a_valid_license_with_its_key_facts(client, make_license):
    license = make_license()
    html = page(client, license)
    assert "有效" in html and "数据被篡改" not in html and "已吊销" not in html
    for fact in [license.uscc, license.name, license.legal_representative, "人民币壹佰万元整", license.number]:
        assert fact in html
    assert "公安机关公章刻制备案" in html and "本执照集成以下 8 项证照" in html
    assert "海关报关单位备案" not in html, "only what the case's granted steps integrate"
    answer = client.get(f"/api/certificates/{license.id}/verify").json()
    assert answer["state"] == "valid" and answer["uscc"] == license.uscc and len(answer["integrated"]) == 8


def test_a_license_shows_only_what_the_granted_steps_integrate(client, make_license):
    license = make_license(granted={"amr"})
    html = page(client, license)
    assert "本执照集成以下 3 项证照" in html and "统计登记证" in html
    assert "公安机关公章刻制备案" not in html and "税务登记证" not in html
    answer = client.get(f"/api/certificates/{license.id}/verify").json()
    assert [c["name"] for c in answer["integrated"]] == ["营业执照", "组织机构代码证", "统计登记证"]


def test_unknown_license_is_404(client):
    unknown = "00000000-0000-4000-8000-000000000000"
    assert client.get(f"/verify/{unknown}/").status_code == 404
    assert client.get(f"/api/certificates/{unknown}/verify").status_code == 404
    assert client.get("/verify/not-a-uuid/").status_code == 404


def test_revoked_license_says_so_with_date_and_reason(api, client, make_license):
    license = make_license()
    answer = api("admin").post(f"/api/certificates/{license.id}/revoke", {"reason": "提交虚假材料取得登记"})
    assert answer.status_code == 200, answer.json()
    assert answer.json()["state"] == "revoked" and answer.json()["revoke_reason"] == "提交虚假材料取得登记"
    html = page(client, license)
    assert "已吊销" in html and "提交虚假材料取得登记" in html and "不再有效" in html
    verified = client.get(f"/api/certificates/{license.id}/verify").json()
    assert verified["state"] == "revoked" and verified["revoked_at"]
    event = AuditEvent.objects.get(subject_type="license", subject_id=str(license.pk), action="revoke")
    assert event.reason == "提交虚假材料取得登记" and event.actor.username == "admin"


def test_revoking_twice_is_a_conflict(api, make_license):
    license = make_license()
    admin = api("admin")
    assert admin.post(f"/api/certificates/{license.id}/revoke", {"reason": "第一次"}).status_code == 200
    again = admin.post(f"/api/certificates/{license.id}/revoke", {"reason": "第二次"})
    assert again.status_code == 409 and again.json()["code"] == "conflict"
    assert License.objects.get(pk=license.pk).revoke_reason == "第一次"


@pytest.mark.parametrize("username", ["applicant", "window", "leader", "amr"])
def test_only_an_administrator_may_revoke(api, make_license, username):
    license = make_license()
    answer = api(username).post(f"/api/certificates/{license.id}/revoke", {"reason": "越权"})
    assert answer.status_code == 403
    assert License.objects.get(pk=license.pk).revoked_at is None


def test_revoking_needs_login_and_a_reason(api, client, make_license):
    license = make_license()
    anonymous = client.post(f"/api/certificates/{license.id}/revoke", {"reason": "x"}, content_type="application/json")
    assert anonymous.status_code == 401
    for reason in ["", "   "]:
        answer = api("admin").post(f"/api/certificates/{license.id}/revoke", {"reason": reason})
        assert answer.status_code == 400 and answer.json()["field"] == "reason"
    assert License.objects.get(pk=license.pk).revoked_at is None


def test_revoke_action_rules(make_license):
    license = make_license()
    admin, window = User.objects.get(username="admin"), User.objects.get(username="window")
    with pytest.raises(Forbidden):
        license_revoke(license=license, actor=window, reason="越权")
    with pytest.raises(DomainError):
        license_revoke(license=license, actor=admin, reason=" ")
    with transaction.atomic():
        license_revoke(license=license, actor=admin, reason="依法吊销")
    with pytest.raises(Conflict):
        license_revoke(license=license, actor=admin, reason="再次吊销")


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "洛阳冒名顶替有限公司"), ("legal_representative", "李四"), ("registered_capital", "99999")],
)
def test_editing_the_stored_data_directly_shows_tampered(client, make_license, field, value):
    license = make_license()
    License.objects.filter(pk=license.pk).update(**{field: value})
    html = page(client, license)
    assert "数据被篡改" in html and "有效</span>" not in html
    assert client.get(f"/api/certificates/{license.id}/verify").json()["state"] == "tampered"


def test_editing_the_signed_payload_shows_tampered(client, make_license):
    license = make_license()
    License.objects.filter(pk=license.pk).update(payload=license.payload.replace(license.name, "洛阳冒名有限公司"))
    assert "数据被篡改" in page(client, license)


def test_clearing_a_revocation_in_the_database_shows_tampered(client, make_license):
    license = make_license()
    with transaction.atomic():
        license_revoke(license=license, actor=User.objects.get(username="admin"), reason="依法吊销")
    License.objects.filter(pk=license.pk).update(revoked_at=None, revoke_reason="")
    html = page(client, license)
    assert "数据被篡改" in html and "审计记录显示已吊销" in html


# --- the PDF download -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "status"),
    [("applicant", 200), ("window", 200), ("leader", 200), ("admin", 200), ("applicant2", 404), ("amr", 404)],
)
def test_who_may_download_the_pdf_through_the_api(api, make_license, username, status):
    license = make_license()
    response = api(username).get(f"/api/certificates/{license.id}/pdf")
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        assert "attachment" in response["Content-Disposition"]


def test_the_pdf_api_needs_login(client, make_license):
    assert client.get(f"/api/certificates/{make_license().id}/pdf").status_code == 401


def test_the_download_page_follows_the_same_rule(client, make_license):
    license = make_license()
    url = f"/licenses/{license.id}/pdf/"
    assert client.get(url).status_code == 302, "anonymous: to the login page"
    client.force_login(User.objects.get(username="applicant2"))
    assert client.get(url).status_code == 404
    client.force_login(User.objects.get(username="amr"))
    assert client.get(url).status_code == 404
    client.force_login(User.objects.get(username="applicant"))
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")


def test_the_applicant_case_page_links_the_license(client, make_license):
    license = make_license()
    client.force_login(User.objects.get(username="applicant"))
    html = client.get(f"/portal/cases/{license.case_id}/").content.decode()
    assert f"/licenses/{license.id}/pdf/" in html and f"/verify/{license.id}/" in html


def test_the_public_key_is_published(client):
    answer = client.get("/api/certificates/public-key").json()
    assert answer["algorithm"] == "Ed25519" and "BEGIN PUBLIC KEY" in answer["pem"] and len(answer["key_id"]) == 16


# --- the admin ------------------------------------------------------------------------------------------------


def test_an_administrator_revokes_in_the_admin_with_a_reason(client, make_license):
    license = make_license()
    client.force_login(User.objects.get(username="admin"))
    url = "/admin/certificates/license/"
    chosen = {"action": "revoke_selected", "_selected_action": [str(license.pk)]}
    form = client.post(url, chosen)
    assert form.status_code == 200 and "吊销理由" in form.content.decode()
    missing = client.post(url, {**chosen, "confirm": "1", "reason": ""})
    assert missing.status_code == 200 and License.objects.get(pk=license.pk).revoked_at is None
    done = client.post(url, {**chosen, "confirm": "1", "reason": "营业执照被依法吊销"}, follow=True)
    assert done.status_code == 200 and "已吊销 1 份" in done.content.decode()
    assert License.objects.get(pk=license.pk).revoke_reason == "营业执照被依法吊销"
    assert client.get(f"/admin/certificates/license/{license.pk}/change/").status_code == 200
    assert client.get("/admin/economy/enterprise/").status_code == 200
