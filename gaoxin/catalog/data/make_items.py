"""Regenerate items.csv from the item families in the items_*.py modules beside this file.

    python gaoxin/catalog/data/make_items.py          # writes items.csv
    python gaoxin/catalog/data/make_items.py --check  # only checks, writes nothing

Deterministic: the same families always give the same rows, codes and order. Checks every row against
departments.csv and materials.csv, and that names and codes are unique.
"""

import csv
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from items_common import FIXED, HEADER, PREFIX, Family  # noqa: E402
from items_terms import TERMS, service_object  # noqa: E402

# Modules with a FAMILIES list, in the order their rows go into items.csv.
MODULES = ["items_market", "items_tax_police", "items_social", "items_building", "items_public", "items_economy"]
TARGET = 842
ITEM_TYPES = {"licensing", "confirmation", "public_service", "payment", "inspection", "reward", "ruling", "other"}
LEVELS = {"province", "city", "district"}
PROMISE_KINDS = {"working_days", "office_hours", "immediate"}
CERTIFICATES = {"", "business_license", "property_certificate", "resident_id"}


def families() -> list[Family]:
    found = []
    for name in MODULES:
        try:
            module = __import__(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue  # not written yet
        found.extend(module.FAMILIES)
    return found


def expand(family: Family) -> list[dict]:
    """One row per variant (or one row for a family without variants), codes not yet assigned."""
    rows = []
    for variant in family.variants or [None]:
        if variant is None:
            name = family.name
        elif "{}" in family.name:
            name = family.name.format(variant.label)
        else:
            name = f"{family.name}（{variant.label}）"

        def pick(attr, default, v=variant):
            value = getattr(v, attr) if v is not None else None
            return default if value is None else value

        statutory = pick("statutory", family.statutory)
        kind, value = pick("promise", family.promise)
        if kind == "working_days":
            value = min(value, statutory)
        elif kind == "immediate":
            value = 0
        rows.append(
            dict(
                code="",
                name=name,
                item_type=pick("item_type", family.item_type),
                level=pick("level", family.level),
                department=family.dept,
                statutory_days=statutory,
                promise_kind=kind,
                promise_value=value,
                fee=pick("fee", family.fee),
                legal_basis=pick("basis", family.basis),
                online=pick("online", family.online),
                window=pick("window", family.window),
                issues_certificate=pick("cert", family.cert),
                materials=";".join(pick("materials", family.materials)),
            )
        )
    return rows


def build() -> list[dict]:
    rows = [dict(row) for row in FIXED]
    numbers: Counter = Counter()
    for family in families():
        for row in expand(family):
            numbers[family.dept] += 1
            row["code"] = f"{PREFIX[family.dept]}-{numbers[family.dept]:04d}"
            rows.append(row)
    for row in rows:
        keywords, name_en = TERMS.get(row["name"], ("", ""))
        row.update(service_object=service_object(row["materials"]), keywords=keywords, name_en=name_en)
    return rows


def read_codes(filename: str) -> set[str]:
    with open(HERE / filename, newline="", encoding="utf-8") as f:
        return {row["code"] for row in csv.DictReader(f)}


def check(rows: list[dict]) -> list[str]:
    departments, materials = read_codes("departments.csv"), read_codes("materials.csv")
    problems = []
    for field in ("code", "name"):
        for value, count in Counter(row[field] for row in rows).items():
            if count > 1:
                problems.append(f"{field} used {count} times: {value}")
    for row in rows:
        where = f"{row['code']} {row['name']}"
        codes = [c.lstrip("?") for c in row["materials"].split(";")]
        if row["department"] not in departments:
            problems.append(f"{where}: unknown department {row['department']}")
        if unknown := [c for c in codes if c not in materials]:
            problems.append(f"{where}: unknown materials {unknown}")
        if len(set(codes)) != len(codes) or not 2 <= len(codes) <= 6:
            problems.append(f"{where}: materials must be 2–6 distinct codes, got {codes}")
        if row["item_type"] not in ITEM_TYPES or row["level"] not in LEVELS:
            problems.append(f"{where}: bad type or level")
        if row["promise_kind"] not in PROMISE_KINDS or row["issues_certificate"] not in CERTIFICATES:
            problems.append(f"{where}: bad promise kind or certificate")
        if row["promise_kind"] == "working_days" and row["promise_value"] > row["statutory_days"]:
            problems.append(f"{where}: promise longer than the statutory limit")
        if row["promise_kind"] == "immediate" and row["promise_value"] != 0:
            problems.append(f"{where}: an immediate item promises 0")
        if Decimal(row["fee"]) < 0 or not row["legal_basis"] or not row["window"]:
            problems.append(f"{where}: bad fee, or no legal basis or window")
    if unknown := set(TERMS) - {row["name"] for row in rows}:
        problems.append(f"items_terms.py names items that do not exist: {sorted(unknown)}")
    if len(rows) != TARGET:
        problems.append(f"{len(rows)} rows, want {TARGET}")
    return problems


def write(rows: list[dict]) -> None:
    with open(HERE / "items.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=HEADER, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {
                    **row,
                    "fee": f"{Decimal(row['fee']):.2f}",
                    "online": "true" if row["online"] else "false",
                    "notice_days": row.get("notice_days", 0),
                }
            )


def main(argv: list[str]) -> int:
    rows = build()
    problems = check(rows)
    for problem in problems:
        print(problem, file=sys.stderr)
    for field in ("level", "item_type", "department"):
        print(field + ": " + ", ".join(f"{k} {v}" for k, v in sorted(Counter(r[field] for r in rows).items())))
    if "--check" not in argv:
        write(rows)
        print(f"wrote {len(rows)} rows to {HERE / 'items.csv'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
