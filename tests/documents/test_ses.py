"""GB/T 38540-2020 seals and signatures (gaoxin.documents.ses) for both algorithms: they round-trip, OpenSSL parses
them, and check_signature finds what was changed."""

import shutil
import subprocess
from datetime import UTC, datetime, timedelta

import pytest

from gaoxin.documents import crypto, ses, sm2

DOCUMENT = "关于同意高新区创新中心项目备案的批复\n\n经审查，同意备案。".encode()
CREATED = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
VALID_END = CREATED + timedelta(days=3 * 365)
SIGNED_AT = CREATED + timedelta(days=10, hours=2)
PROPERTY_INFO = "doc=GX-2026-0007;range=all;bytes=87"


@pytest.fixture
def openssl():
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is not installed")

    def run(*args, check=True, input=None):
        return subprocess.run(["openssl", *args], check=check, capture_output=True, input=input)

    return run


@pytest.fixture(params=crypto.ALGORITHMS)
def key(request) -> crypto.PrivateKey:
    return crypto.load_private_key_pem(crypto.generate_private_key_pem(request.param))


def make_certificate(key: crypto.PrivateKey) -> bytes:
    return ses.certificate_der(
        key,
        common_name="高新区管理委员会电子印章",
        organization="高新技术产业开发区管理委员会",
        serial=20260301,
        not_before=CREATED,
        not_after=VALID_END,
    )


def make_seal(key: crypto.PrivateKey, cert: bytes, maker: crypto.PrivateKey | None = None) -> bytes:
    return ses.seal_der(
        es_id="GX-SEAL-0001",
        name="高新区管理委员会",
        picture=b'<svg xmlns="http://www.w3.org/2000/svg"/>',
        picture_type="SVG",
        width_mm=42,
        height_mm=42,
        created=CREATED,
        valid_start=CREATED,
        valid_end=VALID_END,
        cert=cert,
        maker=maker or key,
    )


def make_signature(
    key: crypto.PrivateKey, *, cert: bytes | None = None, seal: bytes | None = None, signed_at: datetime = SIGNED_AT
) -> bytes:
    cert = cert or make_certificate(key)
    signed = {"seal": seal or make_seal(key, cert), "signed_at": signed_at, "data": DOCUMENT}
    value = ses.signature_value(**signed, property_info=PROPERTY_INFO, key=key)
    return ses.signature_der(
        **signed,
        property_info=PROPERTY_INFO,
        cert=cert,
        signature_oid=key.public_key().signature_oid,
        signature=value,
    )


def flipped(data: bytes, index: int) -> bytes:
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1 :]


def test_a_signature_reads_back_what_was_signed(key):
    cert = make_certificate(key)
    der = make_signature(key, cert=cert)
    summary = ses.read_signature(der)
    assert summary.version == 4
    assert summary.seal_name == "高新区管理委员会"
    assert summary.es_id == "GX-SEAL-0001"
    assert (summary.valid_start, summary.valid_end) == (CREATED, VALID_END)
    assert summary.signed_at == SIGNED_AT
    assert summary.data_hash == sm2.sm3(DOCUMENT)
    assert summary.property_info == PROPERTY_INFO
    assert summary.signature_oid == key.public_key().signature_oid
    assert summary.cert == cert
    assert key.public_key().verify(summary.tbs_der, summary.signature)
    assert summary.seal_der in der


def test_a_good_signature_has_no_problems(key):
    assert ses.check_signature(make_signature(key), DOCUMENT, key.public_key()) == []


def test_a_changed_document_byte_is_found(key):
    problems = ses.check_signature(make_signature(key), flipped(DOCUMENT, 3), key.public_key())
    assert problems == ["dataHash is not the SM3 hash of the document"]


def test_a_changed_byte_of_the_signed_information_is_found(key):
    der = make_signature(key)
    position = der.index(PROPERTY_INFO.encode()) + 4  # "doc=GX-…" becomes "doc=FX-…": still ASCII, still parses
    tampered = flipped(der, position)
    assert ses.read_signature(tampered).property_info != PROPERTY_INFO
    assert ses.check_signature(tampered, DOCUMENT, key.public_key()) == [
        "the signature over TBS_Sign does not verify with the key"
    ]


