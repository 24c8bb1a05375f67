"""Public pages of the catalog: home, searching the 842 items, one item, one bundle (一件事). No login needed."""

from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from gaoxin.accounts.models import Department, Role
from gaoxin.catalog.models import Bundle, BundleStep, ItemType, Level, ServiceItem, ServiceObject, Theme
from gaoxin.catalog.selectors import (
    bundle_requirements,
    bundles_ranked,
    item_requirements,
    items_ranked,
    popular,
    suggestions,
    themes,
)
from gaoxin.catalog.usage import recent_uses

PAGE_SIZE = 20


def is_applicant(user) -> bool:
    return user.is_authenticated and user.role == Role.APPLICANT


def home(request):
    bundles = Bundle.objects.filter(active=True).prefetch_related("stages__steps__item__department")
    levels = dict(ServiceItem.objects.values_list("level").annotate(n=Count("id")).order_by())
    return render(
        request,
        "catalog/home.html",
        {
            "bundles": [_bundle_card(b) for b in bundles],
            "item_count": sum(levels.values()),
            "levels": [(value, label, levels.get(value, 0)) for value, label in Level.choices],
            "department_count": Department.objects.filter(items__isnull=False).distinct().count(),
            "online_count": ServiceItem.objects.filter(online=True).count(),
        },
    )


def _bundle_card(bundle: Bundle) -> dict:
    steps = [step for stage in bundle.stages.all() for step in stage.steps.all()]
    return {
        "bundle": bundle,
        "step_count": len(steps),
        "departments": list(dict.fromkeys(step.item.department.shown_short_name for step in steps)),
    }


def _clean_filters(params) -> dict:
    """The filters from the query string; an unknown value is ignored rather than an error."""
    level = params.get("level", "")
    item_type = params.get("type", "")
    department = params.get("department", "")
    audience = params.get("object", "")
    theme = params.get("theme", "")
    return {
        "q": params.get("q", "").strip()[:100],
        "level": level if level in Level.values else "",
        "item_type": item_type if item_type in ItemType.values else "",
        "department": department if department and Department.objects.filter(code=department).exists() else "",
        # 个人办事 / 法人办事: what serves both is in either.
        "service_object": audience if audience in (ServiceObject.PERSON, ServiceObject.COMPANY) else "",
        "theme": theme if theme and Theme.objects.filter(code=theme, active=True).exists() else "",
    }


def catalog(request):
    filters = _clean_filters(request.GET)
    uses = recent_uses()
    page = Paginator(items_ranked(uses=uses, **filters), PAGE_SIZE).get_page(request.GET.get("page"))
    filtered = any(filters.values())
    # Bundles are not of a level or a type; on a search's first page they come before every item (unfiltered, 热门
    # lists them already).
    with_bundles = filtered and page.number == 1 and not filters["level"] and not filters["item_type"]
    bundle_filters = {k: filters[k] for k in ("q", "department", "service_object", "theme")}
    bundles = bundles_ranked(uses=uses, **bundle_filters) if with_bundles else []
    # The query string without the page, for the pager's links: the filters keep their values.
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "bundles": bundles,
        "filters": filters,
        "filtered": filtered,
        "query": query.urlencode(),
        "levels": Level.choices,
        "types": ItemType.choices,
        "departments": Department.objects.filter(items__isnull=False).distinct().order_by("code"),
        "audiences": [(ServiceObject.PERSON, _("个人办事")), (ServiceObject.COMPANY, _("法人办事"))],
        "themes": themes(service_object=filters["service_object"]),
        "popular": popular(uses=uses, service_object=filters["service_object"]) if not filtered else [],
        "suggested": suggestions(filters["q"], uses=uses) if not page.object_list and not bundles else None,
    }
    # htmx live search swaps only the results; a history restore wants the whole page.
    if request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request"):
        return render(request, "catalog/_results.html", {**context, "live": True})
    return render(request, "catalog/catalog.html", context)


def item(request, code):
    service_item = get_object_or_404(ServiceItem.objects.select_related("department"), code=code)
    bundles = Bundle.objects.filter(active=True, stages__steps__item=service_item).distinct().order_by("code")
    return render(
        request,
        "catalog/item.html",
        {
            "item": service_item,
            "requirements": item_requirements(service_item),
            "bundles": bundles,
            "can_apply": is_applicant(request.user) and service_item.online,
        },
    )


def bundle(request, code):
    target = get_object_or_404(Bundle, code=code, active=True)
    steps = list(
        BundleStep.objects.filter(stage__bundle=target)
        .select_related("stage", "item__department")
        .prefetch_related("item__item_materials__material")
        .order_by("stage__order", "order", "id")
    )
    optional = [s for s in steps if s.optional]
    everything = bundle_requirements(target, optional)
    base = {r.material.pk for r in bundle_requirements(target, [])}
    names = {s.item.code: s.item.shown_name for s in steps}
    materials = [
        {
            "material": r.material,
            "required": r.required,
            "asked_by": [names[c] for c in r.item_codes],
            # Asked only when the applicant chooses an optional step that needs it.
            "only_with": [names[c] for c in r.item_codes] if r.material.pk not in base else [],
        }
        for r in everything
    ]
    asked = {r.material.pk for r in everything}
    # Certificates an earlier stage issues: the separate items ask for them, the bundle never does.
    spared = {
        row.material.pk: row.material
        for s in steps
        for row in s.item.item_materials.all()
        if row.material.pk not in asked
    }
    stages = []
    for stage in target.stages.order_by("order"):
        stage_steps = [s for s in steps if s.stage_id == stage.pk]
        stages.append({"stage": stage, "steps": stage_steps, "parallel": len(stage_steps) > 1})
    return render(
        request,
        "catalog/bundle.html",
        {
            "bundle": target,
            "stages": stages,
            "materials": materials,
            "separate_count": sum(len(s.item.item_materials.all()) for s in steps),
            "spared": list(spared.values()),
            "departments": list(dict.fromkeys(s.item.department for s in steps)),
            "can_apply": is_applicant(request.user),
            "has_optional": bool(optional),
        },
    )
