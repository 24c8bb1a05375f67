"""One login throttle for every way in (issue 15, docs/decisions/0023-one-login-throttle.md).

Every sign-in passes django.contrib.auth.authenticate(request, ...) — the login page, the admin's, the API's token
route, any later single sign-on — and so the authentication backend (gaoxin.accounts.backends.ThrottledBackend),
which calls this module around the password check:

- A sign-in first takes a place in two counts of the username's failures: from its own address, and from every
  address. Each place is taken by one conditional UPDATE (`failures < limit`), before the password is checked, so
  forty parallel guesses find five places and thirty-five refusals; a check that succeeds gives its places back.
- The failure that fills the count from one address locks the username for that address only: its owner elsewhere
  signs in as before, so a stranger cannot lock a user out from their own address. The failure that fills the count
  from every address (many failures from many addresses) locks the account itself and tells the security
  administrators. Locks end at their time, or when a security administrator lifts them in the admin.
- Usernames nobody has are counted and locked alike, so the answer never tells a stranger whether an account exists.

Failures, locks and unlocks go into the audit trail (安全审计, GB/T 22239-2019 8.1.4.3), with the username tried and
the source address (gaoxin.core.clients); a sign-in refused by a lock is not (a flood of refusals would flood the
trail): the access log has its 429 and address.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Case, DateTimeField, F, IntegerField, Q, Value, When
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import ngettext

from gaoxin.accounts.models import EVERY_ADDRESS, LoginAttempt, LoginLock, LoginScope, LoginUnlock, User
from gaoxin.core.audit import audit_record
from gaoxin.core.clients import client_address
from gaoxin.core.errors import TooManyRequests

# Sent after commit when an account itself is locked (lock=LoginLock): notifications tells the security
# administrators (accounts cannot import notifications, which lies above it: gaoxin.core.layers).
account_locked = Signal()

# What a throttled sign-in leaves on the request for the form or the API to word (authenticate returns only None).
REFUSAL_ATTRIBUTE = "login_throttled"


def limits() -> dict:
    return settings.GAOXIN["LOGIN_THROTTLE"]


class LoginThrottled(TooManyRequests):
    def __init__(self, retry_after: int):
        minutes = math.ceil(retry_after / 60)
        message = ngettext(
            "登录失败次数过多，请 %(minutes)s 分钟后再试", "登录失败次数过多，请 %(minutes)s 分钟后再试", minutes
        ) % {"minutes": minutes}
        super().__init__(message, retry_after=retry_after)


def refusal(request) -> LoginThrottled | None:
    """The throttle's refusal of this request's sign-in, if authenticate() returned None for that reason."""
    return getattr(request, REFUSAL_ATTRIBUTE, None)


def username_key(username: str) -> str:
    """The username as counted and stored: cut to the field's length, a character no database stores replaced."""
    return str(username)[:150].encode("utf-8", "replace").decode("utf-8")


@dataclass(frozen=True)
class Reservation:
    """The places one sign-in took in its two counts; given back when its password was right."""

    username: str
    address: str

    def give_back(self) -> None:
        for address in (self.address, EVERY_ADDRESS):
            _give_back(self.username, address)


def login_reserve(request, username: str) -> Reservation:
    """Take this sign-in's places before its password is checked; LoginThrottled (and nothing counted) if the
    username is locked for this address or everywhere, or its count is full."""
    username, address, now = username_key(username), client_address(request), timezone.now()
    _refuse_if_locked(username, address, now)
    if not _take(username, address, limits()["ADDRESS_FAILURES"], limits()["WINDOW_SECONDS"], now):
        raise LoginThrottled(_wait(username, address, limits()["ADDRESS_LOCK_SECONDS"], now))
    if not _take(username, EVERY_ADDRESS, limits()["ACCOUNT_FAILURES"], limits()["ACCOUNT_WINDOW_SECONDS"], now):
        _give_back(username, address)
        raise LoginThrottled(_wait(username, EVERY_ADDRESS, limits()["ACCOUNT_LOCK_SECONDS"], now))
    return Reservation(username, address)


