from datetime import datetime
from uuid import UUID

from ninja import Schema
from pydantic import Field

from gaoxin.core.api import Count, Line, Text


class RatingIn(Schema):
    level: Count = Field(description="5 非常满意 · 4 满意 · 3 基本满意 · 2 不满意 · 1 非常不满意")
    comment: Text = ""
    department: Line | None = Field(
        None, description="评价针对的部门代码（办件涉及的部门之一）；不填为第一个办理环节的部门"
    )


class VerdictIn(Schema):
    verdict: Line = Field(description="satisfied 满意 · dissatisfied 不满意（须说明仍未解决的问题）")
    note: Text = ""


class AppealReasonIn(Schema):
    reason: Text = Field(description="申诉理由：为什么认为该评价属于恶意或误评")


class AppealDecisionIn(Schema):
    upheld: bool = Field(description="true 申诉成立（该评价不计入满意度）· false 不成立")
    note: Text = Field(description="复核意见")


class CallbackNoteIn(Schema):
    note: Text = Field(description="回访情况：申请人的意见")


class ResultIn(Schema):
    result: Text = Field(description="整改结果")


class RatedDepartmentOut(Schema):
    code: str
    name: str


class RectificationBrief(Schema):
    id: UUID
    status: str
    status_display: str
    deadline: datetime
    closed_at: datetime | None
    result: str
    rounds: int
    verdict: str


class AppealBrief(Schema):
    id: UUID
    status: str
    status_display: str
    reason: str
    filed_at: datetime
    decision_note: str
    decided_at: datetime | None


class AppealOut(AppealBrief):
    rating_id: UUID
    case_id: UUID
    case_number: str
    department: RatedDepartmentOut
    level: int
    level_display: str
    comment: str
    rated_at: datetime
    filed_by: str
    decided_by: str | None


class AppealListOut(Schema):
    items: list[AppealOut]
    count: int


class RatingOut(Schema):
    id: UUID
    case_id: UUID
    case_number: str
    level: int
    level_display: str
    comment: str
    channel: str
    channel_display: str
    department: RatedDepartmentOut = Field(description="责任部门：评价计入该部门，差评由其整改")
    departments: list[RatedDepartmentOut] = Field(description="作出决定的部门（不予许可的办件：作出不予许可的部门）")
    handled_by: str | None = Field(description="责任部门的经办人")
    rated_by: str | None = Field(description="评价人账户；现场办理扫码或评价器评价时为空")
    rated_at: datetime
    excluded: bool = Field(description="申诉成立，不计入满意度")
    appeal: AppealBrief | None
    rectification: RectificationBrief | None


class CaseRatingOut(Schema):
    case_id: UUID
    case_number: str
    rateable: bool = Field(description="办件已办结（准予、不予许可或不予受理）")
    can_rate: bool = Field(description="当前用户现在可以评价")
    departments: list[RatedDepartmentOut] = Field(description="可选的评价针对部门（尚可评价时）")
    rating: RatingOut | None


class HistoryOut(Schema):
    at: datetime
    label: str
    by: str
    note: str


class CallbackOut(Schema):
    at: datetime
    by: str
    note: str


class RectificationOut(Schema):
    id: UUID
    case_id: UUID
    case_number: str
    case_title: str
    department: RatedDepartmentOut
    level: int
    level_display: str
    comment: str
    rated_at: datetime
    status: str
    status_display: str
    opened_at: datetime
    deadline: datetime
    deadline_provisional: bool
    sla: str
    sla_display: str
    callbacks: list[CallbackOut]
    result: str
    closed_at: datetime | None
    closed_by: str | None
    may_handle: bool
    rounds: int
    verdict: str
    verdict_display: str
    verdict_note: str
    excluded: bool
    appeal: AppealBrief | None
    may_appeal: bool
    history: list[HistoryOut] = Field(description="整改经过（每轮的结果、申请人的确认）")


class RectificationListOut(Schema):
    items: list[RectificationOut]
    count: int


class FiguresOut(Schema):
    code: str | None
    name: str
    ratings: int
    satisfied: int
    satisfied_percent: float | None = Field(description="满意（4–5）占比，百分数，一位小数")
    average_level: float | None = Field(description="平均满意程度，两位小数")
    bad: int = Field(description="差评（1–2）数")
    open_rectifications: int


class TotalOut(Schema):
    ratings: int
    satisfied: int
    satisfied_percent: float | None
    average_level: float | None
    bad: int
    open_rectifications: int


class SatisfactionOut(Schema):
    departments: list[FiguresOut]
    bundles: list[FiguresOut] = Field(description="每个一件事，最后一行为单个事项（code 为 null）")
    total: TotalOut
