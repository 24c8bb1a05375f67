"""SM2 signatures (GB/T 32918.2-2016) on the curve sm2p256v1 (GB/T 32918.5-2017), with the SM3 hash (GB/T 32905-2016).

No library in our stack signs with SM2, so the curve arithmetic is written here, in plain Python integers: Jacobian
coordinates (no inversion per step), a 4-bit window for an arbitrary point and a precomputed table for the base point
G. SM3 is OpenSSL's, through cryptography. Keys are read and written in the DER forms OpenSSL uses (PKCS#8,
SEC 1 ECPrivateKey, SubjectPublicKeyInfo with id-ecPublicKey and the SM2 curve OID), through asn1crypto, so that a
key made by `openssl genpkey -algorithm sm2` works here and ours works with `openssl pkey`/`pkeyutl`.

Not constant-time: Python integers are not, and the base-point table skips the zero digits of the nonce, so how long
a signature takes says a little about its nonce. Someone able to time very many signatures precisely might exploit
that (as the Minerva attacks did with ECDSA); keep signing away from requests an outsider can trigger and time at will.
"""

import functools
import secrets
from dataclasses import dataclass, field

from asn1crypto import algos, keys, pem
from cryptography.hazmat.primitives import hashes

DEFAULT_USER_ID = b"1234567812345678"  # GB/T 35276-2017 (and GM/T 0009): the ID when none is agreed

CURVE_OID = "1.2.156.10197.1.301"  # sm2p256v1, GB/T 33560 / GM/T 0006
EC_PUBLIC_KEY_OID = "1.2.840.10045.2.1"  # id-ecPublicKey: OpenSSL 3 labels SM2 keys with it and the curve OID

# What asn1crypto raises on bad input: ValueError for a broken encoding, TypeError for a value of the wrong type,
# KeyError for an algorithm OID it has no structure for.
DER_ERRORS = (ValueError, TypeError, KeyError)

COORDINATE_BYTES = 32

# asn1crypto pads an EC private key to its curve's size only for curves it knows; registering is idempotent.
keys.NamedCurve.register("sm2p256v1", CURVE_OID, COORDINATE_BYTES)

# The recommended curve of GB/T 32918.5-2017: y² = x³ + ax + b over F_p, base point G of prime order N.
P = 0xFFFFFFFE_FFFFFFFF_FFFFFFFF_FFFFFFFF_FFFFFFFF_00000000_FFFFFFFF_FFFFFFFF
A = 0xFFFFFFFE_FFFFFFFF_FFFFFFFF_FFFFFFFF_FFFFFFFF_00000000_FFFFFFFF_FFFFFFFC  # = P - 3
B = 0x28E9FA9E_9D9F5E34_4D5A9E4B_CF6509A7_F39789F5_15AB8F92_DDBCBD41_4D940E93
N = 0xFFFFFFFE_FFFFFFFF_FFFFFFFF_FFFFFFFF_7203DF6B_21C6052B_53BBF409_39D54123
GX = 0x32C4AE2C_1F198119_5F990446_6A39C994_8FE30BBF_F2660BE1_715A4589_334C74C7
GY = 0xBC3736A2_F4F6779C_59BDCEE3_6B692153_D0A9877C_C62A4740_02DF32E5_2139F0A0

WINDOW_BITS = 4
WINDOWS = 256 // WINDOW_BITS

# A point in Jacobian coordinates (X, Y, Z) stands for the affine point (X/Z², Y/Z³); Z = 0 is the point at infinity.
Jacobian = tuple[int, int, int]
INFINITY: Jacobian = (1, 1, 0)


def sm3(data: bytes) -> bytes:
    """The SM3 hash (GB/T 32905-2016) of `data`, 32 bytes."""
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize()


# --- curve arithmetic --------------------------------------------------------------------------------------------


def _double(point: Jacobian) -> Jacobian:
    """2·point, with the a = -3 doubling formulas ("dbl-2001-b", Bernstein–Lange EFD)."""
    x, y, z = point
    if z == 0 or y == 0:
        return INFINITY
    delta = z * z % P
    gamma = y * y % P
    beta = x * gamma % P
    alpha = 3 * (x - delta) * (x + delta) % P
    x3 = (alpha * alpha - 8 * beta) % P
    z3 = ((y + z) * (y + z) - gamma - delta) % P
    y3 = (alpha * (4 * beta - x3) - 8 * gamma * gamma) % P
    return x3, y3, z3


