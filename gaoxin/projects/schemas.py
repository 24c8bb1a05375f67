"""The API's shapes. Amounts are decimal strings in 万元 ("2807200.00"); rates are decimal strings in percent
("90.0")."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from ninja import Schema
from pydantic import Field, PlainSerializer

from gaoxin.core.api import Count, Day, Line, Text, Year, line

Money = Annotated[Decimal, PlainSerializer(lambda v: f"{v:.2f}", return_type=str, when_used="always")]
Percent = Annotated[Decimal, PlainSerializer(lambda v: f"{v:.1f}", return_type=str, when_used="always")]


class ProjectSummaryOut(Schema):
    id: UUID
    code: str
    name: str
    level: str
    level_label: str
    category: str
    stage: str
    stage_label: str
    build_kind: str
    park: str | None
    park_name: str
    owner: str
    total_investment: Money
    total_investment_yi: Money
    leader: str | None
    leader_name: str
    unit: str | None
    unit_name: str
    person_name: str
    responsibility_missing: list[str]
    light: str
    light_label: str


class ProjectListOut(Schema):
    items: list[ProjectSummaryOut]
    count: int


class MilestoneOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    planned_date: date
    actual_date: date | None
    note: str
    state: str
    state_label: str
    late: bool
    days_overdue: int


class MonthOut(Schema):
    month: int
    invested: Money | None
    cumulative: Money | None
    schedule: Money


class InvestmentOut(Schema):
    year: int
    through_month: int
    plan: Money | None
    completed: Money
    completion_rate: Percent | None
    schedule_rate: Percent
    difference: Percent | None
    state: str
    months: list[MonthOut]


class RequestOut(Schema):
    id: UUID
    project_id: UUID
    project_name: str
    kind: str
    kind_label: str
    description: str
    department: str
    department_name: str
    working_days: int
    status: str
    status_label: str
    raised_at: datetime
    raised_by: str
    deadline: datetime
    deadline_provisional: bool
    sla: str
    last_note: str
    resolution: str
    resolved_at: datetime | None
    escalated: bool
    escalated_at: datetime | None
    escalated_to: str
    may_handle: bool


class YearPlanOut(Schema):
    year: int
    planned_investment: Money


class ProjectOut(ProjectSummaryOut):
    category_label: str
    build_kind_label: str
    location: str
    description: str
    planned_start: date | None
    actual_start: date | None
    planned_completion: date | None
    actual_completion: date | None
    intake_year: int | None
    intake_quarter: int | None
    leader_title: str
    leader_rank: str
    person_phone: str
    officer: str | None
    officer_name: str
    year_plans: list[YearPlanOut]
    milestones: list[MilestoneOut]
    investment: InvestmentOut
    requests: list[RequestOut]
    may_change: bool


class PhotoOut(Schema):
    id: int
    name: str
    size: int


class ReportOut(Schema):
    id: int
    year: int
    month: int
    invested: Money
    progress: str
    photos: list[PhotoOut]
    submitted_by: str
    submitted_at: datetime
    updated_at: datetime
    due: datetime
    locked: bool


class GroupOut(Schema):
    key: str
    label: str
    count: int
    total_investment: Money
    total_investment_yi: Money


class NotStartedOut(Schema):
    id: UUID
    code: str
    name: str
    planned_start: date | None


class StatsOut(Schema):
    year: int
    levels: list[str]
    as_of: date
    new_starts_planned: int
    new_starts_started: int
    commencement_rate: Percent | None
    not_started: list[NotStartedOut]
    count: int
    total_investment: Money
    total_investment_yi: Money
    year_plan: Money | None
    year_completed: Money | None
    by_level: list[GroupOut]
    by_stage: list[GroupOut]
    by_park: list[GroupOut]
    by_leader: list[GroupOut]


class IntakeOut(Schema):
    year: int
    quarter: int | None
    count: int
    total_investment: Money
    total_investment_yi: Money


class WarningOut(Schema):
    project_id: UUID
    project_name: str
    milestone_id: int
    milestone: str
    planned_date: date
    state: str
    state_label: str
    days: int
    leader: str | None
    leader_name: str
    unit: str | None
    unit_name: str


class BoardOut(Schema):
    today: date
    soon: date
    overdue_count: int
    warning_count: int
    red_projects: int
    yellow_projects: int
    warnings: list[WarningOut]
    requests: list[RequestOut]
    escalated_count: int
    flagged: list[str]


class PortfolioProjectOut(ProjectSummaryOut):
    plan: Money | None
    completed: Money
    completion_rate: Percent | None
    difference: Percent | None
    progress_state: str


class PortfolioOut(Schema):
    leader: str
    leader_name: str
    title: str
    rank: str
    year: int
    months_elapsed: int
    count: int
    red: int
    yellow: int
    total_investment_yi: Money
    projects: list[PortfolioProjectOut]
    late: list[WarningOut]
    requests: list[RequestOut]
    escalated: int


# --- input ----------------------------------------------------------------------------------------

Amount = Decimal | str


class ProjectIn(Schema):
    code: Line
    name: Line
    level: Line
    category: Line
    owner: Line
    park: Line | None = None
    location: Line = ""
    description: Text = ""
    total_investment: Amount
    build_kind: Line
    stage: Line
    planned_start: Day | None = None
    actual_start: Day | None = None
    planned_completion: Day | None = None
    actual_completion: Day | None = None
    intake_year: Year | None = None
    intake_quarter: Count | None = None
    responsible_leader: Line | None = Field(None, description="领导账号")
    responsible_unit: Line | None = Field(None, description="部门代码")
    responsible_person_name: Line = ""
    responsible_person_phone: line(20) = ""
    officer: Line | None = Field(None, description="项目专员账号")


class ProjectPatch(Schema):
    name: Line | None = None
    level: Line | None = None
    category: Line | None = None
    owner: Line | None = None
    park: Line | None = None
    location: Line | None = None
    description: Text | None = None
    total_investment: Amount | None = None
    build_kind: Line | None = None
    stage: Line | None = None
    planned_start: Day | None = None
    actual_start: Day | None = None
    planned_completion: Day | None = None
    actual_completion: Day | None = None
    intake_year: Year | None = None
    intake_quarter: Count | None = None
    responsible_leader: Line | None = None
    responsible_unit: Line | None = None
    responsible_person_name: Line | None = None
    responsible_person_phone: line(20) | None = None
    officer: Line | None = None


class YearPlanIn(Schema):
    year: Year
    planned_investment: Amount


class ReportIn(Schema):
    year: Year
    month: int = Field(ge=1, le=12)
    invested: Amount
    progress: Text


class MilestoneIn(Schema):
    name: Line
    planned_date: Day
    kind: Line = "general"
    note: Text = ""


class MilestoneMetIn(Schema):
    actual_date: Day
    note: Text = ""


class RequestIn(Schema):
    kind: Line
    description: Text
    department: Line | None = Field(None, description="承办部门代码；不填按要素类型默认分派")
    working_days: Count | None = Field(None, description="办理时限（工作日）；不填按要素类型默认")


class ProjectNoteIn(Schema):
    note: Text


class ResolveIn(Schema):
    resolution: Text
