"""Pydantic schemas of the cockpit API. Decimals are JSON strings; rates and growth are in percent ("97.3"), the
difference from the city and from the schedule in percentage points; amounts of investment in 亿元."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Schema


class StatusCountOut(Schema):
    status: str
    label: str
    count: int


class DepartmentOverdueOut(Schema):
    code: str
    name: str
    short_name: str
    open: int
    overdue: int


class ServicesOut(Schema):
    cases_today: int
    decided_today: int
    in_progress: int
    in_progress_by_status: list[StatusCountOut]
    overdue: int
    on_time_rate: Decimal | None
    on_time_window_days: int
    decided_in_window: int
    on_time_in_window: int
    satisfaction: Decimal | None
    ratings: int
    average_level: Decimal | None
    bad_ratings: int
    open_rectifications: int
    overdue_by_department: list[DepartmentOverdueOut]


class LeaderRedOut(Schema):
    username: str
    name: str
    title: str
    projects: int
    red: int
    yellow: int


class ProjectsOut(Schema):
    year: int
    levels: list[str]
    as_of: date
    commencement_rate: Decimal | None
    new_starts_planned: int
    new_starts_started: int
    months_elapsed: int
    investment_plan: Decimal
    investment_completed: Decimal
    investment_completion: Decimal | None
    time_elapsed_progress: Decimal
    progress_difference: Decimal | None
    progress_state: str
    red_projects: int
    yellow_projects: int
    red_by_leader: list[LeaderRedOut]


class AreaOut(Schema):
    code: str
    name: str


class IndicatorOut(Schema):
    code: str
    name: str
    unit: str
    level: Decimal | None
    growth: Decimal | None
    city_growth: Decimal | None
    diff_points: Decimal | None
    rank: int | None
    rank_of: int


class TrendPointOut(Schema):
    period: str
    period_label: str
    level: Decimal | None
    growth: Decimal | None
    city_growth: Decimal | None
    diff_points: Decimal | None
    rank: int | None


class TrendOut(Schema):
    code: str
    name: str
    points: list[TrendPointOut]


class EconomyOut(Schema):
    area: AreaOut | None
    city: AreaOut | None
    period: str | None
    period_label: str | None
    indicators: list[IndicatorOut]
    trend: list[TrendOut]


class SummaryOut(Schema):
    services: ServicesOut
    projects: ProjectsOut
    economy: EconomyOut
    generated_at: datetime
