"""SM2/SM3 (gaoxin.documents.sm2) against the standards' examples and against OpenSSL 3, and the one face for both
algorithms (gaoxin.documents.crypto).

OpenSSL 3.0's `pkeyutl` computes Z_A with an empty user ID unless told otherwise, so every call below passes
`-pkeyopt distid:1234567812345678`, the default ID of GB/T 35276 that our signatures use.
"""

import hashlib
import shutil
import subprocess

import pytest
from asn1crypto import algos, keys, pem
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from gaoxin.documents import crypto, sm2

SM3_WITH_DEFAULT_ID = ("-rawin", "-digest", "sm3", "-pkeyopt", "distid:1234567812345678")
CHINESE_TEXT = "高新区管理委员会关于同意项目备案的批复（第 7 号）".encode()

# GM/T 0003.5-2012 (GB/T 32918.5) appendix A.2: a signature on sm2p256v1 with a fixed nonce.
EXAMPLE_D = 0x3945208F_7B2144B1_3F36E38A_C6D39F95_88939369_2860B51A_42FB81EF_4DF7C5B8
EXAMPLE_X = 0x09F9DF31_1E5421A1_50DD7D16_1E4BC5C6_72179FAD_1833FC07_6BB08FF3_56F35020
EXAMPLE_Y = 0xCCEA490C_E26775A5_2DC6EA71_8CC1AA60_0AED05FB_F35E084A_6632F607_2DA9AD13
EXAMPLE_MESSAGE = b"message digest"
EXAMPLE_E = 0xF0B43E94_BA45ACCA_ACE692ED_534382EB_17E6AB5A_19CE7B31_F4486FDF_C0D28640
EXAMPLE_K = 0x59276E27_D506861A_16680F3A_D9C02DCC_EF3CC1FA_3CDBE4CE_6D54B80D_EAC1BC21
EXAMPLE_R = 0xF5A03B06_48D2C463_0EEAC513_E1BB81A1_5944DA38_27D5B741_43AC7EAC_EEE720B3
EXAMPLE_S = 0xB1B6AA29_DF212FD8_763182BC_0D421CA1_BB9038FD_1F7F42D4_840B69C4_85BBC1AA


@pytest.fixture
def openssl():
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is not installed")

    def run(*args, check=True):
        return subprocess.run(["openssl", *args], check=check, capture_output=True)

    return run


def flipped(data: bytes, index: int) -> bytes:
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1 :]


# --- SM3 -----------------------------------------------------------------------------------------------------------


def test_sm3_of_abc_is_the_example_of_gbt_32905():
    assert sm2.sm3(b"abc").hex() == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


def test_sm3_of_a_64_byte_message_is_the_second_example_of_gbt_32905():
    expected = "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
    assert sm2.sm3(b"abcd" * 16).hex() == expected


# --- the standard's example ---------------------------------------------------------------------------------------


def test_the_example_key_has_the_example_public_key():
    public = sm2.SM2PrivateKey(EXAMPLE_D).public_key()
    assert (public.x, public.y) == (EXAMPLE_X, EXAMPLE_Y)


def test_the_example_message_digest_includes_z_a_of_the_default_id():
    public = sm2.SM2PublicKey(EXAMPLE_X, EXAMPLE_Y)
    assert sm2._message_digest(public, EXAMPLE_MESSAGE, sm2.DEFAULT_USER_ID) == EXAMPLE_E


def test_the_example_nonce_gives_the_example_signature():
    assert sm2._sign_digest(EXAMPLE_D, EXAMPLE_E, EXAMPLE_K) == (EXAMPLE_R, EXAMPLE_S)


def test_the_example_signature_verifies_and_a_changed_message_does_not():
    public = sm2.SM2PublicKey(EXAMPLE_X, EXAMPLE_Y)
    signature = algos.DSASignature({"r": EXAMPLE_R, "s": EXAMPLE_S}).dump()
    assert sm2.verify(public, EXAMPLE_MESSAGE, signature)
    assert not sm2.verify(public, b"message digesT", signature)
    assert not sm2.verify(public, EXAMPLE_MESSAGE, signature, user_id=b"ALICE123@YAHOO.COM")


# --- the standard's rejections ------------------------------------------------------------------------------------


def _x1(k: int) -> int:
    return sm2._to_affine(sm2._multiply_base(k))[0]


