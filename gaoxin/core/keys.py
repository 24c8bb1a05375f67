"""The platform's symmetric keys, in one place: the audit key that authenticates the audit trail's chain heads and
checkpoints, and the backup key that encrypts backups
(docs/decisions/0025-tamper-evident-audit-and-encrypted-backups.md).

Neither key is ever in the database: someone who can rewrite the database must not also be able to re-sign the audit
trail or read a stolen backup. Production gives them in the environment (GAOXIN_AUDIT_KEY, GAOXIN_BACKUP_KEY) and
refuses to start without them (gaoxin/settings.py production_refusals). A development machine (DEBUG on when
settings load) gets a random key on first use in the data directory (var/dev-audit-key, var/dev-backup-key), readable
by its owner only and reused afterwards.

This module is imported by the settings, so Django is imported only inside the functions that need it."""

import hashlib
import hmac
import os
import secrets
from functools import lru_cache
from pathlib import Path

AUDIT_KEY = "GAOXIN_AUDIT_KEY"
BACKUP_KEY = "GAOXIN_BACKUP_KEY"
# Personal data (gaoxin.core.personal) derives its cipher and digest keys from this one.
PII_KEY = "GAOXIN_PII_KEY"
KEYS = (AUDIT_KEY, BACKUP_KEY, PII_KEY)
# 32 characters of a random text: at least 128 bits however they were drawn (hex, base64, a passphrase generator).
MIN_LENGTH = 32
MIN_UNIQUE = 10
DEV_KEY_FILES = {AUDIT_KEY: "dev-audit-key", BACKUP_KEY: "dev-backup-key", PII_KEY: "dev-pii-key"}
HOW_TO_MAKE = "python -c 'import secrets; print(secrets.token_urlsafe(32))'"


def key_refusal(name: str, value: str | None) -> str | None:
    """Why `value` cannot serve as key `name` (None when it can), naming the environment variable."""
    value = (value or "").strip()
    if not value:
        return f"{name} is not set ({HOW_TO_MAKE})"
    if len(value) < MIN_LENGTH or len(set(value)) < MIN_UNIQUE:
        needs = f"at least {MIN_LENGTH} characters, {MIN_UNIQUE} of them different"
        return f"{name} is weak (it needs {needs}: {HOW_TO_MAKE})"
    return None


def audit_key() -> bytes:
    return _key(AUDIT_KEY)


def backup_key() -> bytes:
    return _key(BACKUP_KEY)


def _key(name: str) -> bytes:
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    value = os.environ.get(name, "")
    if value.strip() or not settings.GAOXIN.get("KEY_DEV_FALLBACK", False):
        if refusal := key_refusal(name, value):
            raise ImproperlyConfigured(refusal + ". A development key is only generated when DEBUG is on.")
    else:
        value = dev_key(name)
    return _derived(name, value.strip())


@lru_cache(maxsize=8)
def _derived(name: str, value: str) -> bytes:
    """A 256-bit key for each use, whatever the text's form, so that the two keys never stand in for each other."""
    return hmac.new(value.encode(), f"gaoxin {name}".encode(), hashlib.sha256).digest()


def dev_key(name: str) -> str:
    """The development machine's key `name`, from its file in the data directory."""
    from django.conf import settings

    return _dev_key_in(Path(settings.VAR_DIR) / DEV_KEY_FILES[name])


@lru_cache(maxsize=8)
def _dev_key_in(path: Path) -> str:
    """The development key in `path`, made on first use with mode 0600; two processes starting at once get the same."""
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        write_new_key_file(path, secrets.token_urlsafe(32))
    return path.read_text(encoding="ascii").strip()


def write_new_key_file(path: Path, text: str) -> None:
    """Write a new key with mode 0600, atomically: two processes starting at once end up with the same key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(text)
        try:
            os.link(temporary, path)  # fails if another process won the race; its key is then used
        except FileExistsError:
            pass
    finally:
        temporary.unlink(missing_ok=True)