def _add(first: Jacobian, second: Jacobian) -> Jacobian:
    """first + second ("add-2007-bl"); falls back to doubling when both are the same point."""
    x1, y1, z1 = first
    x2, y2, z2 = second
    if z1 == 0:
        return second
    if z2 == 0:
        return first
    z1z1 = z1 * z1 % P
    z2z2 = z2 * z2 % P
    u1 = x1 * z2z2 % P
    u2 = x2 * z1z1 % P
    s1 = y1 * z2 * z2z2 % P
    s2 = y2 * z1 * z1z1 % P
    h = (u2 - u1) % P
    r = (s2 - s1) % P
    if h == 0:
        return _double(first) if r == 0 else INFINITY
    hh = h * h % P
    hhh = h * hh % P
    v = u1 * hh % P
    x3 = (r * r - hhh - 2 * v) % P
    y3 = (r * (v - x3) - s1 * hhh) % P
    z3 = z1 * z2 * h % P
    return x3, y3, z3


def _to_affine(point: Jacobian) -> tuple[int, int] | None:
    x, y, z = point
    if z == 0:
        return None
    z_inverse = pow(z, -1, P)
    z_inverse_squared = z_inverse * z_inverse % P
    return x * z_inverse_squared % P, y * z_inverse_squared * z_inverse % P


def _window_digits(scalar: int) -> list[int]:
    """The 4-bit digits of `scalar`, least significant first."""
    mask = (1 << WINDOW_BITS) - 1
    return [(scalar >> (WINDOW_BITS * i)) & mask for i in range(WINDOWS)]


def _multiply(scalar: int, point: Jacobian) -> Jacobian:
    """scalar·point for any point: 4-bit fixed window, 256 doublings and at most 64 additions."""
    multiples = [INFINITY, point]
    for _ in range(2, 1 << WINDOW_BITS):
        multiples.append(_add(multiples[-1], point))
    result = INFINITY
    for digit in reversed(_window_digits(scalar % N)):
        for _ in range(WINDOW_BITS):
            result = _double(result)
        result = _add(result, multiples[digit])
    return result


@functools.cache
def _base_table() -> list[list[Jacobian]]:
    """table[i][j] = j·16^i·G, so that k·G is one addition per 4-bit digit of k and no doubling. Built on first use
    (about 1000 additions), not at import."""
    table = []
    power = (GX, GY, 1)
    for _ in range(WINDOWS):
        row = [INFINITY, power]
        for _ in range(2, 1 << WINDOW_BITS):
            row.append(_add(row[-1], power))
        table.append(row)
        power = _add(row[-1], power)  # 16·(16^i·G)
    return table


def _multiply_base(scalar: int) -> Jacobian:
    result = INFINITY
    for row, digit in zip(_base_table(), _window_digits(scalar % N), strict=True):
        result = _add(result, row[digit])
    return result


def _is_on_curve(x: int, y: int) -> bool:
    return 0 <= x < P and 0 <= y < P and (y * y - (x * x * x + A * x + B)) % P == 0


# --- keys ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SM2PublicKey:
    """A point of sm2p256v1 other than infinity. The curve's cofactor is 1, so every such point is a valid key."""

    x: int
    y: int

    def __post_init__(self):
        if not _is_on_curve(self.x, self.y):
            raise ValueError("the SM2 public key is not a point of the curve sm2p256v1")

    @classmethod
    def from_raw(cls, raw: bytes) -> "SM2PublicKey":
        """From the uncompressed encoding 04 || x || y (GB/T 32918.1-2016), the only one OpenSSL writes."""
        if len(raw) != 1 + 2 * COORDINATE_BYTES or raw[0] != 0x04:
            raise ValueError("an SM2 public key must be the 65-byte uncompressed point 04 || x || y")
        return cls(int.from_bytes(raw[1:33], "big"), int.from_bytes(raw[33:], "big"))

    def raw(self) -> bytes:
        """The uncompressed point, 65 bytes: 04 || x || y."""
        return b"\x04" + self.x.to_bytes(COORDINATE_BYTES, "big") + self.y.to_bytes(COORDINATE_BYTES, "big")


@dataclass(frozen=True)
class SM2PrivateKey:
    """The secret d in [1, n-2] (GB/T 32918.1-2016; 1 + d must be invertible mod n for signing)."""

    d: int = field(repr=False)
    _public: SM2PublicKey = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        if not 1 <= self.d <= N - 2:
            raise ValueError("an SM2 private key must be an integer in [1, n-2]")
        x, y = _to_affine(_multiply_base(self.d))
        object.__setattr__(self, "_public", SM2PublicKey(x, y))

    def public_key(self) -> SM2PublicKey:
        return self._public


