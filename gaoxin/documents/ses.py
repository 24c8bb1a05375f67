"""Electronic seals and seal signatures of GB/T 38540-2020 (安全电子签章密码技术规范), version 4, in DER.

The ASN.1 classes below carry the standard's own names (its spelling "Pictrue" included), so each can be laid beside
the standard's definitions (电子印章数据格式, 电子签章数据格式). The layout was checked against two independent
implementations of the 2020 (v4) structures: ofdrw (Java, org.ofdrw.gm.ses.v4) and gm_0031_38540_verifier (C, OpenSSL
templates). Both sign the DER of SES_SealInfo for the seal and the DER of TBS_Sign for the signature; ofdrw tags
TBS_Sign.extDatas and SES_Signature.timeStamp as [0] EXPLICIT.

A seal also needs X.509 certificates (its `cert` fields); certificate_der makes a self-signed one for a seal's key until
a CA-issued certificate replaces it.
"""

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

from asn1crypto import core, keys, x509

from gaoxin.documents import crypto, sm2

SEAL_ID = "ES"  # SES_Header.ID, a fixed value
VERSION = 4  # SES_Header.version and TBS_Sign.version of GB/T 38540-2020
ORGANIZATION_SEAL = 1  # SES_ESPropertyInfo.type, whose values the standard leaves to us: 1 单位印章 (organization)
CERTIFICATES = 1  # SES_ESPropertyInfo.certListType: 1 = certificates, 2 = certificate digests
CERTIFICATE_DIGESTS = 2
UTC_TIME_LAST_YEAR = 2049  # RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050


# --- ASN.1 (GB/T 38540-2020) ----------------------------------------------------------------------------------------


class ExtData(core.Sequence):
    _fields = [
        ("extnID", core.ObjectIdentifier),
        ("critical", core.Boolean, {"default": False}),
        ("extnValue", core.OctetString),
    ]


class ExtensionDatas(core.SequenceOf):
    _child_spec = ExtData


class SES_Header(core.Sequence):
    _fields = [("ID", core.IA5String), ("version", core.Integer), ("Vid", core.IA5String)]


class CertInfoList(core.SequenceOf):
    _child_spec = core.OctetString


class CertDigestObj(core.Sequence):
    _fields = [("type", core.PrintableString), ("value", core.OctetString)]


class CertDigestList(core.SequenceOf):
    _child_spec = CertDigestObj


def _cert_list_spec(property_info: "SES_ESPropertyInfo"):
    """certList is a CHOICE the preceding certListType selects: certificates, or their digests."""
    return CertDigestList if property_info["certListType"].native == CERTIFICATE_DIGESTS else CertInfoList


class SES_ESPropertyInfo(core.Sequence):
    _fields = [
        ("type", core.Integer),
        ("name", core.UTF8String),
        ("certListType", core.Integer),
        ("certList", core.Any),
        ("createDate", core.GeneralizedTime),
        ("validStart", core.GeneralizedTime),
        ("validEnd", core.GeneralizedTime),
    ]
    _spec_callbacks = {"certList": _cert_list_spec}


class SES_ESPictrueInfo(core.Sequence):
    _fields = [
        ("type", core.IA5String),
        ("data", core.OctetString),
        ("width", core.Integer),  # millimetres
        ("height", core.Integer),
    ]


class SES_SealInfo(core.Sequence):
    _fields = [
        ("header", SES_Header),
        ("esID", core.IA5String),
        ("property", SES_ESPropertyInfo),
        ("picture", SES_ESPictrueInfo),
        ("extDatas", ExtensionDatas, {"optional": True}),
    ]


class SES_Seal(core.Sequence):
    _fields = [
        ("eSealInfo", SES_SealInfo),
        ("cert", core.OctetString),  # the maker's (制章者) certificate, DER
        ("signAlgID", core.ObjectIdentifier),
        ("signedValue", core.OctetBitString),  # the maker's signature over DER(eSealInfo)
    ]


class TBS_Sign(core.Sequence):
    _fields = [
        ("version", core.Integer),
        ("eseal", SES_Seal),
        ("timeInfo", core.GeneralizedTime),
        ("dataHash", core.OctetBitString),  # SM3 of the signed document
        ("propertyInfo", core.IA5String),
        ("extDatas", ExtensionDatas, {"explicit": 0, "optional": True}),
    ]


