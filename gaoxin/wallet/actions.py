"""Keeping a handed-in file in the applicant's wallet. Called by the case actions inside their transaction."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from gaoxin.core import sql
from gaoxin.wallet.models import WalletDocument


def wallet_keep(*, owner, material_id: int, stored, case_number: str) -> None:
    """The applicant's newest file for this material replaces the one kept before.

    Update first: after an applicant's first case the row almost always exists, and one UPDATE is the cheapest
    write on this hot path (every upload passes here)."""
    fields = {
        "file": stored.file.name,
        "original_name": stored.original_name,
        "content_type": stored.content_type,
        "size": stored.size,
        "sha256": stored.sha256,
        "source_case_number": case_number,
        "kept_at": timezone.now(),
    }
    if _replace_kept(owner, material_id, fields):
        return
    try:
        with transaction.atomic():
            WalletDocument.objects.create(owner=owner, material_id=material_id, **fields)
    except IntegrityError:  # another case of the same applicant kept this material first
        _replace_kept(owner, material_id, fields)


def _replace_kept(owner, material_id: int, fields: dict) -> bool:
    """One UPDATE in plain SQL: the ORM's query building cost several times this statement (gaoxin.core.sql)."""
    columns = ", ".join(f"{name} = %s" for name in fields)
    values = [sql.db_value(WalletDocument, name, value) for name, value in fields.items()]
    return bool(
        sql.execute(
            f"UPDATE wallet_walletdocument SET {columns} WHERE owner_id = %s AND material_id = %s",
            [*values, owner.pk, material_id],
        )
    )
