"""Reads of the catalog: searching and ranking items and bundles, 热门, themes, and the material list a case will ask
for."""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.urls import reverse

from gaoxin.catalog.models import (
    Bundle,
    BundleStage,
    BundleStep,
    ItemMaterial,
    MaterialKind,
    ServiceItem,
    ServiceObject,
    Theme,
)
from gaoxin.catalog.search import near_pieces, normalized, query_terms
from gaoxin.catalog.usage import Uses, recent_uses


@dataclass(frozen=True)
class Requirement:
    material: MaterialKind
    required: bool
    # The items of the case that ask for this material, so a clerk sees why it is needed.
    item_codes: tuple[str, ...]


def _for_audience(service_object: str) -> Q:
    """个人办事 lists what serves persons, 法人办事 what serves companies; both lists what serves either."""
    return Q(service_object__in=[service_object, ServiceObject.BOTH]) if service_object else Q()


def _containing(terms: list[str]) -> Q:
    condition = Q()
    for term in terms:
        condition &= Q(search_text__contains=term)
    return condition


def _match(q: str) -> Case:
    """How well a row matches the whole query: 0 its name itself, 1 a name that starts with it, 2 one of its keywords
    exactly (a line of the search text), 3 a name that holds it, 4 the rest (part of a keyword, the pinyin, the
    code)."""
    return Case(
        When(name=q, then=Value(0)),
        When(name__startswith=q, then=Value(1)),
        When(search_text__contains=f"\n{normalized(q)}\n", then=Value(2)),
        When(name__contains=q, then=Value(3)),
        default=Value(4),
    )


def items_matching(
    *,
    q: str = "",
    level: str = "",
    department: str = "",
    item_type: str = "",
    service_object: str = "",
    theme: str = "",
) -> QuerySet:
    """The items that match every filter, unordered: each term of q is in the item's search text."""
    items = ServiceItem.objects.filter(_containing(query_terms(q)) & _for_audience(service_object))
    if level:
        items = items.filter(level=level)
    if department:
        items = items.filter(department__code=department)
    if item_type:
        items = items.filter(item_type=item_type)
    if theme:
        items = items.filter(themes__code=theme, themes__active=True)
    return items


class Ranked(Sequence):
    """Rows in a rank computed once, fetched a page at a time (a Paginator or a slice asks only for its page)."""

    def __init__(self, ids: list[int], queryset: QuerySet, uses: Counter):
        self.ids, self.queryset, self.uses = ids, queryset, uses

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        ids = self.ids[index]
        rows = self.queryset.in_bulk(ids)
        for row in rows.values():
            row.recent_uses = self.uses[row.pk]
        return [rows[pk] for pk in ids]


def _featured(model) -> Case:
    """Without applications to go by: the items a bundle starts with, then its other items, then those of the themes,
    then the rest."""
    if model is Bundle:
        return Value(0)
    steps = BundleStep.objects.filter(item=OuterRef("pk"), stage__bundle__active=True)
    earlier = BundleStage.objects.filter(bundle=OuterRef("stage__bundle"), order__lt=OuterRef("stage__order"))
    first_stages = steps.filter(~Exists(earlier))
    return Case(
        When(Exists(first_stages), then=Value(0)),
        When(Exists(steps), then=Value(1)),
        When(Exists(Theme.items.through.objects.filter(serviceitem=OuterRef("pk"), theme__active=True)), then=2),
        default=Value(3),
    )


def _rank(queryset: QuerySet, q: str, uses: Counter) -> list[int]:
    """Often applied for first (the last 90 days), then the better match of the name, then the featured, by code."""
    rows = queryset.annotate(
        match=_match(q.strip()) if q.strip() else Value(0), featured=_featured(queryset.model)
    ).values_list("id", "match", "featured", "code")
    return [pk for pk, match, featured, code in sorted(rows, key=lambda r: (-uses[r[0]], r[1], r[2], r[3]))]


def items_ranked(*, uses: Uses | None = None, **filters) -> Ranked:
    """The items that match, often applied for first (see _rank)."""
    uses = uses or recent_uses()
    ids = _rank(items_matching(**filters), filters.get("q", ""), uses.items)
    return Ranked(ids, ServiceItem.objects.select_related("department"), uses.items)


