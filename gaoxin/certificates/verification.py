"""Is a license genuine? Two questions with one key:

- a license *record* (`license_check`): its stored payload still matches its signature, its current data still
  match that payload, and its revocation state agrees with the audit trail → valid, revoked or tampered;
- a license *file* (`verify_pdf`): the signature appended to the PDF covers every byte before it, and the payload
  embedded in the file carries a valid signature too. This needs only the public key, not the database.
"""

import json
from dataclasses import dataclass, field
from uuid import UUID

from django.utils.translation import gettext as _

from gaoxin.certificates.formatting import capital_in_words
from gaoxin.certificates.models import License, LicenseState
from gaoxin.certificates.payload import FIELD_LABELS, license_payload
from gaoxin.certificates.pdf import LICENSE_PREFIX, verification_url
from gaoxin.core.models import AuditEvent
from gaoxin.documents import crypto, signing
from gaoxin.documents.selectors import trusted_key


@dataclass(frozen=True)
class LicenseCheck:
    state: str
    problems: tuple[str, ...] = ()

    @property
    def state_display(self) -> str:
        return str(LicenseState(self.state).label)


def license_check(license: License) -> LicenseCheck:
    problems = []
    key = trusted_key(license.key_id)
    if key is None:
        problems.append(_("签名密钥未知，无法确认签名"))
    elif not signing.verify_b64(key, license.payload.encode("utf-8"), license.signature):
        problems.append(_("签名数据与签名不符"))
    else:
        changed = _changed_fields(license)
        if changed:
            problems.append(_("当前登记数据与签发时签名的数据不一致：%(fields)s") % {"fields": "、".join(changed)})
    if license.revoked_at is None and _revocation_was_audited(license):
        problems.append(_("审计记录显示已吊销，但吊销状态被清除"))
    if problems:
        return LicenseCheck(LicenseState.TAMPERED, tuple(problems))
    if license.revoked_at is not None:
        return LicenseCheck(LicenseState.REVOKED)
    return LicenseCheck(LicenseState.VALID)


def _changed_fields(license: License) -> list[str]:
    try:
        signed = json.loads(license.payload)
    except ValueError:
        return [_("签名数据")]
    current = license_payload(license)
    return [
        str(FIELD_LABELS.get(key, key))
        for key in sorted(signed.keys() | current.keys())
        if signed.get(key) != current.get(key)
    ]


def _revocation_was_audited(license: License) -> bool:
    return AuditEvent.objects.filter(subject_type="license", subject_id=str(license.pk), action="revoke").exists()


def license_facts(license: License, check: LicenseCheck) -> dict:
    """What the public verification page and API show."""
    return {
        "id": license.id,
        "state": check.state,
        "state_display": check.state_display,
        "problems": list(check.problems),
        "number": license.number,
        "uscc": license.uscc,
        "name": license.name,
        "company_type": license.company_type,
        "legal_representative": license.legal_representative,
        "registered_capital": license.registered_capital,
        "registered_capital_display": capital_in_words(license.registered_capital),
        "established_on": license.established_on,
        "address": license.address,
        "business_scope": license.business_scope,
        "authority": license.authority,
        "issued_at": license.issued_at,
        "revoked_at": license.revoked_at,
        "revoke_reason": license.revoke_reason,
        "integrated": [{"name": c["name"], "department": c["department"]} for c in license.integrated],
        "verify_url": verification_url(license.id),
        "key_id": license.key_id,
    }


# --- files ---------------------------------------------------------------------------------------------------


@dataclass
class PdfCheck:
    valid: bool
    problems: list[str] = field(default_factory=list)
    license_id: UUID | None = None
    payload: dict | None = None
    payload_text: str = ""


def verify_pdf(data: bytes, key: crypto.PublicKey | None = None) -> PdfCheck:
    """Check a license PDF offline: the file's own signature, then the signature of the payload inside it."""
    checked = signing.check_file(data, LICENSE_PREFIX, (lambda _kid: key) if key else trusted_key)
    if not checked.valid:
        return PdfCheck(False, checked.problems)
    license_id = UUID(checked.ident)
    read = signing.payload_of(checked.fields)
    if read is None:
        return PdfCheck(False, [_("文件中的签名数据无法读取")], license_id=license_id)
    payload_bytes, payload = read
    result = PdfCheck(True, [], license_id=license_id, payload=payload, payload_text=payload_bytes.decode("utf-8"))
    payload_key = key or trusted_key(str(payload.get("key_id", "")))
    if payload_key is None or not signing.verify_b64(
        payload_key, payload_bytes, checked.fields.get("payloadSignature", "")
    ):
        result.valid = False
        result.problems.append(_("文件中的登记数据与其签名不符"))
    if not (payload.get("id") == str(license_id) == checked.fields.get("licenseId")):
        result.valid = False
        result.problems.append(_("文件中的执照标识前后不一致"))
    return result
