"""Personal data at rest (个人信息保护, GB/T 22239-2019 8.1.4.8/8.1.4.10, GB/T 39786-2021, 个人信息保护法 §51):
resident ID numbers and phone numbers are stored encrypted with a key that is not in the database, found again by a
keyed digest of their exact value, and shown masked (GB/T 35273-2020 去标识化) unless the reader handles the case.

A stored value reads `pii1:<cipher>:<key id>:<base64 of nonce, ciphertext and tag>`: the cipher (aes = AES-256-GCM,
sm4 = SM4-GCM) and the key it was written with travel with it, so the key or the cipher can change while old rows are
still read (GAOXIN_PII_PREVIOUS_KEYS) until `manage.py personal_data_rekey` has rewritten them.
docs/decisions/0029-personal-data-encrypted-and-masked.md."""

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import migrations, models
from django.db.models.lookups import Exact, IsNull

from gaoxin.core import keys

VERSION = "pii1"
NONCE_BYTES = 12
TAG_BYTES = 16
# The cipher's key length and the hash that derives the keys and makes the digests: 国密 throughout (SM4, SM3) or
# AES-256 with SHA-256.
CIPHERS = {"aes": (algorithms.AES, 32, hashes.SHA256), "sm4": (algorithms.SM4, 16, hashes.SM3)}


class PersonalDataKeyError(ImproperlyConfigured):
    pass


# --- keys -----------------------------------------------------------------------------------------------------------


def cipher_name() -> str:
    name = settings.GAOXIN.get("PII_CIPHER", "aes")
    if name not in CIPHERS:
        raise PersonalDataKeyError(f"GAOXIN['PII_CIPHER'] is {name!r}: it must be one of {', '.join(CIPHERS)}")
    return name


def master_key() -> str:
    """GAOXIN_PII_KEY, or in development a key file of its own beside the database (never in it)."""
    key = (settings.GAOXIN.get("PII_KEY") or "").strip()
    if key or not settings.GAOXIN.get("KEY_DEV_FALLBACK", False):
        if refusal := keys.key_refusal(keys.PII_KEY, key):
            raise PersonalDataKeyError(f"{refusal}: personal data (ID numbers, phones) cannot be read or written")
        return key
    return keys.dev_key(keys.PII_KEY)


def previous_keys() -> list[str]:
    return [key.strip() for key in (settings.GAOXIN.get("PII_PREVIOUS_KEYS") or "").split(",") if key.strip()]


@lru_cache(maxsize=16)
def _derived(master: str, cipher: str) -> tuple[str, bytes, bytes]:
    """(key id, encryption key, digest key) of a master key: separate keys for separate uses (HKDF)."""
    _algorithm, length, digest = CIPHERS[cipher]
    material = HKDF(algorithm=digest(), length=length + 32, salt=None, info=b"gaoxin personal data").derive(
        master.encode()
    )
    key_id = hashlib.sha256(b"gaoxin pii key id:" + master.encode()).hexdigest()[:8]
    return key_id, material[:length], material[length:]


def _current() -> tuple[str, str, bytes, bytes]:
    cipher = cipher_name()
    return (cipher, *_derived(master_key(), cipher))


# --- encryption -----------------------------------------------------------------------------------------------------


def encrypt(plaintext: str) -> str:
    if not plaintext:
        return ""
    cipher, key_id, key, _digest_key = _current()
    nonce = os.urandom(NONCE_BYTES)
    encryptor = Cipher(CIPHERS[cipher][0](key), modes.GCM(nonce)).encryptor()
    body = encryptor.update(plaintext.encode()) + encryptor.finalize() + encryptor.tag
    return f"{VERSION}:{cipher}:{key_id}:{base64.b64encode(nonce + body).decode('ascii')}"


def is_encrypted(stored: str) -> bool:
    return stored.startswith(f"{VERSION}:")


def decrypt(stored: str) -> str:
    if not stored or not is_encrypted(stored):
        # A row written before its column was encrypted: the data migration rewrites it; until then it reads as is.
        return stored
    _version, cipher, key_id, encoded = stored.split(":", 3)
    key = _key_for(cipher, key_id)
    raw = base64.b64decode(encoded)
    nonce, body, tag = raw[:NONCE_BYTES], raw[NONCE_BYTES:-TAG_BYTES], raw[-TAG_BYTES:]
    decryptor = Cipher(CIPHERS[cipher][0](key), modes.GCM(nonce, tag)).decryptor()
    try:
        return (decryptor.update(body) + decryptor.finalize()).decode()
    except InvalidTag as error:
        problem = f"A personal-data value under key {key_id} does not decrypt: it was altered"
        raise PersonalDataKeyError(problem) from error


def _key_for(cipher: str, key_id: str) -> bytes:
    if cipher not in CIPHERS:
        raise PersonalDataKeyError(f"A personal-data value names an unknown cipher {cipher!r}")
    for master in [master_key(), *previous_keys()]:
        found_id, key, _digest_key = _derived(master, cipher)
        if found_id == key_id:
            return key
    raise PersonalDataKeyError(
        f"A personal-data value was written with key {key_id}, which is neither GAOXIN_PII_KEY nor one of "
        "GAOXIN_PII_PREVIOUS_KEYS"
    )


def needs_rekey(stored: str) -> bool:
    """Written with another key or cipher than the current ones (or not encrypted at all)."""
    if not stored:
        return False
    if not is_encrypted(stored):
        return True
    cipher, key_id, _key, _digest_key = _current()
    return not stored.startswith(f"{VERSION}:{cipher}:{key_id}:")


# --- digests: found by exact value ----------------------------------------------------------------------------------


