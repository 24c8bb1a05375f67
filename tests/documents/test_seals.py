"""一枚印章管审批: documents signed under the zone's approval seal (Ed25519) and a department's own seal (SM2/SM3),
verified on the public page, through the API and offline with certificate_verify; OpenSSL's own SM2 checks ours; a
revoked or lapsed seal, an edited file or record and a foreign key each say so."""

import base64
import shutil
import subprocess
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from gaoxin.accounts.models import Department
from gaoxin.cases import actions as case_actions
from gaoxin.cases.models import TaskStatus
from gaoxin.core.errors import DomainError
from gaoxin.core.models import AuditEvent
from gaoxin.documents import actions, crypto, ses
from gaoxin.documents.files import signed_document_pdf
from gaoxin.documents.models import Document, Seal, SealAlgorithm, SealKey
from gaoxin.documents.selectors import ses_signature_der
from gaoxin.documents.sm2 import sm3
from tests.ratings.helpers import grant_open_tasks, submitted_case, user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def seal_keys(settings, tmp_path):
    """Each test's seals sign with keys of its own, from a key directory as production has them."""
    settings.GAOXIN = {
        **settings.GAOXIN,
        "SIGNING_KEY_PEM": crypto.generate_private_key_pem(crypto.ED25519),
        "SEAL_KEY_DIR": str(tmp_path / "keys"),
        "SIGNING_KEY_DEV_FALLBACK": False,
    }
    (tmp_path / "keys").mkdir()
    return tmp_path / "keys"


@pytest.fixture
def police_seal(seal_keys) -> Seal:
    (seal_keys / "4103710000002.pem").write_text(crypto.generate_private_key_pem(crypto.SM2))
    return Seal.objects.create(
        code="4103710000002",
        authority="洛阳市公安局高新技术产业开发区分局",
        purpose="业务专用章",
        department=Department.objects.get(code="police"),
        algorithm=SealAlgorithm.SM2,
        valid_from=date(2026, 1, 1),
        valid_until=date(2035, 12, 31),
    )


# OpenSSL 3.0 hashes an empty distinguishing ID into Z unless told the standard's default (GB/T 32918.2, GM/T 0009).
OPENSSL_SM2_VERIFY = ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "public.pem", "-rawin", "-digest", "sm3"]
OPENSSL_SM2_VERIFY += ["-pkeyopt", "distid:1234567812345678"]


def decided_company_setup():
    case = case_actions.case_accept(case=submitted_case(bundle="company-setup"), clerk=user("window"))
    grant_open_tasks(case)
    return case


def grant_of(case, department: str) -> Document:
    return Document.objects.get(case=case, kind="grant", task__department__code=department)


def verify_file(tmp_path, data: bytes, *extra) -> tuple[bool, str]:
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    out = StringIO()
    try:
        call_command("certificate_verify", str(path), *extra, stdout=out)
    except CommandError:
        return False, out.getvalue()
    return True, out.getvalue()


def test_the_approval_seal_and_a_departments_sm2_seal_each_sign_and_verify_everywhere(client, police_seal, tmp_path):
    case = decided_company_setup()
    by_approval, by_police = grant_of(case, "amr"), grant_of(case, "police")
    assert by_approval.seal.department_id is None and by_approval.seal.algorithm == "ed25519"
    assert by_police.seal == police_seal, "the police decide 公章刻制备案 in their own name"
    for document in (by_approval, by_police):
        page = client.get(f"/verify/documents/{document.pk}/")
        assert page.status_code == 200 and "有效" in page.content.decode()
        assert page["Cache-Control"] == "no-store"
        checked = client.get(f"/api/documents/{document.pk}/verify").json()
        assert checked["state"] == "valid" and checked["number"] == document.number, checked
        valid, printed = verify_file(tmp_path, signed_document_pdf(document))
        assert valid and printed.startswith("VALID") and document.number in printed, printed
    assert "SM2/SM3" in client.get(f"/api/documents/{by_police.pk}/verify").json()["algorithm"]


def test_a_one_byte_edit_of_a_document_file_fails(police_seal, tmp_path):
    document = grant_of(decided_company_setup(), "police")
    data = bytearray(signed_document_pdf(document))
    at = data.index(b"/Title") + 8
    data[at] ^= 0x01
    valid, printed = verify_file(tmp_path, bytes(data))
    assert not valid and printed.startswith("TAMPERED"), printed


