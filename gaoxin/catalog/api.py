from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Router, Schema

from gaoxin.catalog.models import Bundle, ServiceItem
from gaoxin.catalog.selectors import bundle_requirements, items_matching
from gaoxin.core.api import ERRORS, Offset
from gaoxin.core.errors import NotFound

router = Router(tags=["事项目录 catalog"])


class MaterialOut(Schema):
    code: str
    name: str
    required: bool
    certificate_kind: str


class ItemOut(Schema):
    code: str
    name: str
    item_type: str
    item_type_display: str
    level: str
    level_display: str
    department: str
    department_name: str
    statutory_days: int
    promise_kind: str
    promise_value: int
    fee: Decimal
    online: bool
    window: str


class ItemDetailOut(ItemOut):
    legal_basis: str
    issues_certificate: str
    materials: list[MaterialOut]


class ItemPageOut(Schema):
    items: list[ItemOut]
    count: int


class StepOut(Schema):
    id: int
    item: ItemOut
    optional: bool


class StageOut(Schema):
    order: int
    name: str
    steps: list[StepOut]


class BundleOut(Schema):
    code: str
    name: str
    description: str
    outcome: str
    promise_kind: str
    promise_value: int
    fee: Decimal


class BundleDetailOut(BundleOut):
    stages: list[StageOut]
    materials: list[MaterialOut]
    materials_if_separate: int


def item_out(item: ServiceItem) -> dict:
    return {
        "code": item.code,
        "name": item.name,
        "item_type": item.item_type,
        "item_type_display": item.get_item_type_display(),
        "level": item.level,
        "level_display": item.get_level_display(),
        "department": item.department.code,
        "department_name": item.department.name,
        "statutory_days": item.statutory_days,
        "promise_kind": item.promise_kind,
        "promise_value": item.promise_value,
        "fee": item.fee,
        "online": item.online,
        "window": item.window,
    }


def material_out(material, required: bool) -> dict:
    return {
        "code": material.code,
        "name": material.name,
        "required": required,
        "certificate_kind": material.certificate_kind,
    }


@router.get("/items", response={200: ItemPageOut, **ERRORS}, summary="事项目录（分页、检索）")
def list_items(
    request, q: str = "", level: str = "", department: str = "", type: str = "", limit: int = 20, offset: Offset = 0
):
    items = items_matching(q=q.strip(), level=level, department=department, item_type=type)
    limit, offset = max(1, min(limit, 200)), max(offset, 0)
    return {"items": [item_out(i) for i in items[offset : offset + limit]], "count": items.count()}


@router.get("/items/{code}", response={200: ItemDetailOut, **ERRORS}, summary="事项详情")
def get_item(request, code: str):
    item = ServiceItem.objects.select_related("department").filter(code=code).first()
    if item is None:
        raise NotFound(_("事项编码“%(code)s”不存在") % {"code": code}, field="code")
    rows = item.item_materials.select_related("material")
    return {
        **item_out(item),
        "legal_basis": item.legal_basis,
        "issues_certificate": item.issues_certificate,
        "materials": [material_out(r.material, r.required) for r in rows],
    }


def bundle_out(bundle: Bundle) -> dict:
    return {
        "code": bundle.code,
        "name": bundle.name,
        "description": bundle.description,
        "outcome": bundle.outcome,
        "promise_kind": bundle.promise_kind,
        "promise_value": bundle.promise_value,
        "fee": bundle.fee,
    }


@router.get("/bundles", response={200: list[BundleOut], **ERRORS}, summary="一件事列表")
def list_bundles(request):
    return [bundle_out(b) for b in Bundle.objects.filter(active=True)]


@router.get(
    "/bundles/{code}", response={200: BundleDetailOut, **ERRORS}, summary="一件事详情：阶段、步骤、一次提交的材料"
)
def get_bundle(request, code: str):
    bundle = Bundle.objects.filter(code=code, active=True).first()
    if bundle is None:
        raise NotFound(_("一件事“%(code)s”不存在") % {"code": code}, field="code")
    stages = bundle.stages.prefetch_related("steps__item__department", "steps__item__item_materials")
    requirements = bundle_requirements(bundle)
    separate = sum(
        len(step.item.item_materials.all()) for stage in stages for step in stage.steps.all() if not step.optional
    )
    return {
        **bundle_out(bundle),
        "stages": [
            {
                "order": stage.order,
                "name": stage.name,
                "steps": [{"id": s.id, "item": item_out(s.item), "optional": s.optional} for s in stage.steps.all()],
            }
            for stage in stages
        ],
        "materials": [material_out(r.material, r.required) for r in requirements],
        "materials_if_separate": separate,
    }
