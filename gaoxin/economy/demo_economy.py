"""Demo data of the economy pillar, from the files in data/: statistical areas and indicators (definitions), the
indicator figures of 2019–2021 (indicator-values.csv, in the CSV import format and imported through the import
action, so the demo exercises the same path as a statistician's file), the "3+1" parks, the named enterprises with
their output series, and the innovation categories with their counts and named platforms such as 清洛基地.

load_demo_economy() is idempotent: definitions are found by code and refreshed; figures go through the actions,
which change nothing (and audit nothing) when the stored figures are already the same. Loads after the accounts.
Only the seed's 2020 figures of the zone are real; everything else is demo data (see data/make_indicator_values.py).
"""

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from gaoxin.accounts.demo import demo_uscc
from gaoxin.economy import actions
from gaoxin.economy.demo import load_demo_parks
from gaoxin.economy.models import (
    Area,
    Enterprise,
    Indicator,
    IndicatorValue,
    InnovationCategory,
    InnovationUnit,
    Park,
)

DATA_DIR = Path(__file__).resolve().parent / "data"


def _rows(name: str) -> list[dict]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _flag(text: str) -> bool:
    return text.strip() in ("1", "true", "yes")


@transaction.atomic
def load_demo_definitions() -> None:
    for row in _rows("areas.csv"):
        parent = Area.objects.get(code=row["parent"]) if row["parent"] else None
        Area.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "name_en": row["name_en"],
                "kind": row["kind"],
                "parent": parent,
                "ranked": _flag(row["ranked"]),
                "sort_order": int(row["sort_order"]),
            },
        )
    for row in _rows("indicators.csv"):
        Indicator.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "name_en": row["name_en"],
                "unit": row["unit"],
                "comparable": _flag(row["comparable"]),
                "bulletin_name": row["bulletin_name"],
                "bulletin_verb": row["bulletin_verb"],
                "in_bulletin": _flag(row["in_bulletin"]),
                "sort_order": int(row["sort_order"]),
            },
        )


def load_demo_values() -> None:
    path = DATA_DIR / "indicator-values.csv"
    actions.indicator_import(actor=None, file_name=path.name, content=path.read_bytes())


@transaction.atomic
def load_demo_enterprises() -> dict[str, Enterprise]:
    parks = {p.code: p for p in Park.objects.all()}
    found = {}
    for row in _rows("enterprises.csv"):
        found[row["key"]] = actions.enterprise_record(
            actor=None,
            uscc=demo_uscc(row["uscc17"]),
            name=row["name"],
            legal_representative=row["legal_representative"],
            legal_representative_id=row["legal_representative_id"],
            established_on=date.fromisoformat(row["established_on"]),
            park=parks.get(row["park"]),
            industry=row["industry"],
            address=row["address"],
            registered_capital=Decimal(row["registered_capital"]),
            business_scope=row["business_scope"],
        )
    series: dict[tuple, list] = {}
    for row in _rows("output.csv"):
        key = (row["enterprise"], row["metric"], row["product"], row["unit"])
        series.setdefault(key, []).append((date.fromisoformat(row["on"]), Decimal(row["value"])))
    for (key, metric, product, unit), points in series.items():
        actions.output_record(
            actor=None, enterprise=found[key], metric=metric, unit=unit, product=product, points=points
        )
    return found


@transaction.atomic
def load_demo_innovation(enterprises: dict[str, Enterprise]) -> None:
    categories = {}
    for row in _rows("innovation-categories.csv"):
        categories[row["code"]], _created = InnovationCategory.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "name_en": row["name_en"],
                "kind": row["kind"],
                "baseline_year": int(row["baseline_year"]),
                "baseline_count": int(row["baseline_count"]),
                "target_year": int(row["target_year"]),
                "target_count": int(row["target_count"]) if row["target_count"] else None,
                "sort_order": int(row["sort_order"]),
            },
        )
    for row in _rows("innovation-counts.csv"):
        actions.innovation_count_record(
            actor=None, category=categories[row["category"]], year=int(row["year"]), count=int(row["count"])
        )
    for row in _rows("innovation-units.csv"):
        InnovationUnit.objects.update_or_create(
            category=categories[row["category"]],
            name=row["name"],
            defaults={
                "short_name": row["short_name"],
                "level": row["level"],
                "recognized_year": int(row["recognized_year"]) if row["recognized_year"] else None,
                "enterprise": enterprises.get(row["enterprise"]),
                "description": row["description"],
            },
        )


def load_demo_economy() -> dict[str, int]:
    """Load (or refresh) the economy demo; returns counts to print."""
    load_demo_parks()
    load_demo_definitions()
    load_demo_values()
    enterprises = load_demo_enterprises()
    load_demo_innovation(enterprises)
    return {
        "统计地区": Area.objects.count(),
        "经济指标": Indicator.objects.count(),
        "指标数值": IndicatorValue.objects.count(),
        "园区": Park.objects.count(),
        "企业": Enterprise.objects.count(),
        "创新类别": InnovationCategory.objects.count(),
    }
