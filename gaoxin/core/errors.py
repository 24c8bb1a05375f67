"""Errors that actions raise for a person's mistake; the API and pages turn them into messages."""

from django.utils.translation import gettext as _


class DomainError(Exception):
    """Bad input or a request the rules refuse. Carries a Chinese message and, where known, the field."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Forbidden(DomainError):
    """The person may see the object but not do this to it."""

    status = 403
    code = "forbidden"


class Conflict(DomainError):
    """The object changed under the request (someone else acted first) or the transition is not allowed now."""

    status = 409
    code = "conflict"


class TooManyRequests(DomainError):
    status = 429
    code = "throttled"

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class FieldErrors(DomainError):
    """Several fields of one form are wrong: every one is named at once, each with its own message (by path)."""

    def __init__(self, errors: dict[str, str]):
        first = next(iter(errors))
        message = errors[first]
        if len(errors) > 1:
            message = _("%(first)s（共 %(count)d 处需要修改）") % {"first": message, "count": len(errors)}
        super().__init__(message, field=first)
        self.errors = errors
