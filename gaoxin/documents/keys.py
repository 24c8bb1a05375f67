"""The private key of each seal, and the public keys a signature may be checked against.

Private keys never sit in the database or the repository. The zone's approval seal signs with GAOXIN_SIGNING_KEY
(the key licenses were always signed with); any seal may instead have `<seal code>.pem` in GAOXIN_SEAL_KEY_DIR. A
development machine without either gets a key generated on first use (the approval seal's in
var/dev-signing-key.pem, the others' in var/seal-keys/), readable by its owner only and reused afterwards; with
DEBUG off the platform refuses to make one up, because documents signed with a throw-away key could never be
verified again. A key rotated out stays trusted through GAOXIN["RETIRED_PUBLIC_KEYS"] ({key id: PEM}).

Only keys named here are trusted: a public key in the database (SealKey) says what a seal signed with, but a row
someone inserted does not make a signature genuine. See docs/decisions/0003-license-signing.md and 0017.
"""

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from gaoxin.core.keys import write_new_key_file
from gaoxin.documents import crypto

DEV_KEY_NAME = "dev-signing-key.pem"
DEV_SEAL_KEY_DIR = "seal-keys"


@lru_cache(maxsize=32)
def load_private_key(pem: str) -> crypto.PrivateKey:
    try:
        return crypto.load_private_key_pem(pem)
    except ValueError as error:
        raise ImproperlyConfigured(f"A seal's signing key is not usable: {error}") from None


def private_key(seal) -> crypto.PrivateKey:
    """The key that signs for `seal`; ImproperlyConfigured when there is none or it is of another algorithm."""
    key = load_private_key(_pem_of(seal))
    if key.algorithm != seal.algorithm:
        raise ImproperlyConfigured(
            f"The key of seal {seal.code} is {crypto.ALGORITHM_NAMES[key.algorithm]}, but the seal signs with "
            f"{crypto.ALGORITHM_NAMES[seal.algorithm]}: give it a key of its algorithm "
            f"(openssl genpkey -algorithm {seal.algorithm})."
        )
    return key


def _pem_of(seal) -> str:
    if seal.department_id is None and _configured_pem():
        return _configured_pem()
    configured = _key_file(seal)
    pem = _read_key_file(configured) if configured is not None else None
    return pem if pem is not None else _dev_key_pem(seal)


def _read_key_file(path: Path) -> str | None:
    """The file's text, read again only when it changes (a key replaced in place is used from then on): every
    document's issue asks for its seal's key."""
    try:
        changed = path.stat().st_mtime_ns
    except FileNotFoundError:
        return None
    return _key_file_text(path, changed)


@lru_cache(maxsize=32)
def _key_file_text(path: Path, _changed: int) -> str:
    return path.read_text(encoding="ascii")


def _configured_pem() -> str:
    return (settings.GAOXIN.get("SIGNING_KEY_PEM") or "").strip()


def _key_file(seal) -> Path | None:
    directory = settings.GAOXIN.get("SEAL_KEY_DIR")
    return Path(directory) / f"{seal.code}.pem" if directory else None


def dev_key_path(seal) -> Path:
    if seal.department_id is None:
        return Path(settings.VAR_DIR) / DEV_KEY_NAME
    return Path(settings.VAR_DIR) / DEV_SEAL_KEY_DIR / f"{seal.code}.pem"


def _dev_key_pem(seal) -> str:
    if not settings.GAOXIN.get("SIGNING_KEY_DEV_FALLBACK", settings.DEBUG):
        raise ImproperlyConfigured(
            f"No signing key for seal {seal.code} ({seal.authority}): set GAOXIN_SIGNING_KEY (the approval seal) or "
            f"put {seal.code}.pem in GAOXIN_SEAL_KEY_DIR (openssl genpkey -algorithm {seal.algorithm}). A "
            "development key is only generated when DEBUG is on."
        )
    path = dev_key_path(seal)
    pem = _read_key_file(path)
    if pem is None:
        write_new_key_file(path, crypto.generate_private_key_pem(seal.algorithm))
        pem = _read_key_file(path)
    return pem


def trusted_public_key(key_id: str, seals) -> crypto.PublicKey | None:
    """The public key named `key_id` among GAOXIN_SIGNING_KEY, the current keys of `seals` and the retired keys of
    the settings (GAOXIN_SIGNING_KEY counts without the database: a file can be checked offline)."""
    candidates = [load_private_key(_configured_pem())] if _configured_pem() else []
    for seal in seals:
        try:
            candidates.append(private_key(seal))
        except ImproperlyConfigured:
            continue
    for candidate in candidates:
        if candidate.public_key().key_id() == key_id:
            return candidate.public_key()
    retired = _retired((settings.GAOXIN.get("RETIRED_PUBLIC_KEYS") or {}).get(key_id, ""))
    return retired if retired is not None and retired.key_id() == key_id else None


@lru_cache(maxsize=32)
def _retired(pem: str) -> crypto.PublicKey | None:
    if not pem:
        return None
    try:
        return crypto.load_public_key_pem(pem)
    except ValueError:
        return None
