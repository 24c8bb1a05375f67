from datetime import date, datetime

from ninja import Router, Schema

from gaoxin.core.api import AUTH, ERRORS
from gaoxin.wallet.hooks import certificates_held
from gaoxin.wallet.selectors import wallet_documents

router = Router(auth=AUTH, tags=["材料钱包 wallet"])


class DocumentOut(Schema):
    material: str
    material_name: str
    name: str
    size: int
    sha256: str
    source_case_number: str
    kept_at: datetime
    valid_until: date


class CertificateOut(Schema):
    number: str
    kind: str
    uscc: str
    company_name: str


class WalletOut(Schema):
    documents: list[DocumentOut]
    certificates: list[CertificateOut]


@router.get("", response={200: WalletOut, **ERRORS}, summary="我的材料钱包：已提交过的材料与平台出具的证照")
def my_wallet(request):
    return {
        "documents": [
            {
                "material": d.material.code,
                "material_name": d.material.name,
                "name": d.original_name,
                "size": d.size,
                "sha256": d.sha256,
                "source_case_number": d.source_case_number,
                "kept_at": d.kept_at,
                "valid_until": d.valid_until,
            }
            for d in wallet_documents(request.user)
        ],
        "certificates": certificates_held(request.user),
    }