def login_failed(request, reservation: Reservation, *, reason: str = "bad_credentials") -> None:
    """A sign-in that took its places failed: the places stay counted; audited; the failure that filled a count
    locks the username for this address or, for the count from every address, the account itself."""
    now = timezone.now()
    user = User.objects.filter(username=reservation.username).first()
    with transaction.atomic():
        # The username's failures, from every address, are recorded one after the other: they share its audit chain,
        # whose first event two writers could otherwise both try to be.
        LoginAttempt.objects.select_for_update().filter(username=reservation.username, address=EVERY_ADDRESS).first()
        where = {"address": reservation.address, "path": _path(request)}
        _audit(user, reservation.username, "login_failure", result=reason, **where)
        _lock_if_full(reservation, user, LoginScope.ADDRESS, now)
        account = _lock_if_full(reservation, user, LoginScope.ACCOUNT, now)
        if account is not None:
            transaction.on_commit(lambda: account_locked.send(sender=LoginLock, lock=account))


def login_succeeded(request, user: User) -> None:
    """A whole sign-in succeeded (password and any second factor): the failures from this address are forgotten.
    Not those from everywhere: an owner signing in does not wipe the count of an attack on the account."""
    LoginAttempt.objects.filter(
        username=username_key(user.username), address=client_address(request), locked_until__isnull=True
    ).delete()


def second_factor_failed(request, user: User) -> None:
    """A wrong second-factor code (TOTP) after a right password counts as a failed sign-in, in the same counts: a
    right password does not buy endless guesses at the code. LoginThrottled if the count was already full."""
    login_failed(request, login_reserve(request, user.username), reason="second_factor")


def login_unlock(*, lock: LoginLock, actor: User | None, why: str = LoginUnlock.ADMIN) -> bool:
    """Lift a lock (the security administrator, or its time ran out): its count starts again; audited. False if it
    had been lifted already."""
    now = timezone.now()
    with transaction.atomic():
        lifted = LoginLock.objects.filter(pk=lock.pk, unlocked_at__isnull=True).update(
            unlocked_at=min(now, lock.until) if why == LoginUnlock.EXPIRED else now, unlocked_why=why, unlocked_by=actor
        )
        if not lifted:
            return False
        LoginAttempt.objects.filter(username=lock.username, address=lock.counter_address).delete()
        _audit(
            lock.user,
            lock.username,
            "login_unlock",
            actor=actor,
            address=lock.address,
            result=why,
            scope=lock.scope,
            lock=lock.pk,
        )
    return True


def login_throttle_tidy() -> int:
    """Lift the locks whose time ran out (audited, as at the next try) and forget counts whose window is over, so
    the table holds only what can still refuse someone (a spray of made-up names leaves a row each). Returns how
    many locks it lifted."""
    now = timezone.now()
    expired = LoginLock.objects.filter(unlocked_at__isnull=True, until__lte=now).select_related("user")
    lifted = sum(login_unlock(lock=lock, actor=None, why=LoginUnlock.EXPIRED) for lock in expired)
    longest = max(limits()["WINDOW_SECONDS"], limits()["ACCOUNT_WINDOW_SECONDS"])
    LoginAttempt.objects.filter(
        window_started_at__lt=now - timedelta(seconds=longest), locked_until__isnull=True
    ).delete()
    return lifted


# --- the counts -----------------------------------------------------------------------------------------------------


def _refuse_if_locked(username: str, address: str, now: datetime) -> None:
    """One read of the username's open locks: those whose time ran out are lifted (and audited) here, the first time
    anyone tries the name again; one still running for this address or everywhere refuses."""
    holding = []
    for lock in LoginLock.objects.filter(username=username, unlocked_at__isnull=True).select_related("user"):
        if lock.until <= now:
            login_unlock(lock=lock, actor=None, why=LoginUnlock.EXPIRED)
        elif lock.scope == LoginScope.ACCOUNT or lock.address == address:
            holding.append(lock.until)
    if holding:
        raise LoginThrottled(_seconds(max(holding) - now))


