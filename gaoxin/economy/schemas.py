"""Pydantic schemas of the economy API. Figures are Decimals, printed as JSON strings without trailing zeros
("250.9", "55"); growth and the difference from the city are in percent and percentage points."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Schema


class IndicatorValueOut(Schema):
    indicator: str
    indicator_name: str
    unit: str
    comparable: bool
    area: str
    area_name: str
    area_kind: str
    period: str
    period_label: str
    level: Decimal | None
    growth: Decimal | None
    city: str | None
    city_level: Decimal | None
    city_growth: Decimal | None
    diff_points: Decimal | None
    rank: int | None
    rank_of: int


class IndicatorListOut(Schema):
    period: str | None
    period_label: str | None
    items: list[IndicatorValueOut]


class TrendPointOut(Schema):
    period: str
    period_label: str
    level: Decimal | None
    growth: Decimal | None
    city_growth: Decimal | None
    diff_points: Decimal | None
    rank: int | None


class TrendOut(Schema):
    indicator: str
    area: str
    points: list[TrendPointOut]


class BulletinOut(Schema):
    text: str


class ProblemOut(Schema):
    sheet: str
    row: int | None
    column: str
    cell: str
    value: str
    reason: str


class ImportRejectedOut(Schema):
    detail: str
    code: str
    field: str | None
    problems: list[ProblemOut] = []


class ImportPeriodOut(Schema):
    period: str
    indicators: list[str]
    written: int
    replaced: int
    unchanged: int


class ImportOut(Schema):
    batch: str | None
    written: int
    replaced: int
    unchanged: int
    periods: list[ImportPeriodOut]


class ParkOut(Schema):
    code: str
    name: str
    short_name: str
    enterprise_count: int


class EnterpriseOut(Schema):
    uscc: str
    name: str
    park: str | None
    park_name: str | None
    industry: str
    legal_representative: str
    established_on: date
    registered_capital: Decimal | None
    status: str
    licensed_here: bool
    source_case: str | None


class EnterpriseListOut(Schema):
    count: int
    items: list[EnterpriseOut]


class OutputPointOut(Schema):
    on: date
    value: Decimal


class OutputSeriesOut(Schema):
    metric: str
    metric_label: str
    product: str
    unit: str
    points: list[OutputPointOut]


class EnterpriseDetailOut(EnterpriseOut):
    address: str
    business_scope: str
    series: list[OutputSeriesOut]


class InnovationCategoryOut(Schema):
    code: str
    name: str
    kind: str
    baseline_year: int
    baseline: int
    target_year: int
    target: int
    year: int | None
    current: int | None
    completion: Decimal | None
    increase: Decimal | None
    units: list[str]


class InnovationKindOut(Schema):
    kind: str
    label: str
    baseline: int
    target: int
    current: int | None
    completion: Decimal | None
    increase: Decimal | None


class InnovationOut(Schema):
    latest_year: int | None
    kinds: list[InnovationKindOut]
    categories: list[InnovationCategoryOut]


class ImportBatchOut(Schema):
    id: str
    imported_at: datetime
    imported_by: str | None
    file_name: str
    periods: list[str]
    written: int
    replaced: int
    unchanged: int
