from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header

from gaoxin.core import access
from gaoxin.core.audit_log import AuditFilters, audit_events, audit_export, subject_types
from gaoxin.core.pages import login_and

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def healthz(request):
    """For load balancers and the operator: is the application up, and can it reach its database?"""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def is_audit_administrator(user) -> bool:
    return user.role == access.AUDIT_ADMIN


@login_and(is_audit_administrator)
def audit_log(request):
    """审计记录: the audit administrator's page of the trail, with filters and an Excel export."""
    filters = AuditFilters.from_query(request.GET)
    if request.GET.get("export") == "xlsx":
        response = HttpResponse(audit_export(filters, reader=request.user), content_type=XLSX)
        name = f"audit-{timezone.localdate():%Y%m%d}.xlsx"
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response
    page = Paginator(audit_events(filters), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "filters": filters, "subject_types": subject_types(), "query": query.urlencode()}
    return render(request, "core/audit_log.html", context)