def _take(username: str, address: str, limit: int, window_seconds: int, now: datetime) -> bool:
    """Take one place in a count, atomically: a count older than its window starts again at one."""
    LoginAttempt.objects.get_or_create(username=username, address=address, defaults={"window_started_at": now})
    stale = Q(window_started_at__lt=now - timedelta(seconds=window_seconds))
    taken = (
        LoginAttempt.objects.filter(username=username, address=address, locked_until__isnull=True)
        .filter(stale | Q(failures__lt=limit))
        .update(
            failures=Case(When(stale, then=Value(1)), default=F("failures") + 1, output_field=IntegerField()),
            window_started_at=Case(
                When(stale, then=Value(now)), default=F("window_started_at"), output_field=DateTimeField()
            ),
        )
    )
    return taken == 1


def _give_back(username: str, address: str) -> None:
    LoginAttempt.objects.filter(username=username, address=address, failures__gt=0).update(failures=F("failures") - 1)


def _wait(username: str, address: str, lock_seconds: int, now: datetime) -> int:
    """Seconds until a full count opens: its lock's end, or — while the failure that fills it is still being
    checked — the lock that failure is about to set."""
    until = LoginAttempt.objects.filter(username=username, address=address).values_list("locked_until", flat=True)
    return _seconds(until[0] - now) if until and until[0] else lock_seconds


def _seconds(delta: timedelta) -> int:
    return max(1, math.ceil(delta.total_seconds()))


SCOPES = {
    LoginScope.ADDRESS: ("ADDRESS_FAILURES", "ADDRESS_LOCK_SECONDS"),
    LoginScope.ACCOUNT: ("ACCOUNT_FAILURES", "ACCOUNT_LOCK_SECONDS"),
}


def _lock_if_full(reservation: Reservation, user: User | None, scope: str, now: datetime) -> LoginLock | None:
    """Lock the count if it is full and not locked yet: one conditional UPDATE, so of two failures that fill it at
    once only one writes the lock."""
    limit_name, seconds_name = SCOPES[scope]
    counter_address = reservation.address if scope == LoginScope.ADDRESS else EVERY_ADDRESS
    until = now + timedelta(seconds=limits()[seconds_name])
    full = LoginAttempt.objects.filter(
        username=reservation.username,
        address=counter_address,
        failures__gte=limits()[limit_name],
        locked_until__isnull=True,
    )
    if not full.update(locked_until=until):
        return None
    lock = LoginLock.objects.create(
        username=reservation.username,
        user=user,
        scope=scope,
        address=reservation.address if scope == LoginScope.ADDRESS else "",
        failures=limits()[limit_name],
        locked_at=now,
        until=until,
    )
    _audit(
        user,
        reservation.username,
        "login_lock",
        address=reservation.address,
        result=scope,
        scope=scope,
        lock=lock.pk,
        until=until.isoformat(),
    )
    return lock


def _path(request) -> str:
    return getattr(request, "path", "")


def _audit(user: User | None, username: str, action: str, *, address: str, actor=None, **data) -> None:
    """On the account's chain; a username nobody has gets a chain of its own (the audit administrator sees what was
    tried)."""
    subject_type, subject_id = ("user", user.pk) if user is not None else ("login", username[:64])
    data = {"username": username, "remote_addr": address, **data}
    audit_record(subject_type=subject_type, subject_id=subject_id, actor=actor, action=action, data=data)


def audit_sign_in(request, user: User, action: str, **data) -> None:
    """A login or logout (Django's signals), on the account's chain with the source address."""
    with transaction.atomic():
        where = {"address": client_address(request), "path": _path(request)}
        _audit(user, user.username, action, actor=user, **where, **data)


def on_logged_in(sender, request, user, **kwargs) -> None:
    """Django's login() signals every completed sign-in, on any page: recorded, and this address's failures
    forgotten."""
    login_succeeded(request, user)
    audit_sign_in(request, user, "login")


def on_logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit_sign_in(request, user, "logout")
