"""Shared pieces of the item generator: the family record, the standard licence life cycle, and the fixed rows
that bundles and tests refer to by code.

A family is one kind of item (食品经营许可, 不动产抵押登记 …) with the variants a real catalog splits it into; each
variant becomes one row of items.csv. Everything here is plain data so that make_items.py stays deterministic.
"""

from dataclasses import dataclass, field

HEADER = [
    "code",
    "name",
    "item_type",
    "level",
    "department",
    "statutory_days",
    "promise_kind",
    "promise_value",
    "fee",
    "legal_basis",
    "online",
    "window",
    "issues_certificate",
    "materials",
    # Calendar days of public notice (公示/公告期) the item waits through before it can end; 0 for most.
    "notice_days",
    # Whom the item serves (person, company, both), what people call it and its English name: items_terms.py.
    "service_object",
    "keywords",
    "name_en",
]

# Department code → item code prefix (AMR-0001 …).
PREFIX = {
    "xzsp": "XZSP",
    "amr": "AMR",
    "police": "POL",
    "tax": "TAX",
    "hrss": "HRSS",
    "hpf": "HPF",
    "medins": "MI",
    "realestate": "RE",
    "drc": "DRC",
    "nrp": "NRP",
    "hurd": "HURD",
    "eco": "ECO",
    "health": "HLTH",
    "edu": "EDU",
    "civil": "CIV",
    "ema": "EMA",
    "urban": "URB",
    "transport": "TRN",
    "agri": "AGR",
    "culture": "CUL",
    "commerce": "COM",
    "sci": "SCI",
    "disabled": "DPF",
    "veterans": "VET",
    "customs": "CUS",
}

# Windows of the government service centre (政务服务中心).
W_START = "企业开办专区"
W_GENERAL = "综合受理窗口"
W_ESTATE = "不动产登记窗口"
W_HPF = "公积金窗口"
W_SOCIAL = "社保窗口"
W_MEDINS = "医保窗口"
W_BUILD = "工程建设项目审批窗口"
W_TAX = "税务综合服务窗口"
W_HOUSEHOLD = "户政窗口"
W_EXIT = "出入境窗口"
W_TRAFFIC = "交管业务窗口"
W_CIVIL = "社会事务窗口"
W_DEREG = "特色服务窗口（简易注销）"
W_ENTERPRISE = "企业服务窗口"


@dataclass
class V:
    """One variant of a family: the name suffix and what differs from the family's defaults."""

    label: str
    materials: tuple[str, ...] | None = None
    statutory: int | None = None
    promise: tuple[str, int] | None = None
    fee: str | None = None
    cert: str | None = None
    level: str | None = None
    item_type: str | None = None
    online: bool | None = None
    window: str | None = None
    basis: str | None = None


@dataclass
class Family:
    dept: str
    item_type: str
    level: str
    name: str  # "食品经营许可" → 食品经营许可（新办）; with "{}" the label is put in its place instead
    materials: tuple[str, ...]
    basis: str
    statutory: int = 20
    promise: tuple[str, int] = ("working_days", 10)
    variants: list[V] = field(default_factory=list)
    fee: str = "0"
    online: bool = True
    window: str = W_GENERAL
    cert: str = ""


def m(text: str) -> tuple[str, ...]:
    """m("a b ?c") == ("a", "b", "?c"): a compact way to write a material list."""
    return tuple(text.split())


def lifecycle(
    first: tuple[str, ...],
    *,
    new: str = "新办",
    change: bool = True,
    renew: bool = True,
    cancel: bool = True,
    reissue: bool = False,
    lead: str = "application_form",
    extra_change: str = "change_proof",
) -> list[V]:
    """The variants of a licence: issue, change, renew, cancel and reissue, each with its own material list."""
    variants = [V(new, materials=first)]
    if change:
        variants.append(
            V("变更", materials=(lead, "original_permit", extra_change, "?power_of_attorney"), statutory=10)
        )
    if renew:
        variants.append(V("延续", materials=(lead, "original_permit", "?commitment"), statutory=20))
    if cancel:
        variants.append(
            V(
                "注销",
                materials=(lead, "original_permit", "?power_of_attorney"),
                statutory=10,
                promise=("working_days", 1),
            )
        )
    if reissue:
        variants.append(
            V(
                "补办",
                materials=(lead, "loss_statement", "?power_of_attorney"),
                statutory=10,
                promise=("working_days", 3),
            )
        )
    return variants


