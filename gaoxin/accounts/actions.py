import hashlib
import secrets
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from gaoxin.accounts import throttle
from gaoxin.accounts.models import ApiToken, Role, SignInCode, TokenRevocation, User
from gaoxin.accounts.passwords import password_expired
from gaoxin.accounts.signin import DEVICE_NAME, confirmed_device, second_factor_required, verify_second_factor
from gaoxin.core import personal
from gaoxin.core.audit import audit_record
from gaoxin.core.clients import client_address
from gaoxin.core.errors import DomainError, Forbidden
from gaoxin.identity.validators import normalize_phone

# last_used_at is written at most this often per token: a program calling the API many times a second should not
# turn each read into a write.
LAST_USED_PRECISION = timedelta(minutes=1)


class BadCredentials(DomainError):
    status = 401
    code = "bad_credentials"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SecondFactorMissing(DomainError):
    status = 401
    code = "otp_required"


def token_issue(*, request, username: str, password: str, otp: str = "") -> tuple[str, datetime]:
    """Check the credentials behind the login throttle (the authentication backend), and the second factor of an
    account that has one, and return a new bearer token and when it expires; 429 while the username is locked for
    this address or everywhere; refused for an account that must first enrol or change its password."""
    user = authenticate(request, username=username, password=password)
    if user is None:
        if (refused := throttle.refusal(request)) is not None:
            raise refused
        raise BadCredentials(_("用户名或密码错误"), field="password")
    _token_second_factor(request, user, otp)
    if password_expired(user):
        raise Forbidden(_("密码已过期或由管理员重置，请先登录网页修改密码"), field="password")
    throttle.login_succeeded(request, user)
    return token_issue_for(user, address=client_address(request))


def _token_second_factor(request, user: User, otp: str) -> None:
    device = confirmed_device(user)
    if device is None:
        if second_factor_required(user):
            raise Forbidden(_("管理员账户须先在网页上绑定动态口令（TOTP）"), field="otp")
        return
    if not otp:
        raise SecondFactorMissing(_("请填写动态口令"), field="otp")
    if not verify_second_factor(request, user, device, otp):
        raise BadCredentials(_("动态口令错误"), field="otp")


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


# --- passwords (身份鉴别, GB/T 22239-2019 8.1.4.1) ------------------------------------------------------------------


def _audit_account(user: User, actor: User | None, action: str, data: dict | None = None) -> None:
    audit_record(subject_type="user", subject_id=user.pk, actor=actor, action=action, data=data or {})


def _text_refused(text: str, field: str) -> None:
    """A lone UTF-16 surrogate (JSON can carry one) cannot be hashed: a 400, not a 500."""
    try:
        text.encode()
    except UnicodeEncodeError:
        raise DomainError(_("包含无法识别的字符"), field=field) from None


def _password_checked(user: User, password: str, field: str = "new_password") -> None:
    """The platform's password rules (settings.AUTH_PASSWORD_VALIDATORS), as a Chinese message on the field."""
    _text_refused(password, field)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise DomainError("".join(error.messages), field=field) from None


def password_change(*, user: User, old_password: str, new_password: str) -> User:
    """The person chooses a new password, knowing the old one. Its tokens end (their password_stamp no longer
    matches); an expired or administrator-set password stops holding the account back."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        _text_refused(old_password, "old_password")
        if not user.check_password(old_password):
            raise DomainError(_("原密码不正确"), field="old_password")
        _password_checked(user, new_password)
        _password_set(user, new_password)
        _audit_account(user, user, "password_change")
    return user


def _password_set(user: User, password: str) -> None:
    user.set_password(password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])


def password_set_by_admin(*, user: User, actor: User) -> None:
    """An administrator set the account's password (the admin site): its owner must choose their own at the next
    sign-in, and its tokens end with the old password."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(must_change_password=user.pk != actor.pk)
        _audit_account(user, actor, "password_set_by_admin")


def password_expiry_recorded(*, user: User) -> None:
    """A signed-in person was held at the change page because their password expired (recorded once per expiry)."""
    with transaction.atomic():
        _audit_account(user, user, "password_expired", {"changed_at": _iso(user.password_changed_at)})


def _iso(moment: datetime | None) -> str:
    return moment.isoformat() if moment else ""


# --- a forgotten password, reset by a code sent to the account's e-mail or phone ------------------------------------


def _code_digest(user: User, code: str) -> str:
    # Keyed with the secret key: six digits are too few to keep a plain hash from being reversed.
    return salted_hmac("gaoxin.accounts.sign_in_code", f"{user.pk}:{code}").hexdigest()


def _account_for(account: str) -> User | None:
    """The active account a person named: by user name, e-mail or phone."""
    account = (account or "").strip()
    if not account or len(account) > 150:
        return None
    by_phone = personal.matching("phone", normalize_phone(account) or account)
    named = Q(username=account) | Q(email__iexact=account) | by_phone
    found = User.objects.filter(named, is_active=True)
    matches = list(found[:2])
    return matches[0] if len(matches) == 1 else None


