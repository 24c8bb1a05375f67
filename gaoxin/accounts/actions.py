import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.accounts import throttle
from gaoxin.accounts.models import ApiToken, Role, TokenRevocation, User
from gaoxin.core.audit import audit_record
from gaoxin.core.clients import client_address
from gaoxin.core.errors import DomainError

# last_used_at is written at most this often per token: a program calling the API many times a second should not
# turn each read into a write.
LAST_USED_PRECISION = timedelta(minutes=1)


class BadCredentials(DomainError):
    status = 401
    code = "bad_credentials"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_issue(*, request, username: str, password: str) -> tuple[str, datetime]:
    """Check the credentials behind the login throttle (the authentication backend) and return a new bearer token and
    when it expires; 429 while the username is locked for this address or everywhere."""
    user = authenticate(request, username=username, password=password)
    if user is None:
        if (refused := throttle.refusal(request)) is not None:
            raise refused
        raise BadCredentials(_("用户名或密码错误"), field="password")
    throttle.login_succeeded(request, user)
    return token_issue_for(user, address=client_address(request))


def token_issue_for(user: User, *, address: str = "") -> tuple[str, datetime]:
    """A new bearer token for an account whose sign-in has been checked, and when it expires."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        issued = ApiToken.objects.create(
            user=user,
            digest=token_digest(token),
            password_stamp=user.get_session_auth_hash(),
            expires_at=timezone.now() + token_lifetime(user),
        )
        issued_data = {"token": issued.pk, "expires_at": issued.expires_at.isoformat(), "remote_addr": address}
        _audit_tokens(user, user, "token_issue", issued_data)
    return token, issued.expires_at


def token_lifetime(user: User) -> timedelta:
    hours = settings.GAOXIN["TOKEN_HOURS_APPLICANT" if user.role == Role.APPLICANT else "TOKEN_HOURS_STAFF"]
    return timedelta(hours=hours)


def user_for_token(token: str) -> User | None:
    """The account a live token belongs to: not expired, not revoked, the account active and on the password the
    token was issued under."""
    now = timezone.now()
    found = (
        ApiToken.objects.select_related("user", "user__department")
        .filter(digest=token_digest(token), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if found is None or not found.user.is_active or found.password_stamp != found.user.get_session_auth_hash():
        return None
    if found.last_used_at is None or found.last_used_at < now - LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
    return found.user


def tokens_revoke(*, user: User, actor: User | None, why: str, digest: str | None = None) -> int:
    """End the account's live tokens (or only the one with this digest); returns how many ended. Audited on the
    account's chain, as their issue is."""
    with transaction.atomic():
        live = ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=timezone.now())
        if digest is not None:
            live = live.filter(digest=digest)
        ids = list(live.values_list("pk", flat=True))
        if ids:
            ApiToken.objects.filter(pk__in=ids).update(revoked_at=timezone.now(), revoked_why=why)
            _audit_tokens(user, actor, "token_revoke", {"tokens": ids, "why": why})
    return len(ids)


def account_role_changed(*, user: User, actor: User, was: str) -> None:
    """A role changed (安全审计: role changes are recorded): on the account's chain; the account's tokens end, so the
    new role's rights start with a new sign-in."""
    with transaction.atomic():
        changed = {"from_state": was, "to_state": user.role}
        audit_record(subject_type="user", subject_id=user.pk, actor=actor, action="role_change", **changed)
        tokens_revoke(user=user, actor=actor, why=TokenRevocation.ROLE_CHANGED)


def _audit_tokens(user: User, actor: User | None, action: str, data: dict) -> None:
    audit_record(subject_type="user", subject_id=user.pk, actor=actor, action=action, data=data)


def tokens_revoke_on_logout(sender, request, user, **kwargs) -> None:
    """Django's logout signals it (the login pages are Django's): leaving the site ends the account's programs'
    tokens too, as 等保's 会话结束 asks."""
    if user is not None:
        tokens_revoke(user=user, actor=user, why=TokenRevocation.LOGOUT)
