"""The demo catalog: departments, materials, items, bundles (一件事) and themes from the files in data/.

load_demo_catalog() is idempotent: a row is found by its code, created if missing and updated only where it differs,
so ids stay the same from one run to the next. An item's material rows, and a bundle's stages and steps, are replaced
only when they differ from the files. Rows that are no longer in the files are left alone (cases may refer to them).
"""

import csv
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from gaoxin.accounts.models import Department
from gaoxin.catalog.fields import spec_problems
from gaoxin.catalog.integrated import integrated_certificates
from gaoxin.catalog.models import (
    Bundle,
    BundleStage,
    BundleStep,
    CertificateKind,
    ItemMaterial,
    ItemType,
    Level,
    MaterialKind,
    MaxVisits,
    PromiseKind,
    ReuseScope,
    ServiceItem,
    ServiceObject,
    Theme,
)
from gaoxin.catalog.search import searchable_text

DATA_DIR = Path(__file__).resolve().parent / "data"
BATCH = 500


def load_demo_catalog() -> dict[str, int]:
    """Create or refresh the demo catalog; returns how many of each kind the files hold."""
    departments = _read_departments()
    materials = _read_materials()
    items, item_materials = _read_items(set(departments), set(materials))
    bundles = _read_bundles(items)
    themes = _read_themes(set(items), set(bundles))
    with transaction.atomic():
        department_ids = _sync(Department, departments)
        material_ids = _sync(MaterialKind, materials)
        for fields in items.values():
            fields["department_id"] = department_ids[fields.pop("department")]
        item_ids = _sync(ServiceItem, items)
        _sync_item_materials(item_ids, material_ids, item_materials)
        bundle_ids = _sync(Bundle, {code: b.fields for code, b in bundles.items()})
        _sync_bundle_stages(bundle_ids, item_ids, bundles)
        theme_ids = _sync(Theme, {code: spec.fields for code, spec in themes.items()})
        _sync_theme_members(theme_ids, item_ids, bundle_ids, themes)
    return {
        "部门": len(departments),
        "材料": len(materials),
        "事项": len(items),
        "一件事": len(bundles),
        "主题": len(themes),
    }


# --- reading and checking the files ---------------------------------------------------------------------------------


class _Rows:
    """The rows of one CSV file, each with its line number for error messages."""

    def __init__(self, filename: str, columns: list[str]):
        self.filename = filename
        path = DATA_DIR / filename
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise ValueError(f"{filename}：缺少列 {', '.join(missing)}")
            self.rows = [(reader.line_num, {k: (v or "").strip() for k, v in row.items()}) for row in reader]

    def __iter__(self):
        seen: dict[str, int] = {}
        for line, row in self.rows:
            code = row["code"]
            if not code:
                raise self.error(line, "缺少代码")
            if code in seen:
                raise self.error(line, f"代码 {code} 与第 {seen[code]} 行重复")
            seen[code] = line
            yield line, row

    def error(self, line: int, message: str) -> ValueError:
        return ValueError(f"{self.filename} 第 {line} 行：{message}")


def _read_departments() -> dict[str, dict]:
    rows = _Rows("departments.csv", ["code", "name", "short_name", "name_en"])
    return {
        row["code"]: {"name": row["name"], "short_name": row["short_name"], "name_en": row["name_en"]}
        for _, row in rows
    }


def _read_materials() -> dict[str, dict]:
    rows = _Rows(
        "materials.csv", ["code", "name", "certificate_kind", "reuse_scope", "reuse_valid_days", "authorizes_agent"]
    )
    materials = {}
    for line, row in rows:
        if row["certificate_kind"] not in {"", *CertificateKind.values}:
            raise rows.error(line, f"未知证照类型 {row['certificate_kind']}")
        if row["reuse_scope"] not in ReuseScope.values:
            raise rows.error(line, f"未知复用范围 {row['reuse_scope']!r}")
        if row["authorizes_agent"] not in ("true", "false"):
            raise rows.error(line, f"authorizes_agent 应为 true 或 false，而不是 {row['authorizes_agent']!r}")
        try:
            valid_days = int(row["reuse_valid_days"])
        except ValueError:
            raise rows.error(line, f"复用有效期应为天数，而不是 {row['reuse_valid_days']!r}") from None
        if (row["reuse_scope"] == ReuseScope.NEVER) != (valid_days == 0) or valid_days < 0:
            raise rows.error(line, "可复用的材料须有正的复用有效期，不复用的材料有效期为 0")
        materials[row["code"]] = {
            "name": row["name"],
            "certificate_kind": row["certificate_kind"],
            "reuse_scope": row["reuse_scope"],
            "reuse_valid_days": valid_days,
            "authorizes_agent": row["authorizes_agent"] == "true",
        }
    return materials


