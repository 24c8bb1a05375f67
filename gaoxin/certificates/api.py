"""The license API: public verification and public key; the PDF for the people who may see the case; revocation."""

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.http import HttpResponse
from django.utils import timezone
from ninja import Router, Schema

from gaoxin.certificates import actions, selectors
from gaoxin.certificates.verification import license_check, license_facts
from gaoxin.certificates.views import pdf_response
from gaoxin.core.api import AUTH, ERRORS, Text
from gaoxin.documents import crypto, keys
from gaoxin.documents.actions import seal_for

router = Router(tags=["电子证照 certificates"])


class IntegratedOut(Schema):
    name: str
    department: str


class LicenseVerifyOut(Schema):
    id: UUID
    state: str
    state_display: str
    problems: list[str]
    number: str
    uscc: str
    name: str
    company_type: str
    legal_representative: str
    registered_capital: Decimal | None
    registered_capital_display: str
    established_on: date
    address: str
    business_scope: str
    authority: str
    issued_at: datetime
    revoked_at: datetime | None
    revoke_reason: str
    integrated: list[IntegratedOut]
    verify_url: str
    key_id: str


class PublicKeyOut(Schema):
    key_id: str
    algorithm: str
    pem: str


class RevokeIn(Schema):
    reason: Text = ""


def _facts(license) -> dict:
    return license_facts(license, license_check(license))


@router.get(
    "/public-key", response={200: PublicKeyOut, **ERRORS}, summary="行政审批专用章的签名公钥（离线核验电子执照用）"
)
def public_key(request):
    key = keys.private_key(seal_for(None, timezone.localdate())).public_key()
    return {"key_id": key.key_id(), "algorithm": crypto.ALGORITHM_NAMES[key.algorithm], "pem": key.pem()}


@router.get(
    "/{uuid:license_id}/verify",
    response={200: LicenseVerifyOut, **ERRORS},
    summary="核验电子营业执照（公开）：有效、已吊销或数据被篡改",
)
def verify(request, license_id: UUID):
    return _facts(selectors.license_public(license_id))


@router.get(
    "/{uuid:license_id}/pdf",
    url_name="license-api-pdf",
    auth=AUTH,
    response={200: None, **ERRORS},
    summary="下载电子营业执照 PDF（申请人、综合窗口、领导、管理员）",
    openapi_extra={
        "responses": {
            200: {
                "description": "签名的 PDF 文件",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def pdf(request, license_id: UUID) -> HttpResponse:
    return pdf_response(selectors.license_for_download(request.user, license_id))


@router.post(
    "/{uuid:license_id}/revoke", auth=AUTH, response={200: LicenseVerifyOut, **ERRORS}, summary="吊销（管理员）"
)
def revoke(request, license_id: UUID, payload: RevokeIn):
    license = actions.license_revoke(
        license=selectors.license_public(license_id), actor=request.user, reason=payload.reason
    )
    return _facts(license)
