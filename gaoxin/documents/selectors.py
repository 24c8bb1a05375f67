"""Reads of documents and seals. Verification is public; a document's file is for whoever may see its case."""

import base64
import binascii

from django.db import DatabaseError
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from gaoxin.cases.selectors import cases_visible_to
from gaoxin.core.errors import NotFound
from gaoxin.documents import crypto, keys, ses
from gaoxin.documents.models import Document, Seal, SealKey


def document_list_out(case_id) -> list[dict]:
    """A case's documents as its pages and the API list them, oldest first."""
    documents = Document.objects.filter(case_id=case_id).select_related("seal").order_by("issued_at", "number")
    return [document_brief(document) for document in documents]


def document_brief(document: Document) -> dict:
    return {
        "id": document.id,
        "kind": document.kind,
        "kind_display": document.get_kind_display(),
        "title": document.title,
        "number": document.number,
        "issued_at": document.issued_at,
        "task_id": document.task_id,
        "authority": document.seal.authority,
        "pdf_url": reverse("document-pdf", args=[document.id]),
        "api_pdf_url": reverse("api:document-api-pdf", args=[document.id]),
        "verify_url": reverse("document-verify", args=[document.id]),
    }


def document_for(user, document_id) -> Document:
    """The document, if its case is one the person may see; otherwise a 404 that does not tell whose it is."""
    document = (
        Document.objects.select_related("seal", "case")
        .filter(pk=document_id, case__in=cases_visible_to(user).values("pk"))
        .first()
    )
    if document is None:
        raise NotFound(_("未找到该文书"))
    return document


def document_public(document_id) -> Document:
    document = Document.objects.select_related("seal", "case").filter(pk=document_id).first()
    if document is None:
        raise NotFound(_("未找到该文书"))
    return document


def ses_signature_der(document: Document) -> bytes:
    """The document's GB/T 38540 SES_Signature, rebuilt from its row and the seal as made with its key; ValueError
    when that seal key is gone or the stored value is not Base64."""
    seal_key = SealKey.objects.filter(seal_id=document.seal_id, key_id=document.key_id).first()
    if seal_key is None:
        raise ValueError(f"the seal has no record of the key {document.key_id}")
    try:
        signature = base64.b64decode(document.ses_signature_value, validate=True)
    except binascii.Error as error:
        raise ValueError(f"the signature value is not Base64: {error}") from None
    return ses.signature_der(
        seal=bytes(seal_key.ses_seal),
        signed_at=document.issued_at,
        data=document.payload.encode("utf-8"),
        property_info=document.ses_property_info,
        cert=bytes(seal_key.certificate),
        signature_oid=crypto.load_public_key_pem(seal_key.public_key).signature_oid,
        signature=signature,
    )


def trusted_key(key_id: str) -> crypto.PublicKey | None:
    """The public key of one of the platform's seals (current or retired) named `key_id`, or None."""
    try:
        # The seals that have signed with this key, and the approval seals (a license is signed with their key
        # before any document is): the others' keys need not be loaded.
        seals = list(Seal.objects.filter(Q(keys__key_id=key_id) | Q(department__isnull=True)).distinct())
    except DatabaseError:
        seals = []  # offline (certificate_verify without a database): the configured keys still count
    return keys.trusted_public_key(key_id, seals)


def seals_public() -> list[dict]:
    """Every seal with the public keys it has signed with: what a third party needs to check a file offline."""
    seals = Seal.objects.prefetch_related("keys").order_by("department_id", "code")
    return [
        {
            "code": seal.code,
            "authority": seal.authority,
            "purpose": seal.purpose,
            "algorithm": seal.algorithm,
            "valid_from": seal.valid_from,
            "valid_until": seal.valid_until,
            "revoked_at": seal.revoked_at,
            "keys": [
                {"key_id": key.key_id, "public_key": key.public_key, "created_at": key.created_at}
                for key in seal.keys.all()
            ],
        }
        for seal in seals
    ]