ITEM_COLUMNS = [
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
    "notice_days",
    "service_object",
    "keywords",
    "name_en",
]


def _search_fields(code: str, fields: dict) -> dict:
    """The search text a row's save() would compute: bulk writes skip save()."""
    return {
        **fields,
        "search_text": searchable_text(
            code=code, name=fields["name"], name_en=fields["name_en"], keywords=fields["keywords"]
        ),
    }


def _read_items(departments: set[str], materials: set[str]) -> tuple[dict[str, dict], dict[str, list]]:
    """items.csv → ({code: model fields}, {code: [(material code, required), …] in file order})."""
    rows = _Rows("items.csv", ITEM_COLUMNS)
    items, item_materials = {}, {}
    choices = {
        "item_type": set(ItemType.values),
        "level": set(Level.values),
        "promise_kind": set(PromiseKind.values),
        "issues_certificate": {"", *CertificateKind.values},
        "service_object": set(ServiceObject.values),
    }
    for line, row in rows:
        for column, allowed in choices.items():
            if row[column] not in allowed:
                raise rows.error(line, f"{column} 的值 {row[column]!r} 不在 {sorted(allowed)} 之中")
        if row["department"] not in departments:
            raise rows.error(line, f"未知部门 {row['department']!r}（departments.csv 中没有）")
        if row["online"] not in ("true", "false"):
            raise rows.error(line, f"online 应为 true 或 false，而不是 {row['online']!r}")
        try:
            statutory, promise = int(row["statutory_days"]), int(row["promise_value"])
            notice_days = int(row["notice_days"])
            fee = Decimal(row["fee"] or "0").quantize(Decimal("0.01"))
        except (ValueError, InvalidOperation) as error:
            raise rows.error(line, f"数字格式错误：{error}") from None
        if statutory < 0 or promise < 0 or fee < 0 or notice_days < 0:
            raise rows.error(line, "时限和收费不能为负数")
        wanted = []
        for entry in filter(None, (e.strip() for e in row["materials"].split(";"))):
            code = entry.removeprefix("?")
            if code not in materials:
                raise rows.error(line, f"未知材料 {code!r}（materials.csv 中没有）")
            if any(code == c for c, _ in wanted):
                raise rows.error(line, f"材料 {code!r} 重复")
            wanted.append((code, not entry.startswith("?")))
        items[row["code"]] = _search_fields(
            row["code"],
            {
                "name": row["name"],
                "name_en": row["name_en"],
                "keywords": row["keywords"],
                "service_object": row["service_object"],
                "item_type": row["item_type"],
                "level": row["level"],
                "department": row["department"],
                "statutory_days": statutory,
                "promise_kind": row["promise_kind"],
                "promise_value": promise,
                "fee": fee,
                "legal_basis": row["legal_basis"],
                "online": row["online"] == "true",
                # 少跑腿 in the demo: what the zone handles online end to end needs no visit, the rest one at most.
                "max_visits": MaxVisits.NONE if row["online"] == "true" else MaxVisits.ONCE,
                "window": row["window"],
                "issues_certificate": row["issues_certificate"],
                "notice_days": notice_days,
            },
        )
        item_materials[row["code"]] = wanted
    return items, item_materials


@dataclass(frozen=True)
class _StepSpec:
    item: str
    optional: bool
    requires: list[str]
    result_fields: list[dict]
    integrates: list[str]


@dataclass
class _BundleSpec:
    fields: dict
    # [(order, name, [step, …]), …]
    stages: list[tuple[int, str, list[_StepSpec]]]


