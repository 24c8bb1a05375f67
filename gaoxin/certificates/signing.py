"""Ed25519 signatures for e-licenses: the key, canonical JSON, signing and verifying.

The private key comes from settings.GAOXIN["SIGNING_KEY_PEM"] (env GAOXIN_SIGNING_KEY, a PKCS#8 PEM). A
development machine without one gets a key generated into var/ on first use, readable by its owner only, and
reused afterwards; a deployment with DEBUG off refuses to make one up (ImproperlyConfigured), because licenses
signed with a throw-away key could never be verified again. See docs/decisions/0003-license-signing.md.
"""

import base64
import binascii
import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEV_KEY_NAME = "dev-signing-key.pem"
SIGNATURE_BYTES = 64


def canonical_json(data: dict) -> str:
    """The one text a payload is signed as: sorted keys, UTF-8 characters as they are, no spaces."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def generate_private_key_pem() -> str:
    key = Ed25519PrivateKey.generate()
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")


@lru_cache(maxsize=8)
def _private_key_from_pem(pem: str) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(pem.encode("ascii"), password=None)
    except (ValueError, TypeError, UnicodeEncodeError) as error:
        raise ImproperlyConfigured(
            f"GAOXIN_SIGNING_KEY is not a readable unencrypted PEM private key: {error}"
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured(
            "GAOXIN_SIGNING_KEY must be an Ed25519 private key (openssl genpkey -algorithm ed25519)."
        )
    return key


def _configured_pem() -> str:
    # Environment files often carry a PEM on one line with literal "\n" escapes.
    return (settings.GAOXIN.get("SIGNING_KEY_PEM") or "").strip().replace("\\n", "\n")


def dev_key_path() -> Path:
    return Path(settings.VAR_DIR) / DEV_KEY_NAME


def _dev_key_pem() -> str:
    if not settings.GAOXIN.get("SIGNING_KEY_DEV_FALLBACK", settings.DEBUG):
        raise ImproperlyConfigured(
            "No license signing key: set GAOXIN_SIGNING_KEY to an Ed25519 private key in PEM "
            "(openssl genpkey -algorithm ed25519). A development key is only generated when DEBUG is on."
        )
    path = dev_key_path()
    if not path.exists():
        _write_new_key(path)
    return path.read_text(encoding="ascii")


def _write_new_key(path: Path) -> None:
    """Write a new key with mode 0600, atomically: two processes starting at once end up with the same key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(generate_private_key_pem())
        try:
            os.link(temporary, path)  # fails if another process won the race; its key is then used
        except FileExistsError:
            pass
    finally:
        temporary.unlink(missing_ok=True)


def private_key() -> Ed25519PrivateKey:
    return _private_key_from_pem(_configured_pem() or _dev_key_pem())


def public_key() -> Ed25519PublicKey:
    return private_key().public_key()


def public_key_pem(key: Ed25519PublicKey | None = None) -> str:
    key = key or public_key()
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def load_public_key_pem(pem: bytes) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(pem)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


def public_key_for(kid: str) -> Ed25519PublicKey | None:
    """The public key named `kid`: the current one, or a retired one kept in GAOXIN["RETIRED_PUBLIC_KEYS"]
    ({key id: PEM}) so that licenses signed before a key rotation still verify. None when unknown."""
    current = public_key()
    if kid == key_id(current):
        return current
    retired = (settings.GAOXIN.get("RETIRED_PUBLIC_KEYS") or {}).get(kid)
    return load_public_key_pem(retired.encode("ascii")) if retired else None


def key_id(key: Ed25519PublicKey | None = None) -> str:
    """A short name of the public key (first 16 hex digits of the SHA-256 of its raw bytes), for key rotation."""
    raw = (key or public_key()).public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def sign(data: bytes) -> str:
    """Base64 (standard alphabet, padded) of the Ed25519 signature over `data`."""
    return base64.b64encode(private_key().sign(data)).decode("ascii")


def verify(data: bytes, signature: str, key: Ed25519PublicKey | None = None) -> bool:
    try:
        raw = base64.b64decode(signature, validate=True)
    except (binascii.Error, ValueError):
        return False
    if len(raw) != SIGNATURE_BYTES:
        return False
    try:
        (key or public_key()).verify(raw, data)
    except InvalidSignature:
        return False
    return True
