"""Pydantic schemas of the cockpit API. Decimals are JSON strings; rates and growth are in percent ("97.3"), the
difference from the city and from the schedule in percentage points; amounts of investment in 亿元."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Schema
from pydantic import Field


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
    overdue: int = Field(description="在办且已过承诺时限的办件数，与 open_overdue 相同")
    on_time_rate: Decimal | None = Field(
        description="按时办结率 = on_time_in_window ÷ (decided_in_window + open_overdue)，百分比，一位小数；"
        "无可计件数时为 null"
    )
    on_time_window_days: int
    decided_in_window: int = Field(description="近 on_time_window_days 天内办结（准予或不予许可）且有承诺时限的办件数")
    on_time_in_window: int = Field(description="其中在承诺时限内办结的办件数")
    open_overdue: int = Field(description="在办已超期：目前在办且已过承诺时限的办件数（计入按时办结率的分母）")
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


class CockpitTrendPointOut(Schema):
    period: str
    period_label: str
    level: Decimal | None
    growth: Decimal | None
    city_growth: Decimal | None
    diff_points: Decimal | None
    rank: int | None


class CockpitTrendOut(Schema):
    code: str
    name: str
    points: list[CockpitTrendPointOut]


class EconomyOut(Schema):
    area: AreaOut | None
    city: AreaOut | None
    period: str | None
    period_label: str | None
    indicators: list[IndicatorOut]
    trend: list[CockpitTrendOut]


class CockpitDemandsUnitOut(Schema):
    code: str = Field(description="承办单位代码；尚未交办的为空")
    name: str
    overdue: int


class CockpitDemandsOut(Schema):
    date_from: date
    date_to: date
    received: int = Field(description="本月收集的诉求数")
    solved: int = Field(description="其中已解决（答复“已解决”且企业确认满意或基本满意）")
    solve_rate: Decimal | None = Field(description="解决率 = solved ÷ received，百分比，一位小数")
    satisfaction_rate: Decimal | None = Field(description="满意率 =（满意 + 基本满意）÷ 已评价，本月收集的诉求")
    overdue_now: int = Field(description="目前在办且已过当前环节期限的诉求（不论何时提出）")
    overdue_by_unit: list[CockpitDemandsUnitOut] = Field(description="超期诉求最多的几个承办单位")


class SummaryOut(Schema):
    services: ServicesOut
    projects: ProjectsOut
    economy: EconomyOut
    demands: CockpitDemandsOut | None = Field(description="万人助万企（能看到诉求的读者；系统管理员为 null）")
    generated_at: datetime