def _read_bundles(items: dict[str, dict]) -> dict[str, _BundleSpec]:
    with open(DATA_DIR / "bundles.json", encoding="utf-8") as f:
        data = json.load(f)
    bundles = {}
    for index, bundle in enumerate(data, start=1):
        where = f"bundles.json 第 {index} 个一件事（{bundle.get('code', '?')}）"
        try:
            code = bundle["code"]
            if code in bundles:
                raise ValueError(f"{where}：代码重复")
            if bundle["promise_kind"] not in PromiseKind.values:
                raise ValueError(f"{where}：未知承诺时限类型 {bundle['promise_kind']!r}")
            if bundle["service_object"] not in ServiceObject.values:
                raise ValueError(f"{where}：未知服务对象 {bundle['service_object']!r}")
            stages, orders = [], set()
            for stage in bundle["stages"]:
                if stage["order"] in orders:
                    raise ValueError(f"{where}：阶段顺序 {stage['order']} 重复")
                orders.add(stage["order"])
                steps = [_read_step(step, items, f"{where} 阶段 {stage['order']}") for step in stage["steps"]]
                stages.append((int(stage["order"]), stage["name"], steps))
            _check_prerequisites(sorted(stages, key=lambda s: s[0]), where)
            problems = spec_problems(bundle.get("form_fields", []), where="申请表")
            if problems:
                raise ValueError(f"{where}：{'；'.join(problems)}")
            fields = {
                "name": bundle["name"],
                "name_en": bundle.get("name_en", ""),
                "keywords": bundle.get("keywords", ""),
                "service_object": bundle["service_object"],
                "description": bundle.get("description", ""),
                "outcome": bundle.get("outcome", ""),
                "promise_kind": bundle["promise_kind"],
                "promise_value": int(bundle.get("promise_value", 0)),
                "fee": Decimal(str(bundle.get("fee", "0"))).quantize(Decimal("0.01")),
                "form_fields": bundle.get("form_fields", []),
                # A bundle asks no more visits than the most any of its steps needs.
                "max_visits": max(items[step.item]["max_visits"] for _, _, steps in stages for step in steps),
            }
        except (KeyError, TypeError, InvalidOperation) as error:
            raise ValueError(f"{where}：格式错误（{error!r}）") from None
        bundles[code] = _BundleSpec(fields=_search_fields(code, fields), stages=sorted(stages))
    return bundles


def _read_step(step: dict, items: dict[str, dict], where: str) -> _StepSpec:
    if step["item"] not in items:
        raise ValueError(f"{where}：未知事项 {step['item']!r}（items.csv 中没有）")
    where = f"{where} 事项 {step['item']}"
    problems = spec_problems(step.get("result_fields", []), where="办理结果")
    known = {entry["code"] for entry in integrated_certificates()}
    problems += [f"未知的整合证照 {code!r}" for code in step.get("integrates", []) if code not in known]
    if problems:
        raise ValueError(f"{where}：{'；'.join(problems)}")
    return _StepSpec(
        item=step["item"],
        optional=bool(step.get("optional", False)),
        requires=list(step.get("requires", [])),
        result_fields=step.get("result_fields", []),
        integrates=list(step.get("integrates", [])),
    )


def _check_prerequisites(stages, where: str) -> None:
    """A step may need only steps of earlier stages: the engine decides those first."""
    earlier: set[str] = set()
    for order, _name, steps in stages:
        for step in steps:
            unknown = [code for code in step.requires if code not in earlier]
            if unknown:
                raise ValueError(f"{where} 阶段 {order} 事项 {step.item}：前置事项 {unknown} 不在之前的阶段中")
        earlier |= {step.item for step in steps}


@dataclass
class _ThemeSpec:
    fields: dict
    items: list[str]
    bundles: list[str]


def _read_themes(items: set[str], bundles: set[str]) -> dict[str, _ThemeSpec]:
    with open(DATA_DIR / "themes.json", encoding="utf-8") as f:
        data = json.load(f)
    themes = {}
    for index, theme in enumerate(data, start=1):
        where = f"themes.json 第 {index} 个主题（{theme.get('code', '?')}）"
        try:
            code, members = theme["code"], list(theme["items"]) + list(theme["bundles"])
            fields = {
                "name": theme["name"],
                "name_en": theme.get("name_en", ""),
                "service_object": theme["service_object"],
                "order": int(theme["order"]),
            }
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"{where}：格式错误（{error!r}）") from None
        if code in themes:
            raise ValueError(f"{where}：代码重复")
        if fields["service_object"] not in ServiceObject.values:
            raise ValueError(f"{where}：未知服务对象 {fields['service_object']!r}")
        if unknown := [c for c in members if c not in items | bundles]:
            raise ValueError(f"{where}：未知事项或一件事 {unknown}")
        themes[code] = _ThemeSpec(fields=fields, items=list(theme["items"]), bundles=list(theme["bundles"]))
    return themes


# --- writing to the database ----------------------------------------------------------------------------------------


