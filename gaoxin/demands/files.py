"""A demand's file or a visit's photo as the answer to a request: asked only with one the person may see
(selectors.attachment_for, selectors.visit_photo_for), never through a public media URL."""

from django.http import FileResponse

from gaoxin.demands.models import Attachment


def attachment_response(attachment: Attachment) -> FileResponse:
    """Its own type and name (Content-Disposition), shown inline (a PDF, a photo) but never sniffed as anything else."""
    response = FileResponse(
        attachment.file.open("rb"), content_type=attachment.content_type, filename=attachment.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
