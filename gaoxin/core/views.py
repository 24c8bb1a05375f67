from django.db import DatabaseError, connection
from django.http import JsonResponse


def healthz(request):
    """For load balancers and the operator: is the application up, and can it reach its database?"""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
