"""Reads of the catalog: searching items, and the material list a case will ask for."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from gaoxin.catalog.models import Bundle, BundleStep, ItemMaterial, MaterialKind, ServiceItem


@dataclass(frozen=True)
class Requirement:
    material: MaterialKind
    required: bool
    # The items of the case that ask for this material, so a clerk sees why it is needed.
    item_codes: tuple[str, ...]


def items_matching(*, q: str = "", level: str = "", department: str = "", item_type: str = "") -> QuerySet:
    items = ServiceItem.objects.select_related("department").order_by("code")
    if q:
        items = items.filter(Q(name__icontains=q) | Q(code__icontains=q))
    if level:
        items = items.filter(level=level)
    if department:
        items = items.filter(department__code=department)
    if item_type:
        items = items.filter(item_type=item_type)
    return items


def item_requirements(item: ServiceItem) -> list[Requirement]:
    return [
        Requirement(material=row.material, required=row.required, item_codes=(item.code,))
        for row in item.item_materials.select_related("material")
    ]


def bundle_steps(bundle: Bundle, chosen_optional: list[BundleStep] | None = None) -> list[BundleStep]:
    """The steps a case of this bundle goes through, in order, with their stage, item and materials loaded."""
    chosen = {s.pk for s in chosen_optional or []}
    return [
        s
        for s in BundleStep.objects.filter(stage__bundle=bundle)
        .select_related("stage", "item")
        .prefetch_related(Prefetch("item__item_materials", ItemMaterial.objects.select_related("material")))
        .order_by("stage__order", "order", "id")
        if not s.optional or s.pk in chosen
    ]


def bundle_requirements(
    bundle: Bundle, chosen_optional: list[BundleStep] | None = None, *, steps: list[BundleStep] | None = None
) -> list[Requirement]:
    """Each material once (材料少): the union of the steps' materials, required if any step requires it,
    without the certificates that an earlier stage of the same bundle issues."""
    if steps is None:
        steps = bundle_steps(bundle, chosen_optional)
    issued_before: dict[str, int] = {}
    for step in steps:
        kind = step.item.issues_certificate
        if kind and kind not in issued_before:
            issued_before[kind] = step.stage.order
    merged: dict[int, Requirement] = {}
    for step in steps:
        for row in step.item.item_materials.all():
            kind = row.material.certificate_kind
            if kind and issued_before.get(kind, step.stage.order) < step.stage.order:
                continue
            seen = merged.get(row.material.pk)
            merged[row.material.pk] = Requirement(
                material=row.material,
                required=row.required or (seen.required if seen else False),
                item_codes=(seen.item_codes if seen else ()) + (step.item.code,),
            )
    return list(merged.values())
