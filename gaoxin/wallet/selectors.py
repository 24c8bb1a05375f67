"""What an applicant's wallet holds: materials handed in before and the platform's certificates about them."""

from django.db.models import QuerySet

from gaoxin.wallet.models import WalletDocument


def wallet_documents(user) -> QuerySet[WalletDocument]:
    return WalletDocument.objects.filter(owner=user).select_related("material")


def wallet_by_material(user, material_ids) -> dict[int, WalletDocument]:
    return {d.material_id: d for d in wallet_documents(user).filter(material_id__in=material_ids)}