def test_a_file_signed_with_a_key_that_is_not_the_platforms_is_refused(settings, tmp_path):
    case = case_actions.case_accept(case=submitted_case(bundle="company-setup"), clerk=user("window"))
    document = Document.objects.get(case=case, kind="acceptance")
    ours = settings.GAOXIN["SIGNING_KEY_PEM"]
    settings.GAOXIN = {**settings.GAOXIN, "SIGNING_KEY_PEM": crypto.generate_private_key_pem(crypto.ED25519)}
    foreign = signed_document_pdf(document)  # the same document, signed by someone else's key
    settings.GAOXIN = {**settings.GAOXIN, "SIGNING_KEY_PEM": ours}
    valid, printed = verify_file(tmp_path, foreign)
    assert not valid and "签名密钥未知" in printed, printed
    assert verify_file(tmp_path, signed_document_pdf(document))[0]


def test_openssl_verifies_the_sm2_signature_of_a_document(police_seal, tmp_path):
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    document = grant_of(decided_company_setup(), "police")
    key = SealKey.objects.get(seal=police_seal, key_id=document.key_id)
    (tmp_path / "public.pem").write_text(key.public_key)
    (tmp_path / "payload").write_bytes(document.payload.encode("utf-8"))
    (tmp_path / "signature").write_bytes(base64.b64decode(document.signature))
    verified = subprocess.run(
        OPENSSL_SM2_VERIFY + ["-in", "payload", "-sigfile", "signature"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert verified.returncode == 0 and "Signature Verified Successfully" in verified.stdout, verified
    (tmp_path / "payload").write_bytes(document.payload.replace("准予", "不予").encode("utf-8"))
    refused = subprocess.run(
        OPENSSL_SM2_VERIFY + ["-in", "payload", "-sigfile", "signature"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert refused.returncode != 0


def test_the_ses_signature_of_a_document_follows_gbt_38540(police_seal, tmp_path):
    document = grant_of(decided_company_setup(), "police")
    der = ses_signature_der(document)
    read = ses.read_signature(der)
    assert read.data_hash == sm3(document.payload.encode("utf-8"))
    assert read.es_id == police_seal.code and str(document.pk) in read.property_info
    if shutil.which("openssl"):
        (tmp_path / "signature.der").write_bytes(der)
        parsed = subprocess.run(
            ["openssl", "asn1parse", "-inform", "DER", "-in", "signature.der"], cwd=tmp_path, capture_output=True
        )
        assert parsed.returncode == 0, parsed.stderr


def test_a_revoked_seal_shows_its_documents_revoked(client, police_seal, tmp_path):
    document = grant_of(decided_company_setup(), "police")
    file = signed_document_pdf(document)
    actions.seal_revoke(seal=police_seal, actor=user("admin"), reason="印章遗失，已登报声明作废")
    checked = client.get(f"/api/documents/{document.pk}/verify").json()
    assert checked["state"] == "revoked" and "印章遗失" in checked["problems"][0]
    assert "印章已注销" in client.get(f"/verify/documents/{document.pk}/").content.decode()
    valid, printed = verify_file(tmp_path, file)
    assert not valid and printed.startswith("REVOKED"), printed
    later = case_actions.case_accept(case=submitted_case(bundle="company-setup"), clerk=user("window"))
    grant_open_tasks(later)
    assert grant_of(later, "police").seal.department_id is None, "the approval seal seals in its place"


def test_a_lapsed_seal_says_so(client):
    case = case_actions.case_accept(case=submitted_case(bundle="company-setup"), clerk=user("window"))
    document = Document.objects.get(case=case, kind="acceptance")
    Seal.objects.filter(pk=document.seal_id).update(valid_until=timezone.localdate() - timedelta(days=1))
    checked = client.get(f"/api/documents/{document.pk}/verify").json()
    assert checked["state"] == "expired", checked
    later = submitted_case(bundle="company-setup")
    with pytest.raises(DomainError, match="没有在有效期内的行政审批专用章"):
        case_actions.case_accept(case=later, clerk=user("window"))
    later.refresh_from_db()
    assert later.status == "submitted", "no decision without its document"


def test_an_edited_record_is_tampered(client):
    case = case_actions.case_accept(case=submitted_case(bundle="company-setup"), clerk=user("window"))
    document = Document.objects.get(case=case, kind="acceptance")
    Document.objects.filter(pk=document.pk).update(payload=document.payload.replace("张晓明", "李晓明"))
    checked = client.get(f"/api/documents/{document.pk}/verify").json()
    assert checked["state"] == "tampered" and checked["problems"]
    Document.objects.filter(pk=document.pk).update(payload=document.payload, number="洛高审受〔2026〕9999号")
    assert client.get(f"/api/documents/{document.pk}/verify").json()["state"] == "tampered"


def test_a_changed_ses_signature_value_or_property_is_tampered(client):
    case = case_actions.case_accept(case=submitted_case(bundle="company-setup"), clerk=user("window"))
    document = Document.objects.get(case=case, kind="acceptance")
    assert len(document.ses_signature_value) <= 100 and document.ses_property_info.endswith(f"/{document.pk}/")
    value = base64.b64decode(document.ses_signature_value)
    other_value = base64.b64encode(bytes([value[0] ^ 1]) + value[1:]).decode("ascii")
    for change in ({"ses_signature_value": other_value}, {"ses_property_info": "https://example.org/"}):
        Document.objects.filter(pk=document.pk).update(**change)
        checked = client.get(f"/api/documents/{document.pk}/verify").json()
        assert checked["state"] == "tampered", change
        assert any("GB/T 38540" in problem for problem in checked["problems"]), checked["problems"]
        Document.objects.filter(pk=document.pk).update(
            ses_signature_value=document.ses_signature_value, ses_property_info=document.ses_property_info
        )
    assert client.get(f"/api/documents/{document.pk}/verify").json()["state"] == "valid"


def test_after_a_key_rotation_old_documents_still_verify(client, settings):
    case = case_actions.case_accept(case=submitted_case(bundle="company-setup"), clerk=user("window"))
    old = Document.objects.get(case=case, kind="acceptance")
    old_public = crypto.load_private_key_pem(settings.GAOXIN["SIGNING_KEY_PEM"]).public_key()
    settings.GAOXIN = {
        **settings.GAOXIN,
        "SIGNING_KEY_PEM": crypto.generate_private_key_pem(crypto.ED25519),
        "RETIRED_PUBLIC_KEYS": {old_public.key_id(): old_public.pem()},
    }
    task = case.tasks.get(status=TaskStatus.OPEN)
    case_actions.task_deny(task=task, approver=user("amr"), reason="名称不符合规定")
    new = Document.objects.get(case=case, kind="denial")
    assert new.key_id != old.key_id and SealKey.objects.filter(seal=old.seal).count() == 2
    for document in (old, new):
        assert client.get(f"/api/documents/{document.pk}/verify").json()["state"] == "valid"
    settings.GAOXIN = {**settings.GAOXIN, "RETIRED_PUBLIC_KEYS": {}}
    assert client.get(f"/api/documents/{old.pk}/verify").json()["state"] == "tampered", "an untrusted key"


def test_the_seals_and_their_public_keys_are_published(client, police_seal):
    decided_company_setup()
    seals = {s["code"]: s for s in client.get("/api/documents/seals").json()}
    assert seals["4103710000002"]["algorithm"] == "sm2" and seals["4103710000002"]["keys"]
    public = crypto.load_public_key_pem(seals["4103710000002"]["keys"][0]["public_key"])
    assert public.algorithm == crypto.SM2


def test_the_administrator_makes_sees_and_revokes_seals_in_the_admin(client, police_seal):
    client.force_login(user("admin"))
    page = client.get(f"/admin/documents/seal/{police_seal.pk}/change/").content.decode()
    assert "<svg" in page and "洛阳市公安局高新技术产业开发区分局" in page, "the seal's image is shown"
    made = client.post(
        "/admin/documents/seal/add/",
        {
            "code": "4103710000003",
            "authority": "洛阳高新区市场监督管理局",
            "purpose": "行政审批专用章",
            "department": Department.objects.get(code="amr").pk,
            "algorithm": "ed25519",
            "valid_from": "2026-01-01",
            "valid_until": "2030-12-31",
            "keys-TOTAL_FORMS": "0",
            "keys-INITIAL_FORMS": "0",
        },
    )
    assert made.status_code == 302, made.content.decode()[:2000]
    chosen = {"action": "revoke_selected", "_selected_action": [str(police_seal.pk)]}
    assert "注销理由" in client.post("/admin/documents/seal/", chosen).content.decode()
    client.post("/admin/documents/seal/", {**chosen, "confirm": "1", "reason": "机构改革，印章停用"})
    police_seal.refresh_from_db()
    assert police_seal.revoked_at is not None and police_seal.revoke_reason == "机构改革，印章停用"
    actions_done = AuditEvent.objects.filter(subject_type="seal").values_list("action", flat=True)
    assert {"create", "revoke"} <= set(actions_done)
