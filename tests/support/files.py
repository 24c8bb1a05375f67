"""Small real files for upload tests."""

from django.core.files.uploadedfile import SimpleUploadedFile

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf(name: str = "材料.pdf", extra: bytes = b"") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, MINIMAL_PDF + extra, content_type="application/pdf")


def text_file(name: str = "fake.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"this is not a pdf at all", content_type="application/pdf")