def generate_private_key() -> SM2PrivateKey:
    return SM2PrivateKey(secrets.randbelow(N - 2) + 1)


def _named_sm2_curve(parameters) -> bool:
    return (
        isinstance(parameters, keys.ECDomainParameters)
        and parameters.name == "named"
        and parameters.chosen.dotted == CURVE_OID
    )


def _from_ec_private_key(ec_key: keys.ECPrivateKey, *, curve_known: bool) -> SM2PrivateKey:
    """From SEC 1's ECPrivateKey; the curve is named in it, or (inside PKCS#8) in the algorithm around it."""
    parameters = ec_key["parameters"]
    if parameters.native is None and not curve_known:
        raise ValueError("the EC private key does not name its curve")
    if parameters.native is not None and not _named_sm2_curve(parameters):
        raise ValueError(f"the EC private key is not on the SM2 curve ({CURVE_OID})")
    key = SM2PrivateKey(ec_key["private_key"].native)
    written_public = ec_key["public_key"].native
    if written_public is not None and written_public != key.public_key().raw():
        raise ValueError("the public key written in the SM2 private key does not belong to it")
    return key


def _from_pkcs8(der: bytes) -> SM2PrivateKey:
    info = keys.PrivateKeyInfo.load(der, strict=True)
    algorithm = info["private_key_algorithm"]
    if algorithm["algorithm"].dotted != EC_PUBLIC_KEY_OID or not _named_sm2_curve(algorithm["parameters"]):
        raise ValueError(f"the PKCS#8 key is not an SM2 key (id-ecPublicKey with curve {CURVE_OID})")
    return _from_ec_private_key(info["private_key"].parsed, curve_known=True)


def load_private_key_pem(pem_data: bytes) -> SM2PrivateKey:
    """An unencrypted SM2 private key: PKCS#8 (`-----BEGIN PRIVATE KEY-----`, as `openssl genpkey -algorithm sm2`
    writes it) or SEC 1 (`-----BEGIN EC PRIVATE KEY-----`, or `SM2 PRIVATE KEY` as OpenSSL 3's `openssl ec` labels
    it) naming the curve 1.2.156.10197.1.301. ValueError for anything else."""
    try:
        label, _headers, der = pem.unarmor(pem_data)
        if label == "PRIVATE KEY":
            return _from_pkcs8(der)
        if label in ("EC PRIVATE KEY", "SM2 PRIVATE KEY"):
            return _from_ec_private_key(keys.ECPrivateKey.load(der, strict=True), curve_known=False)
    except DER_ERRORS as error:
        raise ValueError(f"not a readable SM2 private key: {error}") from None
    raise ValueError(f"not an SM2 private key: PEM label {label!r}, expected PRIVATE KEY or (SM2|EC) PRIVATE KEY")


def _ec_algorithm() -> dict:
    return {"algorithm": "ec", "parameters": {"named": CURVE_OID}}


def private_key_pem(key: SM2PrivateKey) -> str:
    """PKCS#8, unencrypted, laid out as OpenSSL writes it (the ECPrivateKey inside carries the public key)."""
    ec_key = keys.ECPrivateKey({"version": "ecPrivkeyVer1", "private_key": key.d, "public_key": key.public_key().raw()})
    # PrivateKeyInfo sizes d to the registered 32 bytes, keeping leading zeros (SEC 1 §C.4).
    info = keys.PrivateKeyInfo({"version": 0, "private_key_algorithm": _ec_algorithm(), "private_key": ec_key})
    return pem.armor("PRIVATE KEY", info.dump()).decode("ascii")


def public_key_spki_der(pub: SM2PublicKey) -> bytes:
    """SubjectPublicKeyInfo: id-ecPublicKey with the SM2 curve, and the uncompressed point."""
    return keys.PublicKeyInfo({"algorithm": _ec_algorithm(), "public_key": pub.raw()}).dump()


def public_key_pem(pub: SM2PublicKey) -> str:
    return pem.armor("PUBLIC KEY", public_key_spki_der(pub)).decode("ascii")


def load_public_key_der(der: bytes) -> SM2PublicKey:
    """From a SubjectPublicKeyInfo with id-ecPublicKey and the SM2 curve. ValueError for anything else."""
    try:
        info = keys.PublicKeyInfo.load(der, strict=True)
        algorithm = info["algorithm"]
        if algorithm["algorithm"].dotted != EC_PUBLIC_KEY_OID or not _named_sm2_curve(algorithm["parameters"]):
            raise ValueError(f"not an SM2 key (id-ecPublicKey with curve {CURVE_OID})")
        return SM2PublicKey.from_raw(bytes(info["public_key"]))
    except DER_ERRORS as error:
        raise ValueError(f"not a readable SM2 public key: {error}") from None