# Rows referred to by bundles.json and by other code, with fixed codes and exactly these values.
FIXED = [
    dict(
        code="AMR-REG-001",
        name="企业设立登记",
        item_type="licensing",
        level="district",
        department="amr",
        statutory_days=15,
        promise_kind="office_hours",
        promise_value=1,
        fee="0",
        legal_basis="《中华人民共和国公司法》；《中华人民共和国市场主体登记管理条例》；《中华人民共和国市场主体登记管理条例实施细则》",
        online=True,
        window=W_START,
        issues_certificate="business_license",
        materials="company_application;articles;shareholder_proof;legal_rep_id;premises_proof",
    ),
    dict(
        code="POL-SEAL-001",
        name="公章刻制备案",
        item_type="public_service",
        level="district",
        department="police",
        statutory_days=3,
        promise_kind="office_hours",
        promise_value=1,
        fee="0",
        legal_basis="《印铸刻字业暂行管理规则》；《国务院对确需保留的行政审批项目设定行政许可的决定》",
        online=True,
        window=W_START,
        issues_certificate="",
        materials="business_license;legal_rep_id;seal_application",
    ),
    dict(
        code="TAX-NEW-001",
        name="新办纳税人涉税事项确认",
        item_type="public_service",
        level="district",
        department="tax",
        statutory_days=5,
        promise_kind="office_hours",
        promise_value=1,
        fee="0",
        legal_basis="《中华人民共和国税收征收管理法》；《中华人民共和国税收征收管理法实施细则》；《税务登记管理办法》",
        online=True,
        window=W_START,
        issues_certificate="",
        materials="business_license;legal_rep_id;tax_info_form",
    ),
    dict(
        code="HRSS-UNIT-001",
        name="社会保险单位参保登记",
        item_type="confirmation",
        level="district",
        department="hrss",
        statutory_days=5,
        promise_kind="office_hours",
        promise_value=1,
        fee="0",
        legal_basis="《中华人民共和国社会保险法》第五十七条；《社会保险费征缴暂行条例》",
        online=True,
        window=W_START,
        issues_certificate="",
        materials="business_license;social_insurance_form",
    ),
    dict(
        code="HPF-UNIT-001",
        name="住房公积金单位缴存登记",
        item_type="confirmation",
        level="city",
        department="hpf",
        statutory_days=5,
        promise_kind="office_hours",
        promise_value=1,
        fee="0",
        legal_basis="《住房公积金管理条例》第十四条",
        online=True,
        window=W_START,
        issues_certificate="",
        materials="business_license;legal_rep_id;hpf_registration_form",
    ),
    dict(
        code="AMR-DEREG-NOTICE",
        name="企业简易注销公告",
        item_type="public_service",
        level="district",
        department="amr",
        statutory_days=20,
        promise_kind="working_days",
        promise_value=20,
        fee="0",
        legal_basis="《中华人民共和国市场主体登记管理条例》第三十三条；《关于进一步完善简易注销登记便捷中小微企业市场退出的通知》",
        online=True,
        window=W_DEREG,
        issues_certificate="",
        materials="deregistration_commitment;business_license;?power_of_attorney",
        notice_days=20,
    ),
    dict(
        code="AMR-DEREG-001",
        name="企业简易注销登记",
        item_type="licensing",
        level="district",
        department="amr",
        statutory_days=3,
        promise_kind="working_days",
        promise_value=1,
        fee="0",
        legal_basis="《中华人民共和国公司法》；《中华人民共和国市场主体登记管理条例》第三十三条",
        online=True,
        window=W_DEREG,
        issues_certificate="",
        materials="deregistration_application;deregistration_commitment;business_license",
    ),
    dict(
        code="TAX-DEREG-001",
        name="清税注销",
        item_type="public_service",
        level="district",
        department="tax",
        statutory_days=20,
        promise_kind="working_days",
        promise_value=3,
        fee="0",
        legal_basis="《中华人民共和国税收征收管理法》；《中华人民共和国税收征收管理法实施细则》第十五条",
        online=True,
        window=W_DEREG,
        issues_certificate="",
        materials="business_license;?tax_clearance_application",
    ),
    dict(
        code="HRSS-DEREG-001",
        name="社会保险注销登记",
        item_type="confirmation",
        level="district",
        department="hrss",
        statutory_days=5,
        promise_kind="working_days",
        promise_value=1,
        fee="0",
        legal_basis="《中华人民共和国社会保险法》第五十七条；《社会保险费征缴暂行条例》",
        online=True,
        window=W_DEREG,
        issues_certificate="",
        materials="business_license;?social_insurance_cancel_form",
    ),
    dict(
        code="HPF-WD-001",
        name="住房公积金提取（购买自住住房）",
        item_type="payment",
        level="city",
        department="hpf",
        statutory_days=3,
        promise_kind="immediate",
        promise_value=0,
        fee="0",
        legal_basis="《住房公积金管理条例》第二十四条",
        online=True,
        window=W_HPF,
        issues_certificate="",
        materials="applicant_id;property_certificate;deed_tax_invoice",
    ),
]
