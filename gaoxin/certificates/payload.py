"""The payload of a license: what is signed, built from the license's own fields only.

Rebuilding it from the row and comparing it with the stored, signed payload is how an edit of the row is found.
"""

from datetime import UTC
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from gaoxin.documents.signing import canonical_json

PAYLOAD_TYPE = "gaoxin.integrated-business-license"
PAYLOAD_VERSION = 1

# Payload key → what a person calls it, to say which data no longer matches the signature.
FIELD_LABELS = {
    "id": _("执照标识"),
    "number": _("执照编号"),
    "case_id": _("办件"),
    "uscc": _("统一社会信用代码"),
    "name": _("名称"),
    "company_type": _("类型"),
    "legal_representative": _("法定代表人"),
    "registered_capital": _("注册资本"),
    "established_on": _("成立日期"),
    "address": _("住所"),
    "business_scope": _("经营范围"),
    "authority": _("登记机关"),
    "integrated": _("集成的证照"),
    "issued_at": _("签发时间"),
    "key_id": _("签名密钥"),
}


def money(value: Decimal | None) -> str | None:
    return None if value is None else str(Decimal(value).quantize(Decimal("0.01")))


def license_payload(license) -> dict:
    return {
        "type": PAYLOAD_TYPE,
        "version": PAYLOAD_VERSION,
        "id": str(license.id),
        "number": license.number,
        "case_id": str(license.case_id),
        "uscc": license.uscc,
        "name": license.name,
        "company_type": license.company_type,
        "legal_representative": license.legal_representative,
        "registered_capital": money(license.registered_capital),
        "established_on": license.established_on.isoformat(),
        "address": license.address,
        "business_scope": license.business_scope,
        "authority": license.authority,
        "integrated": [
            {"code": c["code"], "name": c["name"], "department": c["department"]} for c in license.integrated
        ],
        "issued_at": license.issued_at.astimezone(UTC).isoformat(timespec="seconds"),
        "key_id": license.key_id,
    }


def license_payload_text(license) -> str:
    return canonical_json(license_payload(license))