class SES_Signature(core.Sequence):
    _fields = [
        ("toSign", TBS_Sign),
        ("cert", core.OctetString),  # the signer's (签章者) certificate, DER
        ("signatureAlgID", core.ObjectIdentifier),
        ("signature", core.OctetBitString),  # over DER(toSign)
        ("timeStamp", core.OctetBitString, {"explicit": 0, "optional": True}),
    ]


# --- values ---------------------------------------------------------------------------------------------------------


def _utc(moment: datetime) -> datetime:
    """In UTC, to the second: DER times end in Z, and a fraction would only invite encodings that differ."""
    if moment.tzinfo is None:
        raise ValueError(f"{moment} has no time zone; seals and signatures need aware datetimes")
    return moment.astimezone(UTC).replace(microsecond=0)


def _ascii(text: str, field: str) -> str:
    if not text.isascii():
        raise ValueError(f"{field} must be ASCII (an IA5String in GB/T 38540): {text!r}")
    return text


def _x509_time(moment: datetime) -> x509.Time:
    moment = _utc(moment)
    return x509.Time({"utc_time" if moment.year <= UTC_TIME_LAST_YEAR else "general_time": moment})


def certificate_der(
    key: crypto.PrivateKey,
    *,
    common_name: str,
    organization: str,
    serial: int,
    not_before: datetime,
    not_after: datetime,
) -> bytes:
    """A self-signed X.509 v3 certificate of `key` (RFC 5280), for the `cert` fields of seals and signatures.

    Built the same way for both algorithms: the signature AlgorithmIdentifier is the bare OID (RFC 8410 §3 for
    Ed25519; OpenSSL writes SM2-with-SM3 the same way), and an SM2 signature uses the default user ID
    (GB/T 35276). Key usage: digital signature and non-repudiation, as for a signer's certificate; not a CA."""
    if serial <= 0:
        raise ValueError("a certificate serial number must be a positive integer (RFC 5280 §4.1.2.2)")
    public = key.public_key()
    name = x509.Name.build({"common_name": common_name, "organization_name": organization})
    algorithm = {"algorithm": public.signature_oid}
    tbs = x509.TbsCertificate(
        {
            "version": "v3",
            "serial_number": serial,
            "signature": algorithm,
            "issuer": name,
            "validity": {"not_before": _x509_time(not_before), "not_after": _x509_time(not_after)},
            "subject": name,
            "subject_public_key_info": keys.PublicKeyInfo.load(public.spki_der()),
            "extensions": [
                {"extn_id": "basic_constraints", "critical": True, "extn_value": {"ca": False}},
                {
                    "extn_id": "key_usage",
                    "critical": True,
                    "extn_value": {"digital_signature", "non_repudiation"},
                },
                # RFC 5280 §4.2.1.2 method (1): SHA-1 of the subject public key bits.
                {"extn_id": "key_identifier", "extn_value": hashlib.sha1(public.raw()).digest()},
            ],
        }
    )
    certificate = x509.Certificate(
        {"tbs_certificate": tbs, "signature_algorithm": algorithm, "signature_value": key.sign(tbs.dump())}
    )
    return certificate.dump()


def seal_der(
    *,
    es_id: str,
    name: str,
    picture: bytes,
    picture_type: str,
    width_mm: int,
    height_mm: int,
    created: datetime,
    valid_start: datetime,
    valid_end: datetime,
    cert: bytes,
    maker: crypto.PrivateKey,
    vendor: str = "GAOXIN",
) -> bytes:
    """An electronic seal (电子印章), SES_Seal: the seal's information signed by its maker.

    GB/T 38540 has a maker (制章者, the seal authority) sign the seal and lists the certificates of those allowed to
    sign with it. Here the seal's own key is its maker, so `cert` is both the maker's certificate and the one signer
    certificate of the list, and `maker` is the key that will later sign documents with the seal."""
    valid_start, valid_end = _utc(valid_start), _utc(valid_end)
    if not valid_start < valid_end:
        raise ValueError("a seal's validity must start before it ends")
    seal_info = SES_SealInfo(
        {
            "header": {"ID": SEAL_ID, "version": VERSION, "Vid": _ascii(vendor, "vendor")},
            "esID": _ascii(es_id, "es_id"),
            "property": {
                "type": ORGANIZATION_SEAL,
                "name": name,
                "certListType": CERTIFICATES,
                "certList": CertInfoList([cert]),
                "createDate": _utc(created),
                "validStart": valid_start,
                "validEnd": valid_end,
            },
            "picture": {
                "type": _ascii(picture_type, "picture_type"),
                "data": picture,
                "width": width_mm,
                "height": height_mm,
            },
        }
    )
    seal = SES_Seal(
        {
            "eSealInfo": seal_info,
            "cert": cert,
            "signAlgID": maker.public_key().signature_oid,
            "signedValue": maker.sign(seal_info.dump()),  # over the DER of SES_SealInfo
        }
    )
    return seal.dump()