def test_a_nonce_giving_r_zero_is_refused():
    e = -_x1(EXAMPLE_K) % sm2.N  # r = (e + x1) mod n = 0
    assert sm2._sign_digest(EXAMPLE_D, e, EXAMPLE_K) is None


def test_a_nonce_giving_r_plus_k_equal_to_n_is_refused():
    e = (sm2.N - EXAMPLE_K - _x1(EXAMPLE_K)) % sm2.N  # r = n - k
    assert sm2._sign_digest(EXAMPLE_D, e, EXAMPLE_K) is None


def test_a_nonce_giving_s_zero_is_refused():
    r = EXAMPLE_K * pow(EXAMPLE_D, -1, sm2.N) % sm2.N  # k - r·d = 0
    e = (r - _x1(EXAMPLE_K)) % sm2.N
    assert sm2._sign_digest(EXAMPLE_D, e, EXAMPLE_K) is None


def _der(r: int, s: int) -> bytes:
    return algos.DSASignature({"r": r, "s": s}).dump()


EXAMPLE_DER = _der(EXAMPLE_R, EXAMPLE_S)


def _ber_with_padded_r() -> bytes:
    """The example signature with r written with one superfluous leading zero byte: valid BER, not DER."""
    r = b"\x02\x22\x00\x00" + EXAMPLE_R.to_bytes(32, "big")
    s = algos.Integer(EXAMPLE_S).dump()
    return bytes([0x30, len(r) + len(s)]) + r + s


@pytest.mark.parametrize(
    "signature",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"\x30\x00", id="empty sequence"),
        pytest.param(b"not a signature", id="text"),
        pytest.param(EXAMPLE_DER + b"\x00", id="trailing byte"),
        pytest.param(EXAMPLE_DER[:-1], id="truncated"),
        pytest.param(_der(0, EXAMPLE_S), id="r = 0"),
        pytest.param(_der(EXAMPLE_R, 0), id="s = 0"),
        pytest.param(_der(sm2.N, EXAMPLE_S), id="r = n"),
        pytest.param(_der(EXAMPLE_R, sm2.N + EXAMPLE_S), id="s > n"),
        pytest.param(_der(-EXAMPLE_R, EXAMPLE_S), id="negative r"),
        pytest.param(_der(EXAMPLE_R, sm2.N - EXAMPLE_R), id="t = r + s = n"),
        pytest.param(_ber_with_padded_r(), id="r with a superfluous zero byte (BER)"),
        pytest.param(None, id="None"),
    ],
)
def test_a_malformed_signature_is_false_not_an_exception(signature):
    public = sm2.SM2PublicKey(EXAMPLE_X, EXAMPLE_Y)
    assert sm2.verify(public, EXAMPLE_MESSAGE, signature) is False


def test_private_keys_outside_1_to_n_minus_2_are_refused():
    for d in (0, sm2.N - 1, sm2.N):
        with pytest.raises(ValueError, match=r"\[1, n-2\]"):
            sm2.SM2PrivateKey(d)


def test_a_point_off_the_curve_is_not_a_public_key():
    with pytest.raises(ValueError, match="not a point"):
        sm2.SM2PublicKey(EXAMPLE_X, EXAMPLE_Y + 1)


def test_own_signatures_verify_and_are_randomized():
    key = sm2.generate_private_key()
    first, second = sm2.sign(key, CHINESE_TEXT), sm2.sign(key, CHINESE_TEXT)
    assert first != second
    assert sm2.verify(key.public_key(), CHINESE_TEXT, first)
    assert sm2.verify(key.public_key(), CHINESE_TEXT, second)
    assert not sm2.verify(sm2.generate_private_key().public_key(), CHINESE_TEXT, first)


# --- OpenSSL interoperability -------------------------------------------------------------------------------------


@pytest.fixture
def openssl_key(openssl, tmp_path):
    path = tmp_path / "openssl-key.pem"
    openssl("genpkey", "-algorithm", "sm2", "-out", str(path))
    return path


def test_a_key_made_by_openssl_loads_with_its_public_key(openssl, openssl_key, tmp_path):
    key = sm2.load_private_key_pem(openssl_key.read_bytes())
    openssl_public = openssl("pkey", "-in", str(openssl_key), "-pubout").stdout.decode()
    assert sm2.public_key_pem(key.public_key()) == openssl_public
    assert sm2.load_public_key_pem(openssl_public.encode()) == key.public_key()


