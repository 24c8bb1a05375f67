"""API conventions shared by every router: authentication, error bodies, the current user."""

from django.http import HttpRequest
from ninja import Schema
from ninja.security import HttpBearer, django_auth

from gaoxin.accounts.actions import user_for_token


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


# Bearer tokens for programs; the browser's session (with CSRF) for the pages' own calls.
AUTH = [BearerToken(), django_auth]


class ErrorOut(Schema):
    """Every error answer: a Chinese message, a machine code and the field it concerns."""

    detail: str
    code: str
    field: str | None


ERRORS = {status: ErrorOut for status in (400, 401, 403, 404, 409, 422, 429)}
