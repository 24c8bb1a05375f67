"""Reads of licenses. Verification is public; the PDF only for the people rules.may_download names."""

from django.urls import reverse
from django.utils.translation import gettext as _

from gaoxin.accounts.models import ApplicantKind
from gaoxin.cases.models import Case
from gaoxin.certificates import rules
from gaoxin.certificates.models import License, LicenseState
from gaoxin.core.errors import NotFound


def license_public(license_id) -> License:
    license = License.objects.filter(pk=license_id).first()
    if license is None:
        raise NotFound(_("未找到该电子营业执照"))
    return license


def license_for_download(user, license_id) -> License:
    """The license, if the person may download it; otherwise a 404 that does not tell whose it is."""
    license = License.objects.select_related("case").filter(pk=license_id).first()
    if license is None or not rules.may_download(user, license):
        raise NotFound(_("未找到该电子营业执照"))
    return license


def license_of_case_out(case: Case) -> dict | None:
    """The license a case issued, as its detail (page and API) carries it."""
    license = License.objects.filter(case_id=case.pk).only("id", "number", "uscc", "revoked_at").first()
    if license is None:
        return None
    return {
        "id": license.id,
        "number": license.number,
        "uscc": license.uscc,
        "state": LicenseState.REVOKED if license.revoked_at else LicenseState.VALID,
        "pdf_url": reverse("license-pdf", args=[license.id]),
        "api_pdf_url": reverse("api:license-api-pdf", args=[license.id]),
        "verify_url": reverse("license-verify", args=[license.id]),
    }


def licenses_in_wallet(user) -> list[dict]:
    """The valid business licenses the platform issued on this applicant's cases, as the wallet lists them."""
    licenses = License.objects.filter(case__applicant=user, revoked_at__isnull=True).order_by("-issued_at")
    return [
        {"number": lic.number, "kind": "business_license", "uscc": lic.uscc, "company_name": lic.name}
        for lic in licenses
    ]


def license_of_applicant(case: Case) -> License | None:
    """The platform's valid business license of the applying company, by its USCC: it proves the case's 营业执照.

    A person's case proves none: a license is its company's (by USCC, as the wallet keeps a company's papers), and
    a person who set up two companies would otherwise hand in the first one's license for the second."""
    if case.applicant_kind != ApplicantKind.ENTERPRISE or not case.applicant_uscc:
        return None
    return License.objects.filter(revoked_at__isnull=True, uscc=case.applicant_uscc).order_by("-issued_at").first()