def load_public_key_pem(pem_data: bytes) -> SM2PublicKey:
    try:
        label, _headers, der = pem.unarmor(pem_data)
    except DER_ERRORS as error:
        raise ValueError(f"not a readable SM2 public key: {error}") from None
    if label != "PUBLIC KEY":
        raise ValueError(f"not an SM2 public key: PEM label {label!r}, expected 'PUBLIC KEY'")
    return load_public_key_der(der)


# --- signatures ----------------------------------------------------------------------------------------------------


def _user_hash(pub: SM2PublicKey, user_id: bytes) -> bytes:
    """Z_A = SM3(ENTL_A || ID_A || a || b || x_G || y_G || x_A || y_A), GB/T 32918.2-2016 §5.5; ENTL_A is the length
    of the ID in bits, in two bytes."""
    id_bits = 8 * len(user_id)
    if id_bits >= 1 << 16:
        raise ValueError("an SM2 user ID must be shorter than 8192 bytes")
    coordinates = (A, B, GX, GY, pub.x, pub.y)
    return sm3(
        id_bits.to_bytes(2, "big") + user_id + b"".join(c.to_bytes(COORDINATE_BYTES, "big") for c in coordinates)
    )


def _message_digest(pub: SM2PublicKey, data: bytes, user_id: bytes) -> int:
    """e = SM3(Z_A || M) as an integer (GB/T 32918.2-2016 §6.1, steps A1-A2)."""
    return int.from_bytes(sm3(_user_hash(pub, user_id) + data), "big")


def _sign_digest(d: int, e: int, k: int) -> tuple[int, int] | None:
    """Steps A4-A6 of GB/T 32918.2-2016 §6.1 with the nonce k; None when the standard says to draw another k
    (r = 0, r + k = n, s = 0)."""
    x1, _y1 = _to_affine(_multiply_base(k))
    r = (e + x1) % N
    if r == 0 or r + k == N:
        return None
    s = pow(1 + d, -1, N) * (k - r * d) % N
    if s == 0:
        return None
    return r, s


def _encode_signature(r: int, s: int) -> bytes:
    """DER SEQUENCE { r INTEGER, s INTEGER } (GB/T 35276-2017), what OpenSSL writes and reads."""
    return algos.DSASignature({"r": r, "s": s}).dump()


def _decode_signature(signature: bytes) -> tuple[int, int] | None:
    """(r, s) of a DER signature; None when it is not exactly the DER encoding (as OpenSSL, which re-encodes and
    compares, so that one signature has one byte string)."""
    try:
        parsed = algos.DSASignature.load(signature, strict=True)
        r, s = parsed["r"].native, parsed["s"].native
    except DER_ERRORS:
        return None
    if _encode_signature(r, s) != signature:
        return None
    return r, s


def sign(key: SM2PrivateKey, data: bytes, user_id: bytes = DEFAULT_USER_ID) -> bytes:
    """The SM2 signature of `data` (hashed with SM3 over Z_A || data), DER-encoded.

    The nonce k is drawn from `secrets` (the operating system's CSPRNG), as GB/T 32918.2 §6.1 A3 describes; a
    deterministic k (RFC 6979 style) would guard against a broken random source, which `secrets` is not expected
    to be."""
    e = _message_digest(key.public_key(), data, user_id)
    while True:
        k = secrets.randbelow(N - 1) + 1
        signature = _sign_digest(key.d, e, k)
        if signature is not None:
            return _encode_signature(*signature)


def verify(pub: SM2PublicKey, data: bytes, signature: bytes, user_id: bytes = DEFAULT_USER_ID) -> bool:
    """Whether `signature` (DER) is pub's SM2 signature of `data`: GB/T 32918.2-2016 §7.1, steps B1-B7. False, never
    an exception, for a malformed signature."""
    decoded = _decode_signature(signature)
    if decoded is None:
        return False
    r, s = decoded
    if not (1 <= r <= N - 1 and 1 <= s <= N - 1):
        return False
    e = _message_digest(pub, data, user_id)
    t = (r + s) % N
    if t == 0:
        return False
    point = _to_affine(_add(_multiply_base(s), _multiply(t, (pub.x, pub.y, 1))))
    if point is None:
        return False
    return (e + point[0]) % N == r
