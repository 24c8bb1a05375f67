"""The public verification page of a document, and its download for whoever may see the case."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from gaoxin.core.pages import or_404, pdf_file_response
from gaoxin.documents import selectors
from gaoxin.documents.files import signed_document_pdf
from gaoxin.documents.verification import document_check, document_facts


def verify_page(request, document_id):
    """Anyone who scanned the QR code of a document: is it genuine, and is its seal in force?"""
    document = or_404(selectors.document_public, document_id)
    facts = document_facts(document, document_check(document))
    response = render(request, "documents/verify.html", {"document": facts})
    response["Cache-Control"] = "no-store"  # a seal can be revoked; never show a stale answer
    return response


@login_required
def document_download(request, document_id):
    document = or_404(selectors.document_for, request.user, document_id)
    # ?print=1 (the window's 打印 button for a walk-in) opens the file in the browser's viewer, to print it there.
    return pdf_response(document, as_attachment=request.GET.get("print") != "1")


def pdf_response(document, *, as_attachment: bool = True) -> HttpResponse:
    filename = f"{document.title}-{document.case.number}-{document.sequence}.pdf"
    return pdf_file_response(signed_document_pdf(document), filename, as_attachment=as_attachment)


urlpatterns = [
    path("verify/documents/<uuid:document_id>/", verify_page, name="document-verify"),
    path("documents/<uuid:document_id>/pdf/", document_download, name="document-pdf"),
]
