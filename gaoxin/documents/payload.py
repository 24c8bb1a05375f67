"""The payload of a document: what its seal signs, and what its PDF and its verification page show.

Unlike a license, a document has no register data to drift from: the payload is the document. The row keeps copies
of a few of its values (number, kind, case, seal, key) for lists and lookups; verification checks that they still
agree with the signed payload."""

from datetime import UTC

from django.utils import timezone

from gaoxin.documents.signing import canonical_json

PAYLOAD_TYPE = "gaoxin.document"
PAYLOAD_VERSION = 1


def document_payload(document, facts: dict) -> dict:
    seal = document.seal
    return {
        "type": PAYLOAD_TYPE,
        "version": PAYLOAD_VERSION,
        "id": str(document.id),
        "kind": document.kind,
        "title": document.title,
        "number": document.number,
        "case_id": str(document.case_id),
        "case_number": document.case.number,
        "applicant": document.case.applicant_name,
        **facts,
        "authority": seal.authority,
        "issued_on": timezone.localdate(document.issued_at).isoformat(),
        "issued_at": document.issued_at.astimezone(UTC).isoformat(timespec="seconds"),
        "seal": {"code": seal.code, "authority": seal.authority, "purpose": seal.purpose, "algorithm": seal.algorithm},
        "key_id": document.key_id,
    }


def document_payload_text(document, facts: dict) -> str:
    return canonical_json(document_payload(document, facts))


# Row column → payload key: the values the row copies, which must still say what was signed.
ROW_COPIES = {"id": "id", "kind": "kind", "number": "number", "case_id": "case_id", "key_id": "key_id"}
