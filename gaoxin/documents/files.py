"""A document's PDF as the applicant downloads it: drawn from its signed payload, the payload and its signatures
inside (XMP), and the file signed over its bytes with the seal's key (gaoxin.documents.signing)."""

import base64
import json
from collections.abc import Callable

from django.urls import reverse

from gaoxin.core.pages import public_url
from gaoxin.documents import keys, signing
from gaoxin.documents.models import Document
from gaoxin.documents.pdf import document_pdf
from gaoxin.documents.selectors import ses_signature_der
from gaoxin.documents.verification import DOCUMENT_MARKER

# (document) -> {"caption", "url"} of an invitation the PDF prints beside what the document says, or None. Not part
# of the signed payload: ratings registers the 好差评 link of the document that ends a case (documents imports no app
# above it).
Invitation = Callable[[Document], dict | None]
_invitations: list[Invitation] = []


def register_invitation(reader: Invitation) -> None:
    if reader not in _invitations:
        _invitations.append(reader)


def _invitation(document: Document) -> dict | None:
    return next((found for reader in _invitations if (found := reader(document))), None)


def verification_url(document_id) -> str:
    return public_url(reverse("document-verify", args=[document_id]))


def signed_document_pdf(document: Document) -> bytes:
    """Each call draws a new file (reportlab stamps the time); every one verifies. The file is signed with the
    seal's key of today, which after a rotation is not the key that signed the payload: the XMP names both."""
    key = keys.private_key(document.seal)
    metadata = {
        "documentId": str(document.id),
        "keyId": key.public_key().key_id(),
        "payloadKeyId": document.key_id,
        "payload": signing.b64url(document.payload),
        "payloadSignature": document.signature,
        "sesSignature": base64.b64encode(ses_signature_der(document)).decode("ascii"),
    }
    payload = json.loads(document.payload)
    view = {
        **payload,
        "seal": {**payload["seal"], "key_id": payload["key_id"]},
        "verify_url": verification_url(document.id),
        "invitation": _invitation(document),
    }
    return signing.sign_file(document_pdf(view, metadata=metadata), DOCUMENT_MARKER, document.id, key)
