"""The API's shapes for 万人助万企."""

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from ninja import Schema
from pydantic import Field

from gaoxin.core.api import Day, Line, line, text
from gaoxin.demands.actions import TEXT_MAX, TITLE_MAX

# The API states each text's maximum as the actions check it (docs/decisions/0024-limits-before-work.md).
Text = text(TEXT_MAX)


class DemandOut(Schema):
    id: UUID
    number: str
    title: str
    text: str
    channel: str
    channel_label: str
    enterprise_id: int | None
    party: str
    category: str
    category_label: str
    suggested_unit: int | None
    urgency: str
    contact_name: str
    contact_phone: str
    status: str
    status_label: str
    unit: str | None
    unit_name: str
    is_complex: bool
    complex_reason: str
    send_back_reason: str
    raised_at: datetime
    assign_due: datetime
    accept_due: datetime | None
    respond_due: datetime | None
    solve_due: datetime | None
    assigned_at: datetime | None
    accepted_at: datetime | None
    responded_at: datetime | None
    replied_at: datetime | None
    last_progress: str
    result: str
    result_label: str
    reply: str
    satisfaction: str
    satisfaction_label: str
    confirmed_on_behalf: bool
    reopen_count: int
    closed_at: datetime | None
    # The running stage of an open demand, its due date and on_time / warning (80 % used) / overdue.
    stage: str
    stage_due: datetime | None
    sla: str
    # 疑似重复: the party's earlier demand this one seems to repeat (not shown to the enterprise), and how alike.
    repeat_of_id: UUID | None
    repeat_of_number: str
    repeat_score: int | None
    repeat_same_category: bool
    # The 12345 hotline's work order number, for a demand of the hotline channel.
    external_ref: str = ""


class DemandEventOut(Schema):
    at: datetime
    action: str
    label: str
    actor: str
    reason: str


class DemandEscalationOut(Schema):
    level: str = Field(description="unit_head（承办单位负责人）、leader（包联领导，无则区领导）")
    level_label: str
    status: str = Field(description="超期时的状态")
    stage: str = Field(description="超期的环节：签收、首次响应、办结")
    due: datetime
    at: datetime
    to: list[str]


class DemandInstructionOut(Schema):
    id: UUID
    leader: str
    text: str
    at: datetime
    answer: str
    answered_by: str
    answered_at: datetime | None


class DemandAttachmentOut(Schema):
    id: UUID
    name: str
    content_type: str = Field(description="application/pdf、image/jpeg、image/png（按文件内容判断）")
    size: int
    uploaded_by: str
    uploaded_at: datetime
    url: str = Field(description="下载地址（仅能看到该诉求的人可以下载）")


class DemandDetailOut(DemandOut):
    events: list[DemandEventOut]
    escalations: list[DemandEscalationOut]
    instructions: list[DemandInstructionOut]
    attachments: list[DemandAttachmentOut]
    # The photos of the visit the demand was found on.
    visit_photos: list[DemandAttachmentOut]


class ProblemIn(Schema):
    category: line(30) = Field(description="类别代码，如 land、labour、financing")
    title: line(TITLE_MAX)
    text: Text
    urgency: line(10) = "normal"


class DemandIn(ProblemIn):
    contact_name: line(50)
    contact_phone: line(20)
    enterprise_id: int | None = Field(None, description="企业账号提交时不填：即其本企业")
    channel: line(20) | None = Field(None, description="企业服务办登记时：window、hotline、leader、resident、online")


class VisitIn(Schema):
    enterprise_id: int
    visited_on: Day
    met: line(100)
    topics: line(300)
    notes: Text = ""
    contact_phone: line(20) = ""
    problems: list[ProblemIn] = []


class VisitOut(Schema):
    id: UUID
    enterprise_id: int
    enterprise_name: str
    visited_on: datetime | str
    met: line(100)
    topics: line(300)
    demands: list[str]


class AssignIn(Schema):
    unit: Line = Field(description="承办单位代码")
    co_units: list[Line] = []


class DemandReasonIn(Schema):
    reason: Text


class DemandNoteIn(Schema):
    note: Text


class CloseIn(Schema):
    note: Text = ""


class ReplyIn(Schema):
    result: line(20) = Field(description="solved、partly、explained、long_term")
    reply: Text


class ConfirmIn(Schema):
    satisfaction: line(20) = Field(description="satisfied、basically、not_satisfied")
    comment: Text = ""


class PairingIn(Schema):
    cadre: line(150) = Field(description="包联干部账号")
    leader: line(150) = Field("", description="包联领导账号")
    chief_officer: bool = False
    valid_from: Day | None = None


class EnterpriseRowOut(Schema):
    id: int
    name: str
    uscc: str
    cadre: str
    leader: str
    chief_officer: bool
    last_visit: str | None
    open_demands: int
    unpaired: bool
    unvisited: bool


class BoardUnitOut(Schema):
    unit: str
    unit_name: str
    open: int
    overdue: int


class DemandBoardOut(Schema):
    new: list[DemandOut]
    overdue: list[DemandOut]
    by_unit: list[BoardUnitOut]
    awaiting_close: int


class PendingInstructionOut(DemandInstructionOut):
    demand_id: UUID
    number: str


class DeskOut(Schema):
    waiting: list[DemandOut]
    working: list[DemandOut]
    replied: list[DemandOut]
    instructions: list[PendingInstructionOut]


class SupervisedDemandOut(DemandOut):
    # The last level an escalation reached (承办单位负责人 / 包联领导), empty if none yet.
    escalation: str
    pending_instructions: int


class SupervisionUnitOut(Schema):
    unit: str
    rows: list[SupervisedDemandOut]
    overdue: int
    escalated: int


