"""Serving a case's uploaded files to the people who may see the case, and nobody else."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.urls import path

from gaoxin.cases import selectors
from gaoxin.cases.models import MaterialFile
from gaoxin.core.pages import or_404


@login_required
def case_file(request, case_id, file_id):
    case = or_404(selectors.case_for, request.user, case_id)
    stored = MaterialFile.objects.filter(pk=file_id, case_material__case=case).first()
    if stored is None:
        raise Http404
    response = FileResponse(stored.file.open("rb"), content_type=stored.content_type, filename=stored.original_name)
    # Shown inline (PDF, images) but never sniffed as anything else.
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns = [path("cases/<uuid:case_id>/files/<uuid:file_id>/", case_file, name="case-file")]
