"""The API's shapes for 万人助万企."""

from datetime import datetime
from uuid import UUID

from ninja import Schema
from pydantic import Field

from gaoxin.core.api import Day


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


class DemandEventOut(Schema):
    at: datetime
    action: str
    label: str
    actor: str
    reason: str


class DemandDetailOut(DemandOut):
    events: list[DemandEventOut]


class ProblemIn(Schema):
    category: str = Field(description="类别代码，如 land、labour、financing")
    title: str
    text: str
    urgency: str = "normal"


class DemandIn(ProblemIn):
    contact_name: str
    contact_phone: str
    enterprise_id: int | None = Field(None, description="企业账号提交时不填：即其本企业")
    channel: str | None = Field(None, description="企业服务办登记时：window、hotline、leader、resident、online")


class VisitIn(Schema):
    enterprise_id: int
    visited_on: Day
    met: str
    topics: str
    notes: str = ""
    contact_phone: str = ""
    problems: list[ProblemIn] = []


class VisitOut(Schema):
    id: UUID
    enterprise_id: int
    enterprise_name: str
    visited_on: datetime | str
    met: str
    topics: str
    demands: list[str]


class AssignIn(Schema):
    unit: str = Field(description="承办单位代码")
    co_units: list[str] = []


class DemandReasonIn(Schema):
    reason: str


class DemandNoteIn(Schema):
    note: str


class CloseIn(Schema):
    note: str = ""


class ReplyIn(Schema):
    result: str = Field(description="solved、partly、explained、long_term")
    reply: str


class ConfirmIn(Schema):
    satisfaction: str = Field(description="satisfied、basically、not_satisfied")
    comment: str = ""


class PairingIn(Schema):
    cadre: str = Field(description="包联干部账号")
    leader: str = Field("", description="包联领导账号")
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


class DeskOut(Schema):
    waiting: list[DemandOut]
    working: list[DemandOut]
    replied: list[DemandOut]