def test_the_sec1_form_of_an_openssl_key_loads_too(openssl, openssl_key, tmp_path):
    sec1 = tmp_path / "sec1.pem"
    openssl("ec", "-in", str(openssl_key), "-out", str(sec1))  # OpenSSL 3 labels it "SM2 PRIVATE KEY"
    expected = sm2.load_private_key_pem(openssl_key.read_bytes())
    assert sm2.load_private_key_pem(sec1.read_bytes()) == expected
    relabelled = sec1.read_text().replace("SM2 PRIVATE KEY", "EC PRIVATE KEY").encode()
    assert sm2.load_private_key_pem(relabelled) == expected


def _openssl_verifies(openssl, public_pem, data_path, signature_path) -> bool:
    files = ["-pubin", "-inkey", str(public_pem), "-in", str(data_path), "-sigfile", str(signature_path)]
    return openssl("pkeyutl", "-verify", *SM3_WITH_DEFAULT_ID, *files, check=False).returncode == 0


def test_our_signature_verifies_with_openssl_and_a_changed_byte_does_not(openssl, openssl_key, tmp_path):
    key = sm2.load_private_key_pem(openssl_key.read_bytes())
    signature = sm2.sign(key, CHINESE_TEXT)
    public_pem, data, changed_data = tmp_path / "pub.pem", tmp_path / "data", tmp_path / "changed-data"
    good, changed = tmp_path / "sig", tmp_path / "changed-sig"
    public_pem.write_text(sm2.public_key_pem(key.public_key()))
    data.write_bytes(CHINESE_TEXT)
    changed_data.write_bytes(flipped(CHINESE_TEXT, 5))
    good.write_bytes(signature)
    changed.write_bytes(flipped(signature, len(signature) - 3))

    assert _openssl_verifies(openssl, public_pem, data, good)
    assert not _openssl_verifies(openssl, public_pem, changed_data, good)
    assert not _openssl_verifies(openssl, public_pem, data, changed)


def test_an_openssl_signature_verifies_with_ours_and_a_changed_byte_does_not(openssl, openssl_key, tmp_path):
    data, signature_path = tmp_path / "data", tmp_path / "sig"
    data.write_bytes(CHINESE_TEXT)
    files = ["-inkey", str(openssl_key), "-in", str(data), "-out", str(signature_path)]
    openssl("pkeyutl", "-sign", *SM3_WITH_DEFAULT_ID, *files)
    signature = signature_path.read_bytes()
    public = sm2.load_private_key_pem(openssl_key.read_bytes()).public_key()

    assert sm2.verify(public, CHINESE_TEXT, signature)
    assert not sm2.verify(public, flipped(CHINESE_TEXT, 5), signature)
    assert not sm2.verify(public, CHINESE_TEXT, flipped(signature, len(signature) - 3))


def test_a_key_we_generate_is_read_by_openssl_private_and_public(openssl, tmp_path):
    key = sm2.generate_private_key()
    private_path, public_path = tmp_path / "key.pem", tmp_path / "pub.pem"
    private_path.write_text(sm2.private_key_pem(key))
    public_path.write_text(sm2.public_key_pem(key.public_key()))

    openssl("pkey", "-in", str(private_path), "-noout")
    openssl("pkey", "-pubin", "-in", str(public_path), "-noout")
    derived = openssl("pkey", "-in", str(private_path), "-pubout").stdout.decode()
    assert derived == sm2.public_key_pem(key.public_key())


def test_a_small_private_key_keeps_its_leading_zero_bytes(openssl, tmp_path):
    key = sm2.SM2PrivateKey(12345)
    path = tmp_path / "key.pem"
    path.write_text(sm2.private_key_pem(key))
    openssl("pkey", "-in", str(path), "-noout")
    assert sm2.load_private_key_pem(path.read_bytes()) == key


@pytest.mark.parametrize(
    ("pem_data", "message"),
    [
        (b"no pem here", "not a readable SM2 private key"),
        (
            ec.generate_private_key(ec.SECP256R1()).private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            ),
            "not an SM2 key",
        ),
        (
            ec.generate_private_key(ec.SECP256R1()).private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
            ),
            "not on the SM2 curve",
        ),
        (sm2.public_key_pem(sm2.SM2PublicKey(EXAMPLE_X, EXAMPLE_Y)).encode(), "PEM label 'PUBLIC KEY'"),
    ],
    ids=["not PEM", "PKCS#8 P-256", "SEC 1 P-256", "a public key"],
)
def test_other_keys_are_refused_with_a_clear_message(pem_data, message):
    with pytest.raises(ValueError, match=message):
        sm2.load_private_key_pem(pem_data)


