"""Reads of accounts that a person triggers."""

from datetime import timedelta

from django.utils import timezone

from gaoxin.accounts.models import Role, User

# Tokens listed to their owner: the live ones and those that ended lately (an owner checks what was revoked).
TOKENS_LISTED_DAYS = 90


def tokens_of(user: User) -> list[dict]:
    now, stamp = timezone.now(), user.get_session_auth_hash()
    rows = user.api_tokens.filter(created_at__gte=now - timedelta(days=TOKENS_LISTED_DAYS)).order_by("-created_at")
    return [
        {
            "id": token.pk,
            "created_at": token.created_at,
            "expires_at": token.expires_at,
            "last_used_at": token.last_used_at,
            "live": token.revoked_at is None and token.expires_at > now and token.password_stamp == stamp,
            "revoked_at": token.revoked_at,
            "revoked_why": token.revoked_why,
        }
        for token in rows
    ]


def security_administrators() -> list[User]:
    """Who is told of an account the login throttle locked: the active security administrators (三权分立)."""
    return list(User.objects.filter(role=Role.SECURITY_ADMIN, is_active=True).order_by("pk"))
