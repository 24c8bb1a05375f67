"""Keeping a handed-in file in the applicant's wallet. Called by the case actions inside their transaction."""

from django.db import IntegrityError, transaction
from django.utils import timezone

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
    kept = WalletDocument.objects.filter(owner=owner, material_id=material_id)
    if kept.update(**fields):
        return
    try:
        with transaction.atomic():
            WalletDocument.objects.create(owner=owner, material_id=material_id, **fields)
    except IntegrityError:  # another case of the same applicant kept this material first
        kept.update(**fields)
