"""Limits before work (docs/decisions/0024-limits-before-work.md): a request body over its limit is refused before
any of it is read, and an upload from nobody is never written anywhere.

Two limits, from GAOXIN: REQUEST_MAX_BYTES for a multipart body (files and their form), BODY_MAX_BYTES for
everything else (JSON, a form). A body that states its length is judged on the number before a byte is read; a
chunked one (no length) is counted as it is read and refused the moment it passes the limit. Each uploaded file is
cut at UPLOAD_MAX_BYTES + 1 while it streams in, so no file larger than that reaches the temporary folder; the
checks of gaoxin/core/uploads.py then refuse it with their own message ("文件过大")."""

import io

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from gaoxin.core.api import bearer_user

MEGABYTE = 1024 * 1024


def body_limit(request: HttpRequest) -> int:
    if request.content_type == "multipart/form-data":
        return settings.GAOXIN["REQUEST_MAX_BYTES"]
    return settings.GAOXIN["BODY_MAX_BYTES"]


def refusal(request: HttpRequest, status: int, message: str, *, code: str = "invalid") -> HttpResponse:
    """The API's JSON error body, or the site's error page with the message for a person in a browser. The page is
    rendered without the database: a refusal made before the session is read must not need it."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": message, "code": code, "field": None}, status=status)
    submitted = request.method not in ("GET", "HEAD")
    html = render_to_string("refused.html", {"status": status, "message": message, "submitted": submitted})
    return HttpResponse(html, status=status, content_type="text/html; charset=utf-8")


def too_large(request: HttpRequest, limit: int) -> HttpResponse:
    if limit >= MEGABYTE:
        size = _("%(n)s MB") % {"n": limit // MEGABYTE}
    else:
        size = _("%(n)s KB") % {"n": limit // 1024}
    message = _("请求内容过大：上限 %(size)s。文件请逐个上传，每个不超过 %(upload)s MB。") % {
        "size": size,
        "upload": settings.GAOXIN["UPLOAD_MAX_BYTES"] // MEGABYTE,
    }
    return refusal(request, 413, message, code="too_large")


class BodyTooLarge(Exception):
    pass


def read_counted(stream, limit: int) -> bytes:
    """At most limit bytes of a chunked body; BodyTooLarge as soon as there is more."""
    kept = io.BytesIO()
    while True:
        chunk = stream.read(64 * 1024)
        if not chunk:
            return kept.getvalue()
        kept.write(chunk)
        if kept.tell() > limit:
            raise BodyTooLarge


class RequestSizeLimitMiddleware:
    """Right after the request id: nothing before it reads the body, and nothing after it reads one over the limit.

    Under WSGI Django reads CONTENT_LENGTH bytes and nothing else, so a chunked body (no length) would silently be
    empty; here it is read, counted, and handed on with its length — or refused at limit + 1 bytes. A chunked
    multipart body is refused (411): it could only be counted by holding up to REQUEST_MAX_BYTES in memory, and every
    browser and HTTP library states the length of an upload."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Before LocaleMiddleware: a refusal here is worded in the language the browser asks for, as the page would be.
        with translation.override(translation.get_language_from_request(request)):
            refused = self.refusal(request)
        return refused or self.get_response(request)

    def refusal(self, request) -> HttpResponse | None:
        limit = body_limit(request)
        length = request.META.get("CONTENT_LENGTH")
        if length:
            try:
                declared = int(length)
            except ValueError:
                return refusal(request, 400, _("请求头 Content-Length 无效"))
            if declared > limit:
                return too_large(request, limit)
        elif "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            if request.content_type == "multipart/form-data":
                return refusal(request, 411, _("上传文件时请求须注明长度（Content-Length）"), code="length_required")
            try:
                body = read_counted(request.META["wsgi.input"], limit)
            except BodyTooLarge:
                return too_large(request, limit)
            request.META["CONTENT_LENGTH"] = str(len(body))
            request._stream = io.BytesIO(body)
        return None


def uploader_is_known(request: HttpRequest) -> bool:
    """A user of the session, or of a bearer token: the API reads the token only when its view runs, but the body
    may be parsed earlier (a middleware looking at the form's text), so the token is looked up here first (once:
    the API's authentication takes the same answer)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    return bearer_user(request) is not None


def anonymous_uploads_allowed(request: HttpRequest) -> bool:
    return request.path_info.startswith(tuple(settings.GAOXIN["ANONYMOUS_UPLOAD_PATHS"]))


class LimitedUploadHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS. Files are taken from someone known, or where the platform takes uploads from
    anyone (GAOXIN["ANONYMOUS_UPLOAD_PATHS"]: a creditor's evidence against a public notice). From anybody else a
    multipart body larger than a form (BODY_MAX_BYTES) is not parsed at all (an empty form: the view answers nobody
    as it always does, with the login page or a 401), and a smaller one gives its fields (a login form may come as
    multipart) while its files are skipped as they stream past: not a byte of nobody's upload reaches disk. A file
    is passed on to the handlers that store it only up to UPLOAD_MAX_BYTES + 1 bytes: enough for check_upload to see
    that it is too large, never the hundreds of megabytes someone sent."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.takes_files = uploader_is_known(self.request) or anonymous_uploads_allowed(self.request)
        if not self.takes_files and content_length > settings.GAOXIN["BODY_MAX_BYTES"]:
            return QueryDict(encoding=encoding), MultiValueDict()
        return None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        if not self.takes_files:
            raise SkipFile

    def receive_data_chunk(self, raw_data, start):
        cap = settings.GAOXIN["UPLOAD_MAX_BYTES"] + 1
        if start >= cap:
            return None
        return raw_data[: cap - start]

    def file_complete(self, file_size):
        return None
