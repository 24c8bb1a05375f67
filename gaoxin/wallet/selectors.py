"""What an applicant's wallet holds: materials handed in before and the platform's certificates about them."""

from django.db.models import QuerySet

from gaoxin.wallet.models import WalletDocument


def wallet_documents(user) -> QuerySet[WalletDocument]:
    return WalletDocument.objects.filter(owner=user).select_related("material")


def wallet_by_material(user, material_ids) -> dict[int, WalletDocument]:
    return {d.material_id: d for d in wallet_documents(user).filter(material_id__in=material_ids)}


def valid_licenses(user):
    """The platform's own business licenses issued on this applicant's cases and not revoked."""
    from gaoxin.certificates.models import License

    return License.objects.filter(case__applicant=user, revoked_at__isnull=True).order_by("-issued_at")
