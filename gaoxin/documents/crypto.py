"""One face for the two signature algorithms of seals: Ed25519 (RFC 8032, through cryptography) and SM2 with SM3
(GB/T 32918.2 / GB/T 32905, through sm2.py).

Callers hold a PrivateKey or PublicKey and never branch on the algorithm: each algorithm's operations sit in one
scheme object below, chosen once by the key's `algorithm`.
"""

import hashlib
from dataclasses import dataclass

from asn1crypto import keys, pem
from cryptography.exceptions import InternalError, InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from gaoxin.documents import sm2

ED25519 = "ed25519"
SM2 = "sm2"
ALGORITHMS = (ED25519, SM2)
ALGORITHM_NAMES = {ED25519: "Ed25519", SM2: "SM2/SM3"}

ED25519_OID = "1.3.101.112"  # RFC 8410: both the key's and the signature's algorithm
SM2_WITH_SM3_OID = "1.2.156.10197.1.501"  # GB/T 33560 / GM/T 0006
SM2_CURVE_OID = sm2.CURVE_OID  # 1.2.156.10197.1.301
SM3_OID = "1.2.156.10197.1.401"

ACCEPTED_PRIVATE_KEYS = (
    "an unencrypted PEM private key made by `openssl genpkey -algorithm ed25519` or `openssl genpkey -algorithm sm2`"
)


class _Ed25519Scheme:
    signature_oid = ED25519_OID
    private_type = Ed25519PrivateKey
    public_type = Ed25519PublicKey

    @staticmethod
    def generate():
        return Ed25519PrivateKey.generate()

    @staticmethod
    def private_pem(key: Ed25519PrivateKey) -> str:
        return key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode("ascii")

    @staticmethod
    def sign(key: Ed25519PrivateKey, data: bytes) -> bytes:
        return key.sign(data)

    @staticmethod
    def public_key(key: Ed25519PrivateKey) -> Ed25519PublicKey:
        return key.public_key()

    @staticmethod
    def verify(key: Ed25519PublicKey, data: bytes, signature: bytes) -> bool:
        try:
            key.verify(signature, data)
        except (InvalidSignature, TypeError, ValueError):
            return False
        return True

    @staticmethod
    def raw(key: Ed25519PublicKey) -> bytes:
        return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    @staticmethod
    def spki_der(key: Ed25519PublicKey) -> bytes:
        return key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


class _Sm2Scheme:
    signature_oid = SM2_WITH_SM3_OID
    private_type = sm2.SM2PrivateKey
    public_type = sm2.SM2PublicKey
    generate = staticmethod(sm2.generate_private_key)
    private_pem = staticmethod(sm2.private_key_pem)
    sign = staticmethod(sm2.sign)

    @staticmethod
    def public_key(key: sm2.SM2PrivateKey) -> sm2.SM2PublicKey:
        return key.public_key()

    @staticmethod
    def verify(key: sm2.SM2PublicKey, data: bytes, signature: bytes) -> bool:
        return isinstance(signature, bytes) and sm2.verify(key, data, signature)

    @staticmethod
    def raw(key: sm2.SM2PublicKey) -> bytes:
        return key.raw()

    spki_der = staticmethod(sm2.public_key_spki_der)


_SCHEMES = {ED25519: _Ed25519Scheme, SM2: _Sm2Scheme}


def _scheme(algorithm: str):
    try:
        return _SCHEMES[algorithm]
    except KeyError:
        raise ValueError(f"unknown signature algorithm {algorithm!r}; known: {', '.join(ALGORITHMS)}") from None


def _check_key_type(key: object, expected: type, algorithm: str) -> None:
    if not isinstance(key, expected):
        raise TypeError(f"{type(key).__name__} is not a {ALGORITHM_NAMES[algorithm]} {expected.__name__}")