def normalized(value: str) -> str:
    """A number as it is compared: spaces and dashes dropped, letters upper-case (the X of an ID number)."""
    return "".join(value.split()).replace("-", "").upper()


def digest(value: str) -> str:
    """A keyed digest (HMAC-SHA-256, or HMAC-SM3 under 国密) of the normalized value: equal numbers have equal digests,
    and without the key no one can list the 10^8 likely ID numbers and hash them to find a person."""
    value = normalized(value or "")
    if not value:
        return ""
    cipher, _key_id, _key, digest_key = _current()
    mac = crypto_hmac.HMAC(digest_key, CIPHERS[cipher][2]())
    mac.update(value.encode())
    return mac.finalize().hex()


def is_digest(value: str) -> bool:
    return len(value) == 64 and all(c in "0123456789abcdef" for c in value)


def matching(field: str, value: str) -> models.Q:
    """The rows whose encrypted `field` holds exactly this value, by its indexed digest column."""
    return models.Q(**{f"{field}_digest": digest(value)}) if normalized(value or "") else models.Q(pk__in=[])


def same_number(value: str, stored_digest: str) -> bool:
    return bool(stored_digest) and hmac.compare_digest(digest(value), stored_digest)


# --- masking --------------------------------------------------------------------------------------------------------


def mask_id_number(value: str) -> str:
    """110105********002X: the region and the check part only (GB/T 35273-2020 A.3 去标识化)."""
    if len(value) <= 10:
        return "*" * len(value)
    return f"{value[:6]}{'*' * (len(value) - 10)}{value[-4:]}"


def mask_phone(value: str) -> str:
    """138****1234: the network and the last four digits."""
    if len(value) <= 7:
        return f"{'*' * max(0, len(value) - 2)}{value[-2:]}"
    return f"{value[:3]}{'*' * (len(value) - 7)}{value[-4:]}"


def mask_email(value: str) -> str:
    """z***@example.cn: the first letter and the domain."""
    name, _at, domain = value.partition("@")
    return f"{name[:1]}***@{domain}" if domain else mask_phone(value)


# --- the fields -----------------------------------------------------------------------------------------------------


class EncryptedField(models.TextField):
    """Plain text in Python, ciphertext in its column. Found only through its digest column (`<name>_digest`, a
    DigestField): an exact lookup on the ciphertext could never match, so it is refused rather than left empty."""

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else value

    def get_lookup(self, lookup_name):
        if lookup_name == "isnull":
            return IsNull
        if lookup_name == "exact":
            return EmptyOnly
        raise FieldError(f"{self.name} is encrypted: look it up by its digest (gaoxin.core.personal.matching)")


class EmptyOnly(Exact):
    """`field=""` (is it empty?) is the one value an encrypted field may be compared with."""

    def get_prep_lookup(self):
        if self.rhs not in ("", None):
            raise FieldError(f"{self.lhs.target.name} is encrypted: look it up by its digest (personal.matching)")
        return super().get_prep_lookup()


def with_digests(model, fields) -> list[str]:
    """update_fields for a save of these fields: each encrypted one with its digest, which is recomputed only when
    it is named."""
    encrypted = set(encrypted_fields(model))
    return [*fields, *(f"{name}_digest" for name in fields if name in encrypted)]


class DigestField(models.CharField):
    """The keyed digest of another field of the row, recomputed whenever the row is saved (and, with update_fields,
    when it is named there: name both, personal.with_digests)."""

    def __init__(self, *args, of: str, **kwargs):
        self.of = of
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        # unique is an index already; both at once make PostgreSQL's text-pattern index twice.
        kwargs.setdefault("db_index", not kwargs.get("unique"))
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["of"] = self.of
        # Stated always, since this field's default differs from CharField's: a clone must not gain an index.
        kwargs["db_index"] = self.db_index
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = digest(getattr(model_instance, self.of) or "")
        setattr(model_instance, self.attname, value)
        return value


# --- migrations and key rotation ----------------------------------------------------------------------------------


def encrypted_fields(model) -> list[str]:
    return [field.name for field in model._meta.get_fields() if isinstance(field, EncryptedField)]


def rewrite_rows(connection, model, fields, change, *, only=lambda stored: True) -> int:
    """Each stored value of these fields (that `only` picks) and its digest rewritten as change(stored) gives them,
    in SQL: a model's own fields would decrypt and encrypt on their own. Returns the values rewritten."""
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    rewritten = 0
    with connection.cursor() as cursor:
        for name in fields:
            column = quote(model._meta.get_field(name).column)
            digest_column = quote(model._meta.get_field(f"{name}_digest").column)
            cursor.execute(f"SELECT {pk}, {column} FROM {table} WHERE {column} <> ''")
            changed = [(*change(stored), key) for key, stored in cursor.fetchall() if only(stored)]
            cursor.executemany(f"UPDATE {table} SET {column} = %s, {digest_column} = %s WHERE {pk} = %s", changed)
            rewritten += len(changed)
    return rewritten


def under_current_key(stored: str) -> tuple[str, str]:
    plain = decrypt(stored)
    return encrypt(plain), digest(plain)


def encrypt_existing(app_label: str, model_name: str, *fields: str) -> migrations.RunPython:
    """The data migration of columns that become EncryptedFields: each row's plain value is encrypted and its digest
    written. Reversible with the key: the way back writes the plain values again, before the columns return to
    plain text."""

    def forward(apps, schema_editor):
        rewrite_rows(schema_editor.connection, apps.get_model(app_label, model_name), fields, under_current_key)

    def backward(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        rewrite_rows(schema_editor.connection, model, fields, lambda stored: (decrypt(stored), ""))

    return migrations.RunPython(forward, backward, elidable=False)
