"""API conventions shared by every router: authentication, error bodies, the current user."""

import re
from datetime import date
from typing import Annotated

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema
from ninja.files import UploadedFile
from ninja.security import HttpBearer, django_auth
from ninja.security import SessionAuth as NinjaSessionAuth
from pydantic import BeforeValidator, Field, StringConstraints, WithJsonSchema

from gaoxin.core.errors import Forbidden


def user_for_token(token: str):
    """The active user a bearer token belongs to, or None. Tokens are the accounts app's (their table, their digest,
    the user's state), and core imports no app (gaoxin/core/layers.py): the app that keeps them offers the lookup as
    `user_for_token(token)` on its AppConfig, as apps offer their header entries (core/navigation.py)."""
    for config in apps.get_app_configs():
        lookup = getattr(config, "user_for_token", None)
        if lookup is not None:
            return lookup(token)
    raise ImproperlyConfigured("No installed app offers user_for_token: bearer tokens cannot be checked.")


def request_token_user(request: HttpRequest, token: str):
    """user_for_token, once per request and token: the upload handler asks before the body is parsed
    (gaoxin.core.limits), the API's authentication after."""
    looked_up = request.__dict__.setdefault("_token_users", {})
    if token not in looked_up:
        looked_up[token] = user_for_token(token)
    return looked_up[token]


class BearerToken(HttpBearer):
    def __init__(self, gate=None):
        super().__init__()
        self.gate = gate

    def authenticate(self, request: HttpRequest, token: str):
        user = request_token_user(request, token)
        if user is not None:
            request.user = user
            _pass(self.gate, request)
        return user


class SessionAuth(NinjaSessionAuth):
    """ninja's session authentication (its name, which the OpenAPI schema shows, kept) with an optional gate."""

    def __init__(self, gate=None):
        super().__init__()
        self.gate = gate

    def authenticate(self, request: HttpRequest, key):
        user = super().authenticate(request, key)
        if user is not None:
            _pass(self.gate, request)
        return user


def bearer_user(request: HttpRequest):
    """The account of the request's bearer token, or None (no token, or one that is not valid): for a public operation
    that names the person when a program says who it is, and takes nobody's session for it."""
    header = request.headers.get("Authorization", "")
    scheme, _space, token = header.partition(" ")
    token = token.strip()
    return request_token_user(request, token) if scheme.lower() == "bearer" and token else None


# Bearer tokens for programs; the browser's session (with CSRF) for the pages' own calls.
AUTH = [BearerToken(), django_auth]


def gated(gate) -> list:
    """AUTH, then gate(user, **path parameters), which raises NotFound or Forbidden for a person refused, or returns
    the object it fetched to decide; the operation finds it as request.gated and need not read it again.

    Ninja authenticates an operation before it reads its parameters and body, so a person refused here gets the
    403 or 404 of gaoxin/core/access.py, never a 422 about a body they had no business sending, nor a 409 about a
    state they had no business knowing. The path parameters come as the URL gave them (strings, ints)."""
    return [BearerToken(gate), SessionAuth(gate)]


def _pass(gate, request: HttpRequest) -> None:
    if gate is not None:
        request.gated = gate(request.user, **request.resolver_match.kwargs)


def require(allowed: bool, reason: str) -> None:
    """A gate's refusal of a person who may see the object but not do this, with the reason the action would give."""
    if not allowed:
        raise Forbidden(reason)


class ErrorOut(Schema):
    """Every error answer: a Chinese message, a machine code and the field it concerns."""

    detail: str
    code: str
    field: str | None
    # Every field that is wrong: by path (form.shareholders.1.id_number) when an action checks a form (400), or the
    # schema validator's own list of problems (422).
    errors: dict[str, str] | list[dict] | None = None


ERRORS = {status: ErrorOut for status in (400, 401, 403, 404, 409, 422, 429)}


# Every text a request carries has a stated maximum (docs/decisions/0024-limits-before-work.md): a line (a name, a
# code, a phone number) at most 200 characters and without a line break, unless its column is narrower; a text (a
# note, a reason, a description) at most 5000.
ONE_LINE = r"^[^\r\n]*$"
TEXT_MAX = 5000


def line(max_length: int = 200):
    """One line of at most max_length characters: give the column's own length where it is narrower than 200."""
    return Annotated[str, StringConstraints(max_length=max_length, pattern=ONE_LINE)]


def text(max_length: int = TEXT_MAX):
    """A text of at most max_length characters, line breaks allowed."""
    return Annotated[str, StringConstraints(max_length=max_length)]


