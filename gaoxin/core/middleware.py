"""What the database cannot take becomes a clear answer: a database that went away is a 503 the client can act on
(retry later), never a 500 or a hang; text with a NUL character, which PostgreSQL refuses to store or compare, is a
400 before any view runs."""

import logging
import sys
from urllib.parse import unquote_to_bytes

from django.db.utils import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views import defaults

logger = logging.getLogger(__name__)

# What Django raises when PostgreSQL cannot be reached or dropped the connection mid-request.
DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5


def database_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
    """JSON {detail, code, field} for the API and programs; a short page for a browser asking for one. Neither renders
    a template: the site's templates read the logged-in user, which needs the database."""
    logger.warning("database unavailable for %s %s: %s", request.method, request.path, exc)
    message = _("服务暂时不可用（数据库无法连接），请稍后再试。")
    if _wants_html(request):
        response = HttpResponse(
            f'<!doctype html><html><head><meta charset="utf-8"><title>503</title></head>'
            f"<body><p>{escape(message)}</p></body></html>",
            status=503,
            content_type="text/html; charset=utf-8",
        )
    else:
        response = JsonResponse({"detail": message, "code": "unavailable", "field": None}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _wants_html(request: HttpRequest) -> bool:
    return not request.path_info.startswith("/api/") and "text/html" in request.headers.get("Accept", "")


class DatabaseUnavailableMiddleware:
    """Turns a database error raised by a view (pages; the API has its own handler in gaoxin/api.py) into a 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_DOWN):
            return database_unavailable(request, exception)
        return None


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500. A middleware that meets the dead database after the view (the session saved on every request)
    never reaches process_exception above: Django turns its exception into a 500 here, which stays a 503."""
    exc = sys.exc_info()[1]
    if isinstance(exc, DATABASE_DOWN):
        return database_unavailable(request, exc)
    return defaults.server_error(request)


class NulCharacterMiddleware:
    """Refuses a NUL character in the path, the query string, a JSON body or a form's fields, which would otherwise
    reach PostgreSQL as a code to look up or text to store (Django's CharField refuses it; a choice, a path
    parameter or an API field does not). Files are not looked at: NUL bytes are ordinary in a PDF or an image."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _holds_nul(request):
            message = _("请求中含有空字符（NUL），无法处理")
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": message, "code": "invalid", "field": None}, status=400)
            return HttpResponseBadRequest(escape(message), content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def _holds_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path or b"\x00" in unquote_to_bytes(request.META.get("QUERY_STRING", "")):
        return True
    if request.content_type == "application/json":
        return b"\x00" in request.body or b"\\u0000" in request.body
    if request.method == "POST" and request.content_type in (
        "multipart/form-data",
        "application/x-www-form-urlencoded",
    ):
        return any("\x00" in value for _name, values in request.POST.lists() for value in values)
    return False