def test_a_private_key_carrying_someone_elses_public_key_is_refused():
    mismatched = keys.ECPrivateKey(
        {
            "version": "ecPrivkeyVer1",
            "private_key": sm2.generate_private_key().d,
            "parameters": {"named": sm2.CURVE_OID},
            "public_key": sm2.generate_private_key().public_key().raw(),
        }
    )
    with pytest.raises(ValueError, match="does not belong to it"):
        sm2.load_private_key_pem(pem.armor("EC PRIVATE KEY", mismatched.dump()))


# --- crypto.py: one face for Ed25519 and SM2 ----------------------------------------------------------------------


@pytest.fixture(params=crypto.ALGORITHMS)
def private_key(request) -> crypto.PrivateKey:
    return crypto.load_private_key_pem(crypto.generate_private_key_pem(request.param))


def test_each_algorithm_signs_and_verifies_through_the_same_face(private_key):
    public = private_key.public_key()
    signature = private_key.sign(CHINESE_TEXT)
    assert public.verify(CHINESE_TEXT, signature)
    assert not public.verify(flipped(CHINESE_TEXT, 0), signature)
    assert not public.verify(CHINESE_TEXT, flipped(signature, 10))
    for malformed in (b"", b"\x00" * 64, None, "text"):
        assert public.verify(CHINESE_TEXT, malformed) is False


def test_public_keys_round_trip_through_pem_and_der(private_key):
    public = private_key.public_key()
    assert crypto.load_public_key_pem(public.pem()) == public
    assert crypto.load_public_key_der(public.spki_der()) == public
    assert public.key_id() == hashlib.sha256(public.raw()).hexdigest()[:16]


def test_a_pem_written_on_one_line_with_escaped_newlines_loads(private_key):
    one_line = crypto.generate_private_key_pem(private_key.algorithm).strip().replace("\n", "\\n")
    assert crypto.load_private_key_pem(one_line).algorithm == private_key.algorithm


def test_ed25519_through_the_face_is_cryptographys_ed25519_and_the_license_key_id():
    key = crypto.load_private_key_pem(crypto.generate_private_key_pem(crypto.ED25519))
    public = key.public_key()
    signature = key.sign(CHINESE_TEXT)
    assert len(signature) == 64 and len(public.raw()) == 32
    key.key.public_key().verify(signature, CHINESE_TEXT)  # raises if cryptography disagrees
    # The key id licenses were always signed under: the first 16 hex digits of SHA-256 of the raw public key.
    raw = public.key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert public.key_id() == hashlib.sha256(raw).hexdigest()[:16]
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    assert public.pem() == public.key.public_bytes(serialization.Encoding.PEM, spki).decode()
    assert public.signature_oid == "1.3.101.112"


def test_sm2_through_the_face_is_sm2_py():
    key = crypto.load_private_key_pem(crypto.generate_private_key_pem(crypto.SM2))
    public = key.public_key()
    assert sm2.verify(public.key, CHINESE_TEXT, key.sign(CHINESE_TEXT))
    assert public.raw() == public.key.raw() and len(public.raw()) == 65
    assert public.spki_der() == sm2.public_key_spki_der(public.key)
    assert public.signature_oid == "1.2.156.10197.1.501"


def test_an_unusable_private_key_names_the_accepted_kinds():
    p384 = ec.generate_private_key(ec.SECP384R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    for pem_text in (p384.decode(), "garbage"):
        with pytest.raises(ValueError) as error:
            crypto.load_private_key_pem(pem_text)
        assert "openssl genpkey -algorithm ed25519" in str(error.value)
        assert "openssl genpkey -algorithm sm2" in str(error.value)


def test_a_key_of_the_wrong_kind_for_its_algorithm_is_refused():
    sm2_key = sm2.generate_private_key()
    with pytest.raises(TypeError):
        crypto.PrivateKey(crypto.ED25519, sm2_key)
    with pytest.raises(ValueError, match="unknown signature algorithm"):
        crypto.PrivateKey("rsa", sm2_key)
    with pytest.raises(ValueError, match="unknown signature algorithm"):
        crypto.generate_private_key_pem("rsa")