def _sync(model, wanted: dict[str, dict]) -> dict[str, int]:
    """Create the missing rows and update the changed ones, matched by code; returns {code: id}."""
    existing = {obj.code: obj for obj in model.objects.filter(code__in=wanted)}
    new, changed, changed_fields = [], [], set()
    for code, fields in wanted.items():
        obj = existing.get(code)
        if obj is None:
            new.append(model(code=code, **fields))
            continue
        differs = [name for name, value in fields.items() if getattr(obj, name) != value]
        if differs:
            for name in differs:
                setattr(obj, name, fields[name])
            changed.append(obj)
            changed_fields.update(differs)
    if new:
        model.objects.bulk_create(new, batch_size=BATCH)
    if changed:
        model.objects.bulk_update(changed, sorted(changed_fields), batch_size=BATCH)
    return dict(model.objects.filter(code__in=wanted).values_list("code", "id"))


def _sync_item_materials(item_ids: dict[str, int], material_ids: dict[str, int], wanted: dict[str, list]) -> None:
    """Replace an item's material rows only when they differ from items.csv (material, required, order)."""
    current: dict[int, list] = {}
    rows = ItemMaterial.objects.filter(item_id__in=item_ids.values()).order_by("item_id", "order", "id")
    for item_id, material_id, required, order in rows.values_list("item_id", "material_id", "required", "order"):
        current.setdefault(item_id, []).append((material_id, required, order))
    stale, new = [], []
    for code, materials in wanted.items():
        item_id = item_ids[code]
        rows_wanted = [(material_ids[m], required, order) for order, (m, required) in enumerate(materials, start=1)]
        if current.get(item_id, []) != rows_wanted:
            if item_id in current:
                stale.append(item_id)
            new.extend(
                ItemMaterial(item_id=item_id, material_id=material_id, required=required, order=order)
                for material_id, required, order in rows_wanted
            )
    if stale:
        ItemMaterial.objects.filter(item_id__in=stale).delete()
    if new:
        ItemMaterial.objects.bulk_create(new, batch_size=BATCH)


def _sync_bundle_stages(bundle_ids: dict[str, int], item_ids: dict[str, int], bundles: dict[str, _BundleSpec]) -> None:
    """Replace a bundle's stages and steps only when they differ from bundles.json."""
    for code, spec in bundles.items():
        bundle_id = bundle_ids[code]
        wanted = [
            (
                order,
                name,
                [
                    (item_ids[step.item], n, step.optional, step.requires, step.result_fields, step.integrates)
                    for n, step in enumerate(steps, start=1)
                ],
            )
            for order, name, steps in spec.stages
        ]
        stages = BundleStage.objects.filter(bundle_id=bundle_id).order_by("order")
        current = [
            (
                stage.order,
                stage.name,
                [
                    (s.item_id, s.order, s.optional, s.requires, s.result_fields, s.integrates)
                    for s in sorted(stage.steps.all(), key=lambda s: (s.order, s.id))
                ],
            )
            for stage in stages.prefetch_related("steps")
        ]
        if current == wanted:
            continue
        stages.delete()
        for order, name, steps in wanted:
            stage = BundleStage.objects.create(bundle_id=bundle_id, order=order, name=name)
            BundleStep.objects.bulk_create(
                BundleStep(
                    stage=stage,
                    item_id=item_id,
                    order=n,
                    optional=optional,
                    requires=requires,
                    result_fields=result_fields,
                    integrates=integrates,
                )
                for item_id, n, optional, requires, result_fields, integrates in steps
            )


def _sync_theme_members(
    theme_ids: dict[str, int], item_ids: dict[str, int], bundle_ids: dict[str, int], themes: dict[str, _ThemeSpec]
) -> None:
    """Set each theme's items and bundles to those of themes.json, touching only the themes that differ."""
    for through, column, ids, wanted_of in (
        (Theme.items.through, "serviceitem_id", item_ids, lambda spec: spec.items),
        (Theme.bundles.through, "bundle_id", bundle_ids, lambda spec: spec.bundles),
    ):
        current: dict[int, set[int]] = {}
        for theme_id, member_id in through.objects.filter(theme_id__in=theme_ids.values()).values_list(
            "theme_id", column
        ):
            current.setdefault(theme_id, set()).add(member_id)
        for code, spec in themes.items():
            theme_id, wanted = theme_ids[code], {ids[c] for c in wanted_of(spec)}
            if current.get(theme_id, set()) != wanted:
                through.objects.filter(theme_id=theme_id).delete()
                through.objects.bulk_create(through(theme_id=theme_id, **{column: m}) for m in sorted(wanted))
