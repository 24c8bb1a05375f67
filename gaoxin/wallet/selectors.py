"""What an applicant's wallet holds: materials handed in before and the platform's certificates about them."""

from datetime import date

from django.db.models import QuerySet

from gaoxin.catalog.models import ReuseScope
from gaoxin.wallet.models import WalletDocument
from gaoxin.wallet.rules import Subjects, fits


def wallet_documents(user) -> QuerySet[WalletDocument]:
    return WalletDocument.objects.filter(owner=user).select_related("material")


def wallet_offers(user, material_ids, subjects: Subjects, today: date) -> dict[int, WalletDocument]:
    """The kept document of each of these materials that fits a case of these subjects today (wallet.rules.fits)."""
    stated = {subjects.of(scope) for scope in ReuseScope} - {""}
    if not stated:
        return {}
    candidates = wallet_documents(user).filter(material_id__in=material_ids, subject__in=stated, valid_until__gte=today)
    return {d.material_id: d for d in candidates if fits(document=d, subjects=subjects, today=today)}