def test_a_foreign_key_is_found(key):
    foreign = crypto.load_private_key_pem(crypto.generate_private_key_pem(key.algorithm)).public_key()
    assert ses.check_signature(make_signature(key), DOCUMENT, foreign) == [
        "the signature over TBS_Sign does not verify with the key",
        "the signer's certificate is not of the key",
    ]


def test_a_key_of_the_other_algorithm_is_found():
    ed25519, sm2_key = (crypto.load_private_key_pem(crypto.generate_private_key_pem(a)) for a in crypto.ALGORITHMS)
    problems = ses.check_signature(make_signature(ed25519), DOCUMENT, sm2_key.public_key())
    assert problems == [
        "signatureAlgID 1.3.101.112 is not the key's algorithm (1.2.156.10197.1.501)",
        "the signer's certificate is not of the key",
    ]


def test_a_seal_not_signed_by_the_key_of_its_certificate_is_found(key):
    cert = make_certificate(key)
    impostor = crypto.load_private_key_pem(crypto.generate_private_key_pem(key.algorithm))
    der = make_signature(key, cert=cert, seal=make_seal(key, cert, maker=impostor))
    assert ses.check_signature(der, DOCUMENT, key.public_key()) == [
        "the seal's signedValue does not verify with its maker's certificate"
    ]


def test_a_signer_certificate_the_seal_does_not_list_is_found(key):
    der = make_signature(key, cert=make_certificate(key), seal=make_seal(key, make_certificate(key)))
    problems = ses.check_signature(der, DOCUMENT, key.public_key())
    if key.algorithm == crypto.ED25519:  # Ed25519 signatures are deterministic: the two certificates are one
        assert problems == []
    else:
        assert problems == ["the signer's certificate is not one of the seal's signer certificates"]


def test_a_signer_certificate_of_another_key_is_found(key):
    other = crypto.load_private_key_pem(crypto.generate_private_key_pem(key.algorithm))
    other_cert = make_certificate(other)
    der = make_signature(key, cert=other_cert, seal=make_seal(key, other_cert, maker=other))
    assert ses.check_signature(der, DOCUMENT, key.public_key()) == ["the signer's certificate is not of the key"]


def test_a_signature_outside_the_seals_validity_is_found(key):
    der = make_signature(key, signed_at=VALID_END + timedelta(seconds=1))
    assert ses.check_signature(der, DOCUMENT, key.public_key()) == ["the signing time is outside the seal's validity"]


@pytest.mark.parametrize(
    "der",
    [b"", b"garbage", b"\x30\x03\x02\x01\x04"],
    ids=["empty", "not DER", "a sequence of the wrong shape"],
)
def test_malformed_input_is_a_value_error_and_one_problem(der):
    with pytest.raises(ValueError, match="not a GB/T 38540 SES_Signature"):
        ses.read_signature(der)
    problems = ses.check_signature(
        der, DOCUMENT, crypto.PrivateKey(crypto.SM2, sm2.generate_private_key()).public_key()
    )
    assert len(problems) == 1 and "SES_Signature" in problems[0]


def test_trailing_bytes_are_malformed(key):
    with pytest.raises(ValueError):
        ses.read_signature(make_signature(key) + b"\x00")


def test_an_encoding_other_than_der_is_malformed(key):
    """The outer signature, which nothing signs, with its length in BER's long form: the same value, other bytes."""
    der = make_signature(key)
    signature = ses.read_signature(der).signature
    bit_string = bytes([0x03, len(signature) + 1, 0x00]) + signature
    assert der.endswith(bit_string) and der[1] == 0x82  # the outer SEQUENCE's length takes two bytes
    outer_length = int.from_bytes(der[2:4], "big") + 1
    ber = b"\x30\x82" + outer_length.to_bytes(2, "big") + der[4 : -len(bit_string)] + bit_string[:1] + b"\x81"
    ber += bit_string[1:]
    assert ses.SES_Signature.load(ber).native["signature"] == signature  # asn1crypto alone would accept it
    with pytest.raises(ValueError, match="not in DER"):
        ses.read_signature(ber)


