"""The reason an administrator must give for an act that cannot be undone (吊销 a license, 注销 a seal): required,
and short enough for the audit trail and the public verification page that show it."""

from django.utils.translation import gettext as _

from gaoxin.core.errors import DomainError

REASON_MAX_LENGTH = 1000


def stated_reason(reason: str | None, *, missing: str) -> str:
    """The reason without surrounding blanks; `missing` is the error when there is none."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(missing, field="reason")
    if len(reason) > REASON_MAX_LENGTH:
        raise DomainError(_("理由不能超过 %(limit)d 个字") % {"limit": REASON_MAX_LENGTH}, field="reason")
    return reason
