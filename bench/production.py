"""The environment the benchmarks and the load runs give the platform: production settings, with throw-away secrets.

Production refuses to start without a strong SECRET_KEY, a signing key, ALLOWED_HOSTS and the audit and backup keys
(gaoxin/settings.py), and with DEBUG on Django would keep every query in memory, so every run brings its own.
"""

import secrets
from urllib.parse import urlparse, urlunparse

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def throwaway_signing_key() -> str:
    """An Ed25519 key in PEM for the licenses and documents one run issues."""
    return (
        Ed25519PrivateKey.generate()
        .private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        .decode()
    )


def production_secrets(hosts: str = "testserver,127.0.0.1,localhost") -> dict[str, str]:
    return {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "GAOXIN_SIGNING_KEY": throwaway_signing_key(),
        "GAOXIN_PII_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": hosts,
        "GAOXIN_AUDIT_KEY": secrets.token_urlsafe(32),
        "GAOXIN_BACKUP_KEY": secrets.token_urlsafe(32),
    }


def without_password(url: str) -> str:
    parts = urlparse(url)
    if not parts.password:
        return url
    return urlunparse(parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@")))
