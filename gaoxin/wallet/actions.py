"""Keeping a handed-in file in the applicant's wallet. Called by the case actions inside their transaction."""

from django.utils import timezone

from gaoxin.wallet.models import WalletDocument


def wallet_keep(*, owner, material_id: int, stored, case_number: str) -> WalletDocument:
    """The applicant's newest file for this material replaces the one kept before."""
    document, _ = WalletDocument.objects.update_or_create(
        owner=owner,
        material_id=material_id,
        defaults={
            "file": stored.file.name,
            "original_name": stored.original_name,
            "content_type": stored.content_type,
            "size": stored.size,
            "sha256": stored.sha256,
            "source_case_number": case_number,
            "kept_at": timezone.now(),
        },
    )
    return document
