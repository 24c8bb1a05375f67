import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gaoxin.accounts.models import ApiToken, LoginFailure, User
from gaoxin.core.errors import DomainError, TooManyRequests


class BadCredentials(DomainError):
    status = 401
    code = "bad_credentials"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_issue(*, username: str, password: str, remote_addr: str | None = None) -> str:
    """Check the credentials and return a new bearer token; refuse after repeated failures."""
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
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        LoginFailure.objects.filter(username=username).delete()
        ApiToken.objects.create(user=user, digest=token_digest(token))
    return token


def user_for_token(token: str) -> User | None:
    found = ApiToken.objects.select_related("user", "user__department").filter(digest=token_digest(token)).first()
    if found is None or not found.user.is_active:
        return None
    return found.user