def _load_der(spec: type[core.Sequence], der: bytes) -> core.Sequence:
    """`der` read as `spec`, which it must encode in DER and nothing else (GB/T 38540 asks for DER). asn1crypto also
    reads BER, and ignores a BIT STRING's unused-bit count: without this, bytes outside the signed TBS_Sign could
    change unnoticed."""
    try:
        value = spec.load(der, strict=True)
        canonical = value.dump(force=True)  # parses every field and encodes it again
        value.native  # noqa: B018 - and converts every value, so that a bad time or string fails here
    except sm2.DER_ERRORS as error:
        raise ValueError(f"not a GB/T 38540 {spec.__name__}: {error}") from None
    if canonical != der:
        raise ValueError(f"not a GB/T 38540 {spec.__name__}: not in DER")
    return value


def _load_seal(der: bytes) -> SES_Seal:
    return _load_der(SES_Seal, der)


@lru_cache(maxsize=16)
def _checked_seal(der: bytes) -> bytes:
    """`der` once it has been read as a DER SES_Seal: a seal signs many documents, and checking its 17 KB each time
    cost more than the signature."""
    _load_seal(der)
    return der


def _tbs_sign(*, seal: bytes, signed_at: datetime, data: bytes, property_info: str) -> TBS_Sign:
    """TBS_Sign, built the same way at signing and at every rebuilding: dataHash is SM3(data), the time is to the
    second, and the seal is embedded as given, byte for byte, so its own signature still holds."""
    return TBS_Sign(
        {
            "version": VERSION,
            "eseal": SES_Seal.load(_checked_seal(seal)),
            "timeInfo": _utc(signed_at),
            "dataHash": sm2.sm3(data),
            "propertyInfo": _ascii(property_info, "property_info"),
        }
    )


def signature_value(
    *, seal: bytes, signed_at: datetime, data: bytes, property_info: str, key: crypto.PrivateKey
) -> bytes:
    """The signer's signature over DER(TBS_Sign) for `data` under `seal`. With it, the seal and the signer's
    certificate, signature_der rebuilds the whole SES_Signature: a document keeps only these 64 to 72 bytes rather
    than a copy of its seal. `property_info` (ASCII) names what was signed; the standard asks for at least the range
    the signature protects."""
    return key.sign(_tbs_sign(seal=seal, signed_at=signed_at, data=data, property_info=property_info).dump())


def signature_der(
    *,
    seal: bytes,
    signed_at: datetime,
    data: bytes,
    property_info: str,
    cert: bytes,
    signature_oid: str,
    signature: bytes,
) -> bytes:
    """An electronic signature (电子签章), SES_Signature, of `data` under `seal`: TBS_Sign as signature_value signed
    it, the signer's certificate, the algorithm and the signature value."""
    return SES_Signature(
        {
            "toSign": _tbs_sign(seal=seal, signed_at=signed_at, data=data, property_info=property_info),
            "cert": cert,
            "signatureAlgID": signature_oid,
            "signature": signature,
        }
    ).dump()


@dataclass(frozen=True)
class SesSignature:
    """What a GB/T 38540 SES_Signature says, read but not yet checked (check_signature does that)."""

    version: int
    seal_name: str
    es_id: str
    valid_start: datetime
    valid_end: datetime
    signed_at: datetime
    data_hash: bytes
    property_info: str
    signature_oid: str
    signature: bytes
    cert: bytes  # the signer's certificate, DER
    tbs_der: bytes  # TBS_Sign exactly as signed
    seal_der: bytes  # the SES_Seal exactly as embedded