def password_reset_request(*, account: str, remote_addr: str | None = None) -> None:
    """Send a code to the account's e-mail and phone, if the account exists, has either, and has not been sent too
    many codes this hour. The caller says the same in every case: nobody learns from it whether an account exists."""
    user = _account_for(account)
    if user is None or not (user.email or user.phone):
        return
    now = timezone.now()
    minutes = settings.GAOXIN["SIGN_IN_CODE_MINUTES"]
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one request per account at a time
        sent = SignInCode.objects.filter(user=user, created_at__gt=now - timedelta(hours=1)).count()
        if sent >= settings.GAOXIN["SIGN_IN_CODES_PER_HOUR"]:
            _audit_account(user, None, "sign_in_code_throttled", {"remote_addr": remote_addr or ""})
            return
        SignInCode.objects.filter(user=user, ended_at__isnull=True).update(ended_at=now)
        SignInCode.objects.create(
            user=user, digest=_code_digest(user, code), created_at=now, expires_at=now + timedelta(minutes=minutes)
        )
        _audit_account(user, None, "sign_in_code_sent", {"remote_addr": remote_addr or ""})
        for config in apps.get_app_configs():  # notifications sends it (it lies above accounts: gaoxin.core.layers)
            if sender := getattr(config, "send_sign_in_code", None):
                sender(user=user, code=code, minutes=minutes)


def password_reset_complete(*, account: str, code: str, new_password: str) -> User:
    """Set a new password with a code sent by password_reset_request. A wrong code counts against the code, which ends
    after GAOXIN["SIGN_IN_CODE_ATTEMPTS"] tries; an unknown account gets the same answer as a wrong code."""
    wrong = DomainError(_("验证码错误或已失效，请重新获取"), field="code")
    user = _account_for(account)
    if user is None:
        raise wrong
    now = timezone.now()
    with transaction.atomic():
        live = (
            SignInCode.objects.select_for_update().filter(user=user, ended_at__isnull=True, expires_at__gt=now).first()
        )
        if live is None:
            raise wrong
        if not constant_time_compare(live.digest, _code_digest(user, (code or "").strip())):
            live.attempts += 1
            live.ended_at = now if live.attempts >= settings.GAOXIN["SIGN_IN_CODE_ATTEMPTS"] else None
            live.save(update_fields=["attempts", "ended_at"])
            _audit_account(user, None, "sign_in_code_wrong", {"attempts": live.attempts})
        else:
            _password_checked(user, new_password)
            live.ended_at = now
            live.save(update_fields=["ended_at"])
            _password_set(user, new_password)
            _audit_account(user, user, "password_reset")
            return user
    raise wrong


# --- the second factor -----------------------------------------------------------------------------------------------


def second_factor_enrolment(*, user: User) -> TOTPDevice:
    """The authenticator the person is enrolling: a new key until they confirm it with a code."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def second_factor_confirm(*, request, user: User, code: str) -> TOTPDevice:
    """The person typed a code from the authenticator they are enrolling: it is theirs from now on (any older one
    ends), and this session is verified with it."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
        if device is None:
            raise DomainError(_("请刷新页面后重新扫描二维码"), field="code")
        if not verify_second_factor(request, user, device, code):
            raise DomainError(_("动态口令错误，请核对手机上的时间后重试"), field="code")
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        _audit_account(user, user, "second_factor_enrol", {"device": device.pk})
    return device


# --- accounts nobody uses --------------------------------------------------------------------------------------------


def accounts_disable_unused(*, now: datetime | None = None) -> list[int]:
    """Disable every active account that nobody signed in to, nor used a token of, for GAOXIN["ACCOUNT_UNUSED_DAYS"]
    (an account never signed in to counts from its creation); their tokens end. Returns the disabled ids."""
    now = now or timezone.now()
    since = now - timedelta(days=settings.GAOXIN["ACCOUNT_UNUSED_DAYS"])
    recent_token = ApiToken.objects.filter(user=OuterRef("pk"), last_used_at__gte=since)
    unused = (
        User.objects.filter(is_active=True, is_superuser=False)
        .filter(Q(last_login__lt=since) | Q(last_login__isnull=True, date_joined__lt=since))
        .exclude(Exists(recent_token))
    )
    disabled = []
    for user in unused.iterator():
        with transaction.atomic():
            if not User.objects.filter(pk=user.pk, is_active=True).update(is_active=False):
                continue  # someone else disabled it first
            _audit_account(user, None, "account_disabled_unused", {"last_login": _iso(user.last_login)})
            tokens_revoke(user=user, actor=None, why=TokenRevocation.DEACTIVATED)
            disabled.append(user.pk)
    return disabled


def sign_in_codes_prune(*, now: datetime) -> int:
    """Forget reset codes older than a day: they only count the codes of the last hour."""
    deleted, _ = SignInCode.objects.filter(created_at__lt=now - timedelta(days=1)).delete()
    return deleted