@dataclass(frozen=True)
class PublicKey:
    algorithm: str
    key: object

    def __post_init__(self):
        _check_key_type(self.key, _scheme(self.algorithm).public_type, self.algorithm)

    @property
    def signature_oid(self) -> str:
        """The OID of the signature algorithm, dotted (for X.509 and GB/T 38540 signAlgID)."""
        return _scheme(self.algorithm).signature_oid

    def verify(self, data: bytes, signature: bytes) -> bool:
        """Whether `signature` is this key's signature of `data`; False for anything malformed, never an exception."""
        return _scheme(self.algorithm).verify(self.key, data, signature)

    def raw(self) -> bytes:
        """The bare public key: Ed25519's 32 bytes, SM2's 65-byte point 04 || x || y."""
        return _scheme(self.algorithm).raw(self.key)

    def spki_der(self) -> bytes:
        return _scheme(self.algorithm).spki_der(self.key)

    def pem(self) -> str:
        return pem.armor("PUBLIC KEY", self.spki_der()).decode("ascii")

    def key_id(self) -> str:
        """First 16 hex digits of the SHA-256 of raw(): for Ed25519 the name licenses were always signed under."""
        return hashlib.sha256(self.raw()).hexdigest()[:16]


@dataclass(frozen=True)
class PrivateKey:
    algorithm: str
    key: object

    def __post_init__(self):
        _check_key_type(self.key, _scheme(self.algorithm).private_type, self.algorithm)

    def sign(self, data: bytes) -> bytes:
        """Ed25519: the 64 raw bytes; SM2: DER SEQUENCE { r, s } with the default user ID 1234567812345678."""
        return _scheme(self.algorithm).sign(self.key, data)

    def public_key(self) -> PublicKey:
        return PublicKey(self.algorithm, _scheme(self.algorithm).public_key(self.key))


def _normalized_pem(pem_text: str) -> bytes:
    # Environment files often carry a PEM on one line with literal "\n" escapes.
    return pem_text.strip().replace("\\n", "\n").encode("ascii", errors="replace")


def _ed25519_private_key(pem_data: bytes) -> Ed25519PrivateKey | None:
    try:
        key = serialization.load_pem_private_key(pem_data, password=None)
    # UnsupportedAlgorithm for SM2, which cryptography lacks; InternalError for some corrupted keys OpenSSL rejects.
    except (ValueError, TypeError, UnsupportedAlgorithm, InternalError):
        return None
    return key if isinstance(key, Ed25519PrivateKey) else None


def load_private_key_pem(pem_text: str) -> PrivateKey:
    """The Ed25519 or SM2 private key of a PEM (PKCS#8; SM2 also SEC 1). ValueError naming what is accepted."""
    pem_data = _normalized_pem(pem_text)
    ed25519_key = _ed25519_private_key(pem_data)
    if ed25519_key is not None:
        return PrivateKey(ED25519, ed25519_key)
    try:
        return PrivateKey(SM2, sm2.load_private_key_pem(pem_data))
    except ValueError as error:
        raise ValueError(f"Not a usable signing key; expected {ACCEPTED_PRIVATE_KEYS}. ({error})") from None


def load_public_key_der(der: bytes) -> PublicKey:
    """The Ed25519 or SM2 key of a SubjectPublicKeyInfo (as in an X.509 certificate). ValueError otherwise."""
    try:
        algorithm = keys.PublicKeyInfo.load(der, strict=True)["algorithm"]["algorithm"].dotted
    except sm2.DER_ERRORS as error:
        raise ValueError(f"not a readable public key: {error}") from None
    if algorithm == ED25519_OID:
        return PublicKey(ED25519, serialization.load_der_public_key(der))
    return PublicKey(SM2, sm2.load_public_key_der(der))


def load_public_key_pem(pem_text: str) -> PublicKey:
    try:
        label, _headers, der = pem.unarmor(_normalized_pem(pem_text))
    except sm2.DER_ERRORS as error:
        raise ValueError(f"not a readable PEM public key: {error}") from None
    if label != "PUBLIC KEY":
        raise ValueError(f"not a public key: PEM label {label!r}, expected 'PUBLIC KEY'")
    return load_public_key_der(der)


def generate_private_key_pem(algorithm: str) -> str:
    """A new private key as unencrypted PKCS#8 PEM, readable by `openssl pkey` and load_private_key_pem."""
    scheme = _scheme(algorithm)
    return scheme.private_pem(scheme.generate())
