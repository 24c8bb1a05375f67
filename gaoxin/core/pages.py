"""What every app's page views share."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from gaoxin.core.api import FIRST_YEAR, LAST_YEAR
from gaoxin.core.errors import DomainError, NotFound


def login_and(rule):
    """A view decorator: logged in (else the login page), then rule(user), else the 404 of a page that is not for
    this person (gaoxin/core/access.py)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not rule(request.user):
                raise Http404
            return view(request, *args, **kwargs)

        return guarded

    return decorator


def or_404(read, *args, **kwargs):
    """read(*args, **kwargs), a selector that raises NotFound for a person who may not see the thing: a page answers
    Django's 404 page for it, where the API answers its JSON 404."""
    try:
        return read(*args, **kwargs)
    except NotFound:
        raise Http404 from None


def pdf_file_response(data: bytes, filename: str, *, as_attachment: bool = True) -> HttpResponse:
    """A signed PDF for its reader: never cached (a license or seal may be revoked), never sniffed as anything else."""
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def public_url(path: str) -> str:
    """The full address of a path of ours as people reach the platform (GAOXIN["PUBLIC_BASE_URL"]): what a QR code
    or a printed verification address says."""
    return settings.GAOXIN["PUBLIC_BASE_URL"].rstrip("/") + path


def query_year(text, default=None) -> int | None:
    """A page's ?year=: default when absent or not a number; a year outside FIRST_YEAR..LAST_YEAR (the API's Year)
    is a 400 with the reason (core.middleware.BadInputMiddleware), never a date Python or a database cannot hold."""
    try:
        year = int(text)
    except (TypeError, ValueError):
        return default
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DomainError(
            _("年份应在 %(first)s 至 %(last)s 之间") % {"first": FIRST_YEAR, "last": LAST_YEAR}, field="year"
        )
    return year