class SupervisionOut(Schema):
    units: list[SupervisionUnitOut]
    mine: list[SupervisedDemandOut] = Field(description="督办到本人的诉求")
    pending: list[PendingInstructionOut] = Field(description="待承办单位答复的领导批示")


class InstructionIn(Schema):
    text: Text


class InstructionAnswerIn(Schema):
    answer: Text


class RepeatClearIn(Schema):
    note: Text = ""


# --- the 12345 hotline ----------------------------------------------------------------------------


class HotlineOrderIn(Schema):
    number: line(40) = Field(description="12345 工单编号（同一编号再次发送时返回原诉求）")
    called_at: datetime | None = Field(None, description="来电时间")
    caller: line(50) = Field(description="来电人")
    phone: line(20) = Field(description="联系电话")
    category: line(50) = Field(description="诉求类别：代码或名称，如 labour 或 用工")
    text: Text = Field(description="诉求内容")
    enterprise: line(200) = Field("", description="涉及企业：名称或统一社会信用代码，可不填")
    urgency: line(10) = Field("", description="紧急程度：一般、紧急（可不填）")


class HotlineReceiptOut(Schema):
    id: UUID
    number: str
    work_order: str
    status: str
    status_label: str
    # False when the work order had been received before: the same demand, not a second one.
    created: bool


# --- 一企一档 --------------------------------------------------------------------------------------


class EnterpriseFileRegisterOut(Schema):
    id: int
    name: str
    uscc: str
    legal_representative: str
    address: str
    registered_capital: Decimal | None
    business_scope: str
    established_on: date
    status: str
    status_label: str
    industry: str
    park: str | None
    park_name: str


class EnterpriseFilePointOut(Schema):
    on: date
    value: Decimal


class EnterpriseFileOutputOut(Schema):
    metric: str
    metric_label: str
    product: str
    unit: str
    points: list[EnterpriseFilePointOut]
    latest: Decimal | None
    latest_on: date | None


class EnterpriseFileCaseOut(Schema):
    id: UUID
    number: str
    title: str
    status: str
    status_label: str
    submitted_at: datetime | None
    decided_at: datetime | None


class EnterpriseFileLicenseOut(Schema):
    id: UUID
    number: str
    name: str
    authority: str
    issued_at: datetime
    revoked: bool


class EnterpriseFileProjectOut(Schema):
    id: UUID
    code: str
    name: str
    level_label: str
    stage_label: str
    total_investment: Decimal


class EnterpriseFilePairingOut(Schema):
    cadre: str
    leader: str
    chief_officer: bool
    valid_from: date
    valid_to: date | None
    current: bool


class EnterpriseFileVisitOut(Schema):
    visited_on: date
    cadre: str
    met: str
    topics: str


class EnterpriseFileOut(Schema):
    enterprise: EnterpriseFileRegisterOut
    output: list[EnterpriseFileOutputOut]
    cases: list[EnterpriseFileCaseOut]
    licenses: list[EnterpriseFileLicenseOut]
    projects: list[EnterpriseFileProjectOut]
    pairings: list[EnterpriseFilePairingOut]
    visits: list[EnterpriseFileVisitOut]
    # The latest demands (at most 50) and how many the enterprise has raised in all.
    demands: list[DemandOut]
    demand_count: int


class DemandFiguresCountsOut(Schema):
    """The counts of a period's demands (raised in it) and the rates made of them (docs/decisions/0031), in percent
    to one decimal, null where nothing counts."""

    received: int = Field(description="期间内提出（收集）的诉求数")
    assign_counted: int = Field(description="应交办：已交办的，加上已过交办期限仍未交办的")
    assigned_on_time: int = Field(description="在交办期限内交办的")
    respond_counted: int = Field(description="应响应：已首次响应的，加上已过响应期限仍未响应的")
    responded_on_time: int = Field(description="在响应期限内首次响应的")
    replied: int = Field(description="已答复（待确认、已确认、已销号）")
    solved: int = Field(description="已解决：答复“已解决”且企业确认满意或基本满意")
    evaluated: int = Field(description="企业已评价（最近一次评价）")
    satisfied: int = Field(description="其中满意或基本满意")
    open: int = Field(description="在办（待交办、待签收、待响应、办理中）")
    overdue: int = Field(description="在办且已过当前环节期限")
    reopened: int = Field(description="重办过（企业不满意后重新办理）")
    assign_rate: Decimal | None = Field(description="按时交办率 = assigned_on_time ÷ assign_counted")
    respond_rate: Decimal | None = Field(description="按时响应率 = responded_on_time ÷ respond_counted")
    solve_rate: Decimal | None = Field(description="解决率 = solved ÷ received")
    satisfaction_rate: Decimal | None = Field(description="满意率 = satisfied ÷ evaluated")


class DemandFiguresUnitOut(DemandFiguresCountsOut):
    rank: int = Field(description="按解决率、满意率（高者在前）、超期数（少者在前）排名，相同者并列")
    code: str
    name: str


class DemandFiguresCategoryOut(DemandFiguresCountsOut):
    code: str
    name: str


class DemandFiguresOut(Schema):
    date_from: date
    date_to: date
    period_label: str
    bulletin: str = Field(description="通报语句，如：本月共收集企业诉求N个，已解决M个，解决率x%，企业满意率y%")
    zone: DemandFiguresCountsOut
    units: list[DemandFiguresUnitOut]
    unassigned: DemandFiguresCountsOut | None = Field(description="尚无承办单位的诉求（待交办、被退回）")
    categories: list[DemandFiguresCategoryOut]
    generated_at: datetime
