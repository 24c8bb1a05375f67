"""Is a document genuine? The same two questions as for a license (docs/decisions/0003), with the seal's key:

- the *record* (`document_check`): its payload still matches its signature and its GB/T 38540 SES_Signature, the
  row's copies still say what was signed, and its seal is in force → valid, revoked, expired or tampered;
- the *file* (`verify_document_pdf`): the signature appended to the PDF covers every byte before it, and the payload
  inside carries a valid signature. This needs only the public key, not the database.
"""

import base64
import binascii
import json
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoxin.documents import ses, signing
from gaoxin.documents.models import Document
from gaoxin.documents.payload import ROW_COPIES
from gaoxin.documents.selectors import ses_signature_der, trusted_key

DOCUMENT_MARKER = b"%GAOXIN-DOCUMENT "


class DocumentState(models.TextChoices):
    VALID = "valid", gettext_lazy("有效")
    REVOKED = "revoked", gettext_lazy("印章已注销")
    EXPIRED = "expired", gettext_lazy("印章已过有效期")
    TAMPERED = "tampered", gettext_lazy("数据被篡改")


@dataclass(frozen=True)
class DocumentCheck:
    state: str
    problems: tuple[str, ...] = ()

    @property
    def state_display(self) -> str:
        return str(DocumentState(self.state).label)


def document_check(document: Document) -> DocumentCheck:
    problems = _signature_problems(document)
    if problems:
        return DocumentCheck(DocumentState.TAMPERED, tuple(problems))
    seal = document.seal
    if seal.revoked_at is not None:
        return DocumentCheck(
            DocumentState.REVOKED,
            (_("印章已于 %(when)s 注销：%(reason)s") % {"when": _day(seal.revoked_at), "reason": seal.revoke_reason},),
        )
    if seal.valid_until < timezone.localdate():
        return DocumentCheck(
            DocumentState.EXPIRED,
            (_("签发时印章在有效期内；印章有效期已于 %(day)s 届满") % {"day": seal.valid_until.isoformat()},),
        )
    return DocumentCheck(DocumentState.VALID)


def _signature_problems(document: Document) -> list[str]:
    key = trusted_key(document.key_id)
    if key is None:
        return [_("签名密钥未知：不是本平台的印章签发的，或其密钥已不再受信任")]
    signed = document.payload.encode("utf-8")
    if not signing.verify_b64(key, signed, document.signature):
        return [_("签名数据与签名不符")]
    problems = [_("电子签章数据（GB/T 38540）：%(problem)s") % {"problem": p} for p in _ses_problems(document, key)]
    try:
        payload = json.loads(document.payload)
    except ValueError:
        return [*problems, _("签名数据无法读取")]
    changed = [
        column for column, key_name in ROW_COPIES.items() if str(getattr(document, column)) != payload.get(key_name)
    ]
    if changed:
        problems.append(_("文书记录与签名的数据不一致：%(fields)s") % {"fields": "、".join(changed)})
    return problems


def _ses_problems(document: Document, key) -> list[str]:
    try:
        return ses.check_signature(ses_signature_der(document), document.payload.encode("utf-8"), key)
    except ValueError as error:
        return [str(error)]


def _day(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d")


def document_facts(document: Document, check: DocumentCheck) -> dict:
    """What the public verification page and API show: the document as signed, and its state."""
    payload = json.loads(document.payload)
    return {
        "id": document.id,
        "state": check.state,
        "state_display": check.state_display,
        "problems": list(check.problems),
        "kind": document.kind,
        "title": payload.get("title", document.title),
        "number": payload.get("number", document.number),
        "case_number": payload.get("case_number", ""),
        "applicant": payload.get("applicant", ""),
        "items": [item.get("name", "") for item in payload.get("items", [])],
        "authority": payload.get("authority", ""),
        "issued_at": document.issued_at,
        "seal_code": document.seal.code,
        "seal_name": f"{document.seal.authority}{document.seal.purpose}",
        "algorithm": document.seal.get_algorithm_display(),
        "key_id": document.key_id,
    }


# --- files ---------------------------------------------------------------------------------------------------


@dataclass
class DocumentFileCheck:
    valid: bool
    problems: list[str] = field(default_factory=list)
    document_id: str = ""
    payload: dict | None = None
    payload_text: str = ""


def verify_document_pdf(data: bytes, key=None) -> DocumentFileCheck:
    """Check a document PDF offline: the file's own signature, the payload's signature and its SES_Signature."""
    checked = signing.check_file(data, DOCUMENT_MARKER, (lambda _kid: key) if key else trusted_key)
    if not checked.valid:
        return DocumentFileCheck(False, checked.problems)
    read = signing.payload_of(checked.fields)
    if read is None:
        return DocumentFileCheck(False, [_("文件中的签名数据无法读取")], checked.ident)
    payload_bytes, payload = read
    public = key or trusted_key(checked.fields.get("payloadKeyId", ""))
    if public is None:
        return DocumentFileCheck(False, [_("文书数据的签名密钥未知")], checked.ident)
    problems = []
    if not signing.verify_b64(public, payload_bytes, checked.fields.get("payloadSignature", "")):
        problems.append(_("文件中的文书数据与其签名不符"))
    try:
        ses_der = base64.b64decode(checked.fields.get("sesSignature", ""), validate=True)
        problems += ses.check_signature(ses_der, payload_bytes, public)
    except (binascii.Error, ValueError) as error:
        problems.append(_("电子签章数据（GB/T 38540）无法读取：%(error)s") % {"error": error})
    if payload.get("id") != checked.ident:
        problems.append(_("文件中的文书标识前后不一致"))
    text = payload_bytes.decode("utf-8")
    return DocumentFileCheck(not problems, problems, checked.ident, payload, text)