def bundles_ranked(
    *, q: str = "", department: str = "", service_object: str = "", theme: str = "", uses: Uses | None = None
) -> list[Bundle]:
    """The active bundles that match, often applied for first; a search lists them before any item."""
    uses = uses or recent_uses()
    bundles = Bundle.objects.filter(Q(active=True) & _containing(query_terms(q)) & _for_audience(service_object))
    if department:
        bundles = bundles.filter(stages__steps__item__department__code=department).distinct()
    if theme:
        bundles = bundles.filter(themes__code=theme, themes__active=True)
    ids = _rank(bundles, q, uses.bundles)
    return list(Ranked(ids, Bundle.objects.all(), uses.bundles)[:])


@dataclass(frozen=True)
class Entry:
    """A bundle or an item in one list (热门, suggestions), with its applications of the last 90 days."""

    kind: str  # "bundle" or "item"
    target: Bundle | ServiceItem
    uses: int

    @property
    def url(self) -> str:
        return reverse(self.kind, args=[self.target.code])


def _entries(bundles, items, uses: Uses) -> list[Entry]:
    return [Entry("bundle", b, uses.bundles[b.pk]) for b in bundles] + [
        Entry("item", i, uses.items[i.pk]) for i in items
    ]


def popular(*, limit: int = 8, service_object: str = "", uses: Uses | None = None) -> list[Entry]:
    """热门: what was applied for most in the last 90 days, bundles and items together; where nothing has been yet
    (a new database), the bundles first, then their items and the themes' items."""
    uses = uses or recent_uses()
    audience = _for_audience(service_object)
    bundles = Bundle.objects.filter(Q(active=True) & audience)
    most_used = [pk for pk, _n in uses.items.most_common(limit)]
    items = ServiceItem.objects.filter(audience).select_related("department")
    used = items.filter(pk__in=most_used)
    fallback = items.annotate(featured=_featured(ServiceItem)).filter(featured__lt=3).order_by("featured", "code")
    entries = _entries(bundles, [*used, *fallback.exclude(pk__in=most_used)[:limit]], uses)
    order = {"bundle": 0, "item": 1}
    entries.sort(key=lambda e: (-e.uses, order[e.kind]))
    return entries[:limit]


def suggestions(q: str, *, limit: int = 6, uses: Uses | None = None) -> tuple[str, list[Entry]]:
    """For a search that found nothing: what comes near it ("near": the most of the query's pieces, see
    search.near_pieces), else what is applied for most ("popular")."""
    uses = uses or recent_uses()
    pieces = near_pieces(query_terms(q))
    if pieces:
        score = sum((Case(When(search_text__contains=p, then=Value(1)), default=Value(0)) for p in pieces), Value(0))
        near = Q()
        for piece in pieces:
            near |= Q(search_text__contains=piece)

        def best(queryset, counts: Counter) -> list:
            rows = queryset.filter(near).annotate(score=score).values_list("id", "score", "code")
            ranked = sorted(rows, key=lambda r: (-r[1], -counts[r[0]], r[2]))[:limit]
            return list(Ranked([r[0] for r in ranked], queryset, counts)[:])

        bundles = best(Bundle.objects.filter(active=True), uses.bundles)
        items = best(ServiceItem.objects.select_related("department"), uses.items)
        entries = _entries(bundles, items, uses)[:limit]
        if entries:
            return "near", entries
    return "popular", popular(limit=limit, uses=uses)


def themes(*, service_object: str = "") -> QuerySet:
    """The active themes, for browsing by a life or business event; 个人办事 or 法人办事 only when asked."""
    return Theme.objects.filter(Q(active=True) & _for_audience(service_object)).annotate(
        item_count=Count("items", distinct=True), bundle_count=Count("bundles", distinct=True)
    )


def theme_detail(code: str) -> Theme | None:
    return (
        Theme.objects.filter(code=code, active=True)
        .prefetch_related(
            Prefetch("bundles", Bundle.objects.filter(active=True)),
            Prefetch("items", ServiceItem.objects.select_related("department").order_by("code")),
        )
        .first()
    )


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
