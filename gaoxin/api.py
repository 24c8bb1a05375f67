"""The JSON API under /api/, one router per domain app."""

from functools import wraps

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from gaoxin.accounts.api import router as accounts_router
from gaoxin.accounts.models import Role
from gaoxin.cases.api import cases_router, extensions_router, notices_router, tasks_router
from gaoxin.catalog.api import router as catalog_router
from gaoxin.certificates.api import router as certificates_router
from gaoxin.cockpit.api import router as cockpit_router
from gaoxin.core.api import value_problem
from gaoxin.core.errors import DomainError, FieldErrors, TooManyRequests
from gaoxin.core.middleware import DATABASE_DOWN, OUT_OF_RANGE, database_unavailable, out_of_range
from gaoxin.core.pages import login_and
from gaoxin.demands.api import router as demands_router
from gaoxin.documents.api import case_router as case_documents_router
from gaoxin.documents.api import router as documents_router
from gaoxin.economy.api import router as economy_router
from gaoxin.identity.api import router as identity_router
from gaoxin.notifications.api import router as notifications_router
from gaoxin.projects.api import router as projects_router
from gaoxin.ratings.api import router as ratings_router
from gaoxin.wallet.api import router as wallet_router
from gaoxin.workdays.api import router as workdays_router


def docs_for_staff_in_production(view):
    """The API's docs and schema map every route of the platform: in production only staff read them (the login
    page for nobody logged in, a 404 for an applicant); in development everyone does."""
    staff_only = login_and(lambda user: user.role != Role.APPLICANT)(view)

    @wraps(view)
    def guarded(request, *args, **kwargs):
        chosen = view if settings.GAOXIN["DEVELOPMENT"] else staff_only
        return chosen(request, *args, **kwargs)

    return guarded


api = NinjaAPI(
    title="高新 Gaoxin API",
    version="1",
    description="开发区政务服务、重点项目与经济运行平台的 JSON 接口。错误返回 {detail, code, field}。",
    urls_namespace="api",
    docs_decorator=docs_for_staff_in_production,
)

api.add_router("/auth", accounts_router)
api.add_router("/validate", identity_router)
api.add_router("/calendar", workdays_router)
api.add_router("/catalog", catalog_router)
api.add_router("/cases", cases_router)
api.add_router("/cases", case_documents_router)
api.add_router("/documents", documents_router)
api.add_router("/tasks", tasks_router)
api.add_router("/extensions", extensions_router)
api.add_router("/notices", notices_router)
api.add_router("/ratings", ratings_router)
api.add_router("/certificates", certificates_router)
api.add_router("/wallet", wallet_router)
api.add_router("/projects", projects_router)
api.add_router("/economy", economy_router)
api.add_router("/demands", demands_router)
api.add_router("/cockpit", cockpit_router)
api.add_router("/notifications", notifications_router)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    body = {"detail": exc.message, "code": exc.code, "field": exc.field}
    if isinstance(exc, FieldErrors):
        body["errors"] = exc.errors
    response = api.create_response(request, body, status=exc.status)
    if isinstance(exc, TooManyRequests):
        response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(NinjaValidationError)
def validation_error(request, exc: NinjaValidationError):
    first = exc.errors[0] if exc.errors else {}
    location = [str(part) for part in first.get("loc", []) if part not in ("body", "query", "path", "form", "payload")]
    field = ".".join(location) or None
    message = (
        _("字段 %(field)s 无效：%(problem)s") % {"field": field, "problem": value_problem(first)}
        if field
        else _("请求数据无效")
    )
    return api.create_response(
        request, {"detail": message, "code": "invalid", "field": field, "errors": exc.errors}, status=422
    )


@api.exception_handler(AuthenticationError)
def not_authenticated(request, exc):
    return api.create_response(
        request, {"detail": _("未登录或令牌无效"), "code": "unauthenticated", "field": None}, status=401
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("未找到"), "code": "not_found", "field": None}, status=404)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    return api.create_response(request, {"detail": str(exc), "code": "error", "field": None}, status=exc.status_code)


# Ninja catches a view's exceptions before any middleware sees them: a database that went away answers 503 here too.
for database_error in DATABASE_DOWN:
    api.add_exception_handler(database_error, database_unavailable)
for range_error in OUT_OF_RANGE:
    api.add_exception_handler(range_error, out_of_range)


@csrf_exempt  # it changes nothing, and a POST to a wrong path should hear "not found", not "CSRF"
def unknown_path(request):
    """A path under /api/ no route matches (a malformed UUID, a typo) answers the API's JSON 404, not the HTML page."""
    return not_found(request, None)