def _summary(record: SES_Signature) -> SesSignature:
    to_sign = record["toSign"]
    seal = to_sign["eseal"]
    seal_info = seal["eSealInfo"]
    header = seal_info["header"]
    if header["ID"].native != SEAL_ID or header["version"].native != VERSION or to_sign["version"].native != VERSION:
        raise ValueError(f"not a version {VERSION} seal (GB/T 38540-2020)")
    property_info = seal_info["property"]
    return SesSignature(
        version=to_sign["version"].native,
        seal_name=property_info["name"].native,
        es_id=seal_info["esID"].native,
        valid_start=property_info["validStart"].native,
        valid_end=property_info["validEnd"].native,
        signed_at=to_sign["timeInfo"].native,
        data_hash=to_sign["dataHash"].native,
        property_info=to_sign["propertyInfo"].native,
        signature_oid=record["signatureAlgID"].dotted,
        signature=record["signature"].native,
        cert=record["cert"].native,
        tbs_der=to_sign.dump(),
        seal_der=seal.dump(),
    )


def read_signature(der: bytes) -> SesSignature:
    """The contents of a DER SES_Signature (version 4). ValueError for anything malformed or of another version."""
    record = _load_der(SES_Signature, der)
    try:
        return _summary(record)
    except ValueError as error:
        raise ValueError(f"not a GB/T 38540 SES_Signature: {error}") from None


def _certificate_key(cert: bytes) -> crypto.PublicKey:
    certificate = x509.Certificate.load(cert, strict=True)
    return crypto.load_public_key_der(certificate["tbs_certificate"]["subject_public_key_info"].dump())


def _seal_problems(seal_der: bytes) -> list[str]:
    """The maker's signature of the seal: its signedValue must verify with the key of the maker's certificate."""
    seal = _load_seal(seal_der)
    try:
        maker = _certificate_key(seal["cert"].native)
    except sm2.DER_ERRORS as error:
        return [f"the seal's maker certificate is unreadable: {error}"]
    if seal["signAlgID"].dotted != maker.signature_oid:
        return [f"the seal's signAlgID {seal['signAlgID'].dotted} is not its maker key's ({maker.signature_oid})"]
    if not maker.verify(seal["eSealInfo"].dump(), seal["signedValue"].native):
        return ["the seal's signedValue does not verify with its maker's certificate"]
    return []


def _signer_certificate_problems(seal_der: bytes, cert: bytes, public: crypto.PublicKey) -> list[str]:
    """The signer's certificate sits outside TBS_Sign, unsigned; it is bound by being one of the certificates the
    seal lists (and its maker signed), and it must be the certificate of the key checked."""
    property_info = _load_seal(seal_der)["eSealInfo"]["property"]
    if property_info["certListType"].native != CERTIFICATES:
        return ["the seal lists certificate digests (certListType 2), which are not matched here"]
    if cert not in property_info["certList"].native:
        return ["the signer's certificate is not one of the seal's signer certificates"]
    try:
        certified = _certificate_key(cert)
    except sm2.DER_ERRORS as error:
        return [f"the signer's certificate is unreadable: {error}"]
    if (certified.algorithm, certified.raw()) != (public.algorithm, public.raw()):
        return ["the signer's certificate is not of the key"]
    return []


def check_signature(der: bytes, data: bytes, public: crypto.PublicKey) -> list[str]:
    """What is wrong with the SES_Signature `der` as `public`'s signature of `data`; empty when nothing is.

    Checked, after the standard's verification steps: dataHash is SM3(data); signatureAlgID is `public`'s
    algorithm; the signature over TBS_Sign verifies with `public`; the signer's certificate is one the seal lists,
    and of `public`; the seal's own signature verifies with its maker's certificate; the signing time lies within
    the seal's validity. Certificate chains, certificates' validity periods and revocation are not checked here."""
    try:
        summary = read_signature(der)
    except ValueError as error:
        return [str(error)]
    problems = []
    if summary.data_hash != sm2.sm3(data):
        problems.append("dataHash is not the SM3 hash of the document")
    if summary.signature_oid != public.signature_oid:
        problems.append(f"signatureAlgID {summary.signature_oid} is not the key's algorithm ({public.signature_oid})")
    elif not public.verify(summary.tbs_der, summary.signature):
        problems.append("the signature over TBS_Sign does not verify with the key")
    problems.extend(_signer_certificate_problems(summary.seal_der, summary.cert, public))
    problems.extend(_seal_problems(summary.seal_der))
    if not summary.valid_start <= summary.signed_at <= summary.valid_end:
        problems.append("the signing time is outside the seal's validity")
    return problems
