"""Reads of documents and seals. Verification is public; a document's file is for whoever may see its case."""

from django.db import DatabaseError
from django.urls import reverse
from django.utils.translation import gettext as _

from gaoxin.cases.selectors import cases_visible_to
from gaoxin.core.errors import NotFound
from gaoxin.documents import crypto, keys
from gaoxin.documents.models import Document, Seal


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


def trusted_key(key_id: str) -> crypto.PublicKey | None:
    """The public key of one of the platform's seals (current or retired) named `key_id`, or None."""
    try:
        seals = list(Seal.objects.all())
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
