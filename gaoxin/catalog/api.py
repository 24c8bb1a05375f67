from decimal import Decimal
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from gaoxin.catalog.models import Bundle, ServiceItem
from gaoxin.catalog.selectors import (
    Entry,
    bundle_requirements,
    bundles_ranked,
    items_ranked,
    popular,
    suggestions,
    theme_detail,
    themes,
)
from gaoxin.catalog.usage import recent_uses
from gaoxin.core.api import ERRORS, Count, Line, Offset
from gaoxin.core.errors import NotFound

router = Router(tags=["事项目录 catalog"])


class CatalogMaterialOut(Schema):
    code: str
    name: str
    required: bool
    certificate_kind: str


# 个人办事 or 法人办事; empty for both.
Audience = Literal["", "person", "company"]
Limit = Annotated[int, Field(ge=1, le=200)]


class ItemOut(Schema):
    code: str
    name: str
    name_en: str
    # The name in the request's language (Accept-Language): the English one where it is given.
    display_name: str
    service_object: str
    keywords: str
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
    materials: list[CatalogMaterialOut]


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
    name_en: str
    display_name: str
    service_object: str
    keywords: str
    description: str
    outcome: str
    promise_kind: str
    promise_value: int
    fee: Decimal


class BundleDetailOut(BundleOut):
    stages: list[StageOut]
    materials: list[CatalogMaterialOut]
    materials_if_separate: int


def _names(target) -> dict:
    return {"name": target.name, "name_en": target.name_en, "display_name": target.shown_name}


def item_out(item: ServiceItem) -> dict:
    return {
        "code": item.code,
        **_names(item),
        "service_object": item.service_object,
        "keywords": item.keywords,
        "item_type": item.item_type,
        "item_type_display": item.get_item_type_display(),
        "level": item.level,
        "level_display": item.get_level_display(),
        "department": item.department.code,
        "department_name": item.department.shown_name,
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
    request,
    q: Line = "",
    level: Line = "",
    department: Line = "",
    type: Line = "",
    object: Audience = "",
    theme: Line = "",
    limit: Count = 20,
    offset: Offset = 0,
):
    """Ranked as the catalog's search: the most applied for in the last 90 days first."""
    items = items_ranked(
        q=q.strip(), level=level, department=department, item_type=type, service_object=object, theme=theme
    )
    limit, offset = max(1, min(limit, 200)), max(offset, 0)
    return {"items": [item_out(i) for i in items[offset : offset + limit]], "count": len(items)}


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
        **_names(bundle),
        "service_object": bundle.service_object,
        "keywords": bundle.keywords,
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


class EntryOut(Schema):
    kind: str  # bundle or item
    code: str
    name: str
    name_en: str
    display_name: str
    # Cases applied for in the last 90 days.
    recent_cases: int


class SuggestionsOut(Schema):
    # near: what comes near the query; popular: what is applied for most.
    kind: str
    entries: list[EntryOut]


class SearchOut(Schema):
    bundles: list[BundleOut]
    items: list[ItemOut]
    count: int
    suggestions: SuggestionsOut | None


class ThemeOut(Schema):
    code: str
    name: str
    name_en: str
    display_name: str
    service_object: str


class ThemeDetailOut(ThemeOut):
    bundles: list[BundleOut]
    items: list[ItemOut]


def entry_out(entry: Entry) -> dict:
    return {"kind": entry.kind, "code": entry.target.code, **_names(entry.target), "recent_cases": entry.uses}


def theme_out(theme) -> dict:
    return {"code": theme.code, **_names(theme), "service_object": theme.service_object}


@router.get("/search", response={200: SearchOut, **ERRORS}, summary="检索一件事和事项（名称、常用说法、拼音）")
def search(request, q: Line = "", object: Audience = "", theme: Line = "", limit: Limit = 20):
    """Bundles first, then items, the most applied for in the last 90 days first; when nothing is found,
    suggestions of what comes near or what is applied for most."""
    uses = recent_uses()
    bundles = bundles_ranked(q=q, service_object=object, theme=theme, uses=uses)
    items = items_ranked(q=q, service_object=object, theme=theme, uses=uses)
    found = bool(bundles) or len(items) > 0
    suggested = None if found else suggestions(q, uses=uses)
    return {
        "bundles": [bundle_out(b) for b in bundles],
        "items": [item_out(i) for i in items[:limit]],
        "count": len(bundles) + len(items),
        "suggestions": {"kind": suggested[0], "entries": [entry_out(e) for e in suggested[1]]} if suggested else None,
    }


@router.get("/popular", response={200: list[EntryOut], **ERRORS}, summary="热门事项（近 90 天办理最多）")
def list_popular(request, object: Audience = "", limit: Annotated[int, Field(ge=1, le=50)] = 8):
    return [entry_out(e) for e in popular(limit=limit, service_object=object)]


@router.get("/themes", response={200: list[ThemeOut], **ERRORS}, summary="主题（按人生事件、企业事件浏览）")
def list_themes(request, object: Audience = ""):
    return [theme_out(t) for t in themes(service_object=object)]


@router.get("/themes/{code}", response={200: ThemeDetailOut, **ERRORS}, summary="主题详情：其中的一件事和事项")
def get_theme(request, code: str):
    theme = theme_detail(code)
    if theme is None:
        raise NotFound(_("主题“%(code)s”不存在") % {"code": code}, field="code")
    return {
        **theme_out(theme),
        "bundles": [bundle_out(b) for b in theme.bundles.all()],
        "items": [item_out(i) for i in theme.items.all()],
    }
