"""A document's PDF as the applicant downloads it: drawn from its signed payload, the payload and its signatures
inside (XMP), and the file signed over its bytes with the seal's key (gaoxin.documents.signing)."""

import base64
import json

from django.urls import reverse

from gaoxin.core.pages import public_url
from gaoxin.documents import keys, signing
from gaoxin.documents.models import Document
from gaoxin.documents.pdf import document_pdf
from gaoxin.documents.selectors import ses_signature_der
from gaoxin.documents.verification import DOCUMENT_MARKER


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
    }
    return signing.sign_file(document_pdf(view, metadata=metadata), DOCUMENT_MARKER, document.id, key)
