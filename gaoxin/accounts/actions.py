import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gaoxin.accounts.models import ApiToken, LoginFailure, Role, TokenRevocation, User
from gaoxin.core.audit import audit_record
from gaoxin.core.errors import DomainError, TooManyRequests

# last_used_at is written at most this often per token: a program calling the API many times a second should not
# turn each read into a write.
LAST_USED_PRECISION = timedelta(minutes=1)


class BadCredentials(DomainError):
    status = 401
    code = "bad_credentials"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_issue(*, username: str, password: str, remote_addr: str | None = None) -> tuple[str, datetime]:
    """Check the credentials and return a new bearer token and when it expires; refuse after repeated failures."""
    limit = settings.GAOXIN["LOGIN_FAILURE_LIMIT"]
    window = timedelta(seconds=settings.GAOXIN["LOGIN_FAILURE_WINDOW_SECONDS"])
    since = timezone.now() - window
    failures = LoginFailure.objects.filter(username=username, at__gte=since)
    if failures.count() >= limit:
        oldest = failures.order_by("at").values_list("at", flat=True)[0]
        retry_after = max(1, int((oldest + window - timezone.now()).total_seconds()))
        minutes = retry_after // 60 + 1
        raise TooManyRequests(
            ngettext(
                "登录失败次数过多，请 %(minutes)s 分钟后再试", "登录失败次数过多，请 %(minutes)s 分钟后再试", minutes
            )
            % {"minutes": minutes},
            retry_after=retry_after,
        )
    user = authenticate(username=username, password=password)
    if user is None:
        LoginFailure.objects.create(username=username, remote_addr=remote_addr, at=timezone.now())
        raise BadCredentials(_("用户名或密码错误"), field="password")
    with transaction.atomic():
        LoginFailure.objects.filter(username=username).delete()
        return token_issue_for(user)


def token_issue_for(user: User) -> tuple[str, datetime]:
    """A new bearer token for an account whose sign-in has been checked, and when it expires."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        issued = ApiToken.objects.create(
            user=user,
            digest=token_digest(token),
            password_stamp=user.get_session_auth_hash(),
            expires_at=timezone.now() + token_lifetime(user),
        )
        _audit_tokens(user, user, "token_issue", {"token": issued.pk, "expires_at": issued.expires_at.isoformat()})
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
