"""The public verification page and the license download."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from gaoxin.certificates import selectors
from gaoxin.certificates.pdf import license_pdf
from gaoxin.certificates.verification import license_check, license_facts
from gaoxin.core.pages import or_404, pdf_file_response


def verify_page(request, license_id):
    """Anyone, logged in or not, who scanned the QR code: is this license genuine and in force?"""
    license = or_404(selectors.license_public, license_id)
    check = license_check(license)
    response = render(request, "certificates/verify.html", {"license": license_facts(license, check)})
    response["Cache-Control"] = "no-store"  # the state can change (revocation); never show a stale answer
    return response


@login_required
def license_download(request, license_id):
    license = or_404(selectors.license_for_download, request.user, license_id)
    return pdf_response(license)


def pdf_response(license) -> HttpResponse:
    return pdf_file_response(license_pdf(license), f"营业执照-{license.name}-{license.number}.pdf")


urlpatterns = [
    path("verify/<uuid:license_id>/", verify_page, name="license-verify"),
    path("licenses/<uuid:license_id>/pdf/", license_download, name="license-pdf"),
]
