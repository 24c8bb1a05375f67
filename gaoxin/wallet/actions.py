"""Keeping a handed-in file in the applicant's wallet. Called by the case actions inside their transaction."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from gaoxin.catalog.models import MaterialKind
from gaoxin.core import sql
from gaoxin.wallet.models import WalletDocument
from gaoxin.wallet.rules import Subjects, kept_subject, reusable_until


def wallet_keep(*, owner, material: MaterialKind, stored, case_number: str, subjects: Subjects) -> None:
    """The applicant's newest file for this material and subject replaces the one kept before. A form or a paper
    for one case only, or one whose subject the case does not state, is not kept (wallet.rules).

    Update first: after an applicant's first case the row almost always exists, and one UPDATE is the cheapest
    write on this hot path (every upload passes here)."""
    subject = kept_subject(material, subjects)
    if not subject:
        return
    now = timezone.now()
    fields = {
        "file": stored.file.name,
        "original_name": stored.original_name,
        "content_type": stored.content_type,
        "size": stored.size,
        "sha256": stored.sha256,
        "source_case_number": case_number,
        "kept_at": now,
        "valid_until": reusable_until(material, timezone.localdate(now)),
    }
    if _replace_kept(owner, material.pk, subject, fields):
        return
    try:
        with transaction.atomic():
            WalletDocument.objects.create(owner=owner, material_id=material.pk, subject=subject, **fields)
    except IntegrityError:  # another case of the same applicant kept this material first
        _replace_kept(owner, material.pk, subject, fields)


def _replace_kept(owner, material_id: int, subject: str, fields: dict) -> bool:
    """One UPDATE in plain SQL: the ORM's query building cost several times this statement (gaoxin.core.sql)."""
    columns = ", ".join(f"{name} = %s" for name in fields)
    values = [sql.db_value(WalletDocument, name, value) for name, value in fields.items()]
    return bool(
        sql.execute(
            f"UPDATE wallet_walletdocument SET {columns} WHERE owner_id = %s AND material_id = %s AND subject = %s",
            [*values, owner.pk, material_id, subject],
        )
    )