Line = line()
Text = text()
# A whole number a request may give for a count or a version: within a 32-bit column of either database.
Count = Annotated[int, Field(ge=0, le=2_147_483_647)]

# A year a request may name: dates built from it stay within what Python and both databases hold.
FIRST_YEAR, LAST_YEAR = 1900, 2100
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
# Where a page starts: a database refuses an OFFSET past 2**63, so the schema stops well before.
Offset = Annotated[int, Field(ge=0, le=1_000_000_000)]

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _written_as_a_date(value):
    """Pydantic would read a number (or a numeric string) as a Unix timestamp; a date in this API is YYYY-MM-DD."""
    if not isinstance(value, date) and not (isinstance(value, str) and ISO_DATE.fullmatch(value)):
        raise ValueError(_("日期格式应为 2021-03-15"))
    return value


# A day a request names, written YYYY-MM-DD.
Day = Annotated[date, BeforeValidator(_written_as_a_date)]
# An empty part is no file to Django's multipart parser, so the schema asks for at least one byte.
NonEmptyUpload = Annotated[UploadedFile, WithJsonSchema({"type": "string", "format": "binary", "minLength": 1})]


# What a request's value is wrong with, in the person's language: pydantic words it in English ("Input should be a
# valid integer, unable to parse string as an integer"), which no applicant should have to read.
VALUE_PROBLEMS = {
    "missing": gettext_lazy("必须填写"),
    "int_parsing": gettext_lazy("应为整数"),
    "int_type": gettext_lazy("应为整数"),
    "int_from_float": gettext_lazy("应为整数"),
    "float_parsing": gettext_lazy("应为数字"),
    "float_type": gettext_lazy("应为数字"),
    "decimal_parsing": gettext_lazy("应为数字"),
    "bool_parsing": gettext_lazy("应为 true 或 false"),
    "bool_type": gettext_lazy("应为 true 或 false"),
    "string_type": gettext_lazy("应为文字"),
    "uuid_parsing": gettext_lazy("应为 UUID 格式的标识"),
    "uuid_type": gettext_lazy("应为 UUID 格式的标识"),
    "date_parsing": gettext_lazy("应为日期，如 2026-12-02"),
    "date_from_datetime_parsing": gettext_lazy("应为日期，如 2026-12-02"),
    "datetime_parsing": gettext_lazy("应为日期时间，如 2026-12-02T09:30:00+08:00"),
    "datetime_from_date_parsing": gettext_lazy("应为日期时间，如 2026-12-02T09:30:00+08:00"),
    "list_type": gettext_lazy("应为列表"),
    "dict_type": gettext_lazy("应为对象"),
    "model_type": gettext_lazy("应为对象"),
    "model_attributes_type": gettext_lazy("应为对象"),
    "json_invalid": gettext_lazy("不是有效的 JSON"),
    "enum": gettext_lazy("不是可选的值"),
    "literal_error": gettext_lazy("不是可选的值"),
    "string_pattern_mismatch": gettext_lazy("只能是一行文字，不能换行"),
}
LIMIT_PROBLEMS = {
    "greater_than": (gettext_lazy("应大于 %(limit)s"), "gt"),
    "greater_than_equal": (gettext_lazy("应不小于 %(limit)s"), "ge"),
    "less_than": (gettext_lazy("应小于 %(limit)s"), "lt"),
    "less_than_equal": (gettext_lazy("应不大于 %(limit)s"), "le"),
    "string_too_short": (gettext_lazy("至少 %(limit)s 个字"), "min_length"),
    "string_too_long": (gettext_lazy("不能超过 %(limit)s 个字"), "max_length"),
    "too_short": (gettext_lazy("至少 %(limit)s 项"), "min_length"),
    "too_long": (gettext_lazy("不能超过 %(limit)s 项"), "max_length"),
}


def value_problem(error: dict) -> str:
    """One pydantic error of a request in words a person reads; its own message where we have none (a validator
    of ours raises in Chinese already)."""
    kind = error.get("type", "")
    if kind == "value_error":  # pydantic prefixes our message with "Value error, "
        return str((error.get("ctx") or {}).get("error") or error.get("msg", ""))
    if kind in VALUE_PROBLEMS:
        return str(VALUE_PROBLEMS[kind])
    if kind in LIMIT_PROBLEMS:
        message, key = LIMIT_PROBLEMS[kind]
        return str(message) % {"limit": (error.get("ctx") or {}).get(key, "")}
    return str(error.get("msg", ""))
