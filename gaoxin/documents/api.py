"""The documents API: a case's documents and their PDFs for whoever may see the case; public verification."""

from datetime import date, datetime
from uuid import UUID

from django.http import HttpResponse
from ninja import Router, Schema

from gaoxin.cases.schemas import CaseDocumentOut
from gaoxin.cases.selectors import case_for
from gaoxin.core.api import AUTH, ERRORS
from gaoxin.documents import selectors
from gaoxin.documents.verification import document_check, document_facts
from gaoxin.documents.views import pdf_response

router = Router(tags=["文书 documents"])
case_router = Router(tags=["文书 documents"])

PDF_RESPONSE = {
    "responses": {
        200: {
            "description": "电子签章的 PDF 文件",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


class DocumentVerifyOut(Schema):
    id: UUID
    state: str
    state_display: str
    problems: list[str]
    kind: str
    title: str
    number: str
    case_number: str
    applicant: str
    items: list[str]
    authority: str
    issued_at: datetime
    seal_code: str
    seal_name: str
    algorithm: str
    key_id: str


@case_router.get(
    "/{uuid:case_id}/documents",
    auth=AUTH,
    response={200: list[CaseDocumentOut], **ERRORS},
    summary="办件的文书：受理、补正、决定、延期、办结通知书（按签发先后）",
)
def case_documents(request, case_id: UUID):
    return selectors.document_list_out(case_for(request.user, case_id).pk)


@router.get(
    "/{uuid:document_id}/pdf",
    url_name="document-api-pdf",
    auth=AUTH,
    response={200: None, **ERRORS},
    summary="下载文书 PDF（能看到该办件的人）",
    openapi_extra=PDF_RESPONSE,
)
def pdf(request, document_id: UUID) -> HttpResponse:
    return pdf_response(selectors.document_for(request.user, document_id))


@router.get(
    "/{uuid:document_id}/verify",
    response={200: DocumentVerifyOut, **ERRORS},
    summary="核验文书（公开）：有效、印章已注销、印章已过有效期或数据被篡改",
)
def verify(request, document_id: UUID):
    document = selectors.document_public(document_id)
    return document_facts(document, document_check(document))


class SealKeyOut(Schema):
    key_id: str
    public_key: str
    created_at: datetime


class SealOut(Schema):
    code: str
    authority: str
    purpose: str
    algorithm: str
    valid_from: date
    valid_until: date
    revoked_at: datetime | None
    keys: list[SealKeyOut]


@router.get(
    "/seals",
    response={200: list[SealOut], **ERRORS},
    summary="印章及其签名公钥（公开，供第三方离线核验文书和执照）",
)
def seals(request):
    return selectors.seals_public()
