"""What the database cannot take becomes a clear answer: a database that went away is a 503 the client can act on
(retry later), never a 500 or a hang; text with a NUL character or a lone surrogate, which no database stores, is a
400 before any view runs."""

import json
import logging
import sys
from urllib.parse import unquote_to_bytes

from django.db.utils import DataError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views import defaults

from gaoxin.core.errors import DomainError
from gaoxin.core.limits import refusal
from gaoxin.core.text import LONE_SURROGATE

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


# What a database or Python says of a value it cannot hold: PostgreSQL's DataError (text longer than its column, a
# number or a date out of its type's range), SQLite's OverflowError (an integer past 64 bits), date arithmetic's
# OverflowError. A request that reaches one carried a value no rule stopped: it is bad input, a 400, not a 500.
OUT_OF_RANGE = (DataError, OverflowError)


def out_of_range(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.warning("value out of range for %s %s: %s", request.method, request.path, exc)
    return refusal(request, 400, _("输入的文字过长，或数字、日期超出允许的范围，请检查后重试"))


class BadInputMiddleware:
    """The pages' last word on bad input (the API has its handlers in gaoxin/api.py): a DomainError a view did not
    catch (a ?year= out of range) is its 4xx with its message, a value out of range a 400 (OUT_OF_RANGE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DomainError):
            return refusal(request, exception.status, exception.message, code=exception.code)
        if isinstance(exception, OUT_OF_RANGE):
            return out_of_range(request, exception)
        return None


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500. A middleware that meets the dead database after the view (the session saved on every request)
    never reaches process_exception above: Django turns its exception into a 500 here, which stays a 503."""
    exc = sys.exc_info()[1]
    if isinstance(exc, DATABASE_DOWN):
        return database_unavailable(request, exc)
    return defaults.server_error(request)


class UnreadableTextMiddleware:
    """After the session and the user are known (a multipart body is parsed here, and its upload handler needs to
    know who sends it: gaoxin/core/limits.py): refuses text no database can take — a NUL character (PostgreSQL
    refuses it in text) or a lone UTF-16 surrogate (no UTF-8 encoder writes it: SQLite, PostgreSQL and the page
    that would show it all fail) — in the path, the query string, a JSON body or a form's fields, before any view
    takes it as a code to look up or text to store. A JSON body too deeply nested to read is refused here as well.
    Files are not looked at: NUL bytes are ordinary in a PDF or an image."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = _text_problem(request)
        if problem:
            return refusal(request, 400, problem)
        return self.get_response(request)


def _text_problem(request: HttpRequest) -> str | None:
    texts = [request.path, *_values(request.GET)]
    if request.content_type == "application/json":
        try:
            texts.extend(list(_json_strings(json.loads(request.body or b"null"))))
        except RecursionError:
            return _("请求数据嵌套过深，无法处理")
        except ValueError:
            pass  # not JSON at all: the API's schema refuses it in its own words
    elif request.method == "POST" and request.content_type in (
        "multipart/form-data",
        "application/x-www-form-urlencoded",
    ):
        texts.extend(_values(request.POST))
    if "\x00" in unquote_to_bytes(request.META.get("QUERY_STRING", "")).decode("latin-1"):
        return _nul_message()
    for text in texts:
        if "\x00" in text:
            return _nul_message()
        if LONE_SURROGATE.search(text):
            return _("请求中含有无法识别的字符（不成对的 UTF-16 代理项），请删除后重试")
    return None


def _nul_message() -> str:
    return _("请求中含有空字符（NUL），无法处理")


def _values(query) -> list[str]:
    return [text for name, values in query.lists() for text in (name, *values)]


def _json_strings(value):
    """Every key and string of a parsed JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)
