"""Is a license genuine? Two questions with one key:

- a license *record* (`license_check`): its stored payload still matches its signature, its current data still
  match that payload, and its revocation state agrees with the audit trail → valid, revoked or tampered;
- a license *file* (`verify_pdf`): the signature appended to the PDF covers every byte before it, and the payload
  embedded in the file carries a valid signature too. This needs only the public key, not the database.
"""

import base64
import binascii
import json
import re
from dataclasses import dataclass, field
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.utils.translation import gettext as _

from gaoxin.certificates import signing
from gaoxin.certificates.formatting import capital_in_words
from gaoxin.certificates.models import License, LicenseState
from gaoxin.certificates.payload import FIELD_LABELS, license_payload
from gaoxin.certificates.pdf import LICENSE_PREFIX, SIGNATURE_PREFIX, verification_url
from gaoxin.core.models import AuditEvent


@dataclass(frozen=True)
class LicenseCheck:
    state: str
    problems: tuple[str, ...] = ()

    @property
    def state_display(self) -> str:
        return str(LicenseState(self.state).label)


def license_check(license: License) -> LicenseCheck:
    problems = []
    key = signing.public_key_for(license.key_id)
    if key is None:
        problems.append(_("签名密钥未知，无法确认签名"))
    elif not signing.verify(license.payload.encode("utf-8"), license.signature, key):
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

# The last line: the signature over every byte before it (a trailing newline, and nothing else, may follow).
SIGNATURE_LINE = re.compile(rb"\n" + re.escape(SIGNATURE_PREFIX) + rb"([A-Za-z0-9+/]{86}==)\r?\n?\Z")
LICENSE_LINE = re.compile(rb"\n" + re.escape(LICENSE_PREFIX) + rb"([0-9a-f-]{36})\r?\n\Z")
KEY_ID = re.compile(rb"<gaoxin:keyId>([0-9a-f]{16})</gaoxin:keyId>")
XMP_FIELDS = {
    "license_id": re.compile(rb"<gaoxin:licenseId>([0-9a-f-]{36})</gaoxin:licenseId>"),
    "payload": re.compile(rb"<gaoxin:payload>([A-Za-z0-9_-]+={0,2})</gaoxin:payload>"),
    "signature": re.compile(rb"<gaoxin:payloadSignature>([A-Za-z0-9+/]+={0,2})</gaoxin:payloadSignature>"),
}


@dataclass
class PdfCheck:
    valid: bool
    problems: list[str] = field(default_factory=list)
    license_id: UUID | None = None
    payload: dict | None = None
    payload_text: str = ""


def verify_pdf(data: bytes, key: Ed25519PublicKey | None = None) -> PdfCheck:
    """Check a license PDF offline: the file's own signature, then the signature of the payload inside it."""
    if key is None:
        named = KEY_ID.search(data)
        key = (named and signing.public_key_for(named.group(1).decode("ascii"))) or signing.public_key()
    line = SIGNATURE_LINE.search(data)
    if line is None:
        return PdfCheck(False, [_("文件末尾没有高新电子签名（%GAOXIN-SIGNATURE 行）")])
    signed = data[: line.start() + 1]
    if not signing.verify(signed, line.group(1).decode("ascii"), key):
        return PdfCheck(False, [_("文件签名不符：文件在签发后被改动，或不是用此密钥签发的")])
    license_line = LICENSE_LINE.search(signed)
    found = {name: pattern.findall(signed) for name, pattern in XMP_FIELDS.items()}
    if license_line is None or any(len(values) != 1 for values in found.values()):
        return PdfCheck(False, [_("文件中缺少或重复了执照标识、签名数据或其签名")])
    license_id = UUID(license_line.group(1).decode("ascii"))
    try:
        payload_bytes = base64.urlsafe_b64decode(found["payload"][0])
        payload_text = payload_bytes.decode("utf-8")
        payload = json.loads(payload_text)
    except (binascii.Error, ValueError):
        return PdfCheck(False, [_("文件中的签名数据无法读取")], license_id=license_id)
    result = PdfCheck(True, [], license_id=license_id, payload=payload, payload_text=payload_text)
    if not signing.verify(payload_bytes, found["signature"][0].decode("ascii"), key):
        result.valid = False
        result.problems.append(_("文件中的登记数据与其签名不符"))
    if not (payload.get("id") == str(license_id) == found["license_id"][0].decode("ascii")):
        result.valid = False
        result.problems.append(_("文件中的执照标识前后不一致"))
    return result