def test_every_single_byte_change_is_either_refused_or_found(key):
    der = make_signature(key)
    for position in range(0, len(der), 23):
        assert ses.check_signature(flipped(der, position), DOCUMENT, key.public_key()) != [], position


def test_inputs_the_standard_cannot_carry_are_refused(key):
    cert = make_certificate(key)
    with pytest.raises(ValueError, match="time zone"):
        ses.signature_value(
            seal=make_seal(key, cert), signed_at=datetime(2026, 3, 2), data=b"", property_info="", key=key
        )
    with pytest.raises(ValueError, match="ASCII"):
        ses.signature_value(seal=make_seal(key, cert), signed_at=SIGNED_AT, data=b"", property_info="全文", key=key)
    with pytest.raises(ValueError, match="SES_Seal"):
        ses.signature_value(seal=b"not a seal", signed_at=SIGNED_AT, data=b"", property_info="", key=key)


def test_openssl_parses_the_seal_and_the_signature(openssl, key, tmp_path):
    cert = make_certificate(key)
    seal, signature = tmp_path / "seal.der", tmp_path / "signature.der"
    seal.write_bytes(make_seal(key, cert))
    signature.write_bytes(make_signature(key, cert=cert, seal=seal.read_bytes()))
    assert b"IA5STRING         :ES" in openssl("asn1parse", "-inform", "DER", "-in", str(seal)).stdout
    assert PROPERTY_INFO.encode() in openssl("asn1parse", "-inform", "DER", "-in", str(signature)).stdout


def test_openssl_reads_the_certificate(openssl, key, tmp_path):
    path = tmp_path / "cert.der"
    path.write_bytes(make_certificate(key))
    text = openssl("x509", "-inform", "DER", "-in", str(path), "-noout", "-text").stdout.decode()
    expected_algorithm = {crypto.ED25519: "ED25519", crypto.SM2: "SM2-with-SM3"}[key.algorithm]
    assert f"Signature Algorithm: {expected_algorithm}" in text
    assert "Digital Signature, Non Repudiation" in text


def test_openssl_verifies_the_ed25519_certificate(openssl, tmp_path):
    key = crypto.load_private_key_pem(crypto.generate_private_key_pem(crypto.ED25519))
    path = tmp_path / "cert.pem"
    path.write_bytes(openssl("x509", "-inform", "DER", "-outform", "PEM", input=make_certificate(key)).stdout)
    openssl("verify", "-check_ss_sig", "-CAfile", str(path), str(path))


def test_openssl_verifies_the_sm2_certificate_signature_under_the_default_id(openssl, tmp_path):
    """OpenSSL 3.0 applies -vfyopt distid only to the certificate being verified, not to a trust anchor taken from
    the store; so the certificate is verified as an untrusted self-signed one, where -check_ss_sig checks its
    signature. "self-signed certificate" (error 18) is expected; "certificate signature failure" (7) must not come
    with the standard's ID, and does come with OpenSSL's empty default, which shows the signature is checked."""
    key = crypto.load_private_key_pem(crypto.generate_private_key_pem(crypto.SM2))
    path = tmp_path / "cert.pem"
    path.write_bytes(openssl("x509", "-inform", "DER", "-outform", "PEM", input=make_certificate(key)).stdout)
    untrusted = ["verify", "-no-CAfile", "-no-CApath", "-no-CAstore", "-check_ss_sig"]

    with_default_id = openssl(*untrusted, "-vfyopt", "distid:1234567812345678", str(path), check=False).stderr
    with_empty_id = openssl(*untrusted, str(path), check=False).stderr
    assert b"self-signed certificate" in with_default_id
    assert b"certificate signature failure" not in with_default_id
    assert b"certificate signature failure" in with_empty_id
