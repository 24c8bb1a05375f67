from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import AfterValidator, Field

from gaoxin.core.api import Count, Line, Text, line


class ApplicantIn(Schema):
    kind: Line = Field(description="person 自然人 / enterprise 企业")
    name: line(100)
    id_number: line(18) = ""
    uscc: line(18) = ""
    phone: line(20) = ""


class CaseCreateIn(Schema):
    bundle: Line | None = Field(None, description="一件事代码，如 company-setup")
    item: Line | None = Field(None, description="事项编码，与 bundle 二选一")
    applicant: ApplicantIn
    form: dict = {}
    optional_steps: list[Count] = []


# The case's version (its newest audit event, `version` of CaseOut) that the caller saw: if someone acted since, the
# action answers 409 and changes nothing. Left out, the action runs on whatever the case is now.
Version = Field(None, description="办件版本（CaseOut.version）；办件此后有新办理记录时返回 409，不作任何修改")


class VersionIn(Schema):
    version: Count | None = Version


class NoteIn(VersionIn):
    note: Text = ""


class ApproveIn(NoteIn):
    result: dict = Field({}, description="本步骤的办理结果，字段见任务的 result_fields")


class ReasonIn(VersionIn):
    reason: Text = ""


class MaterialReasonIn(Schema):
    code: Line = Field(description="材料代码（CaseOut.materials[].code）")
    reason: Text = Field(description="该材料需要补正的原因，必填，最多 500 字；申请人逐项看到")


def _each_material_once(materials: list[MaterialReasonIn]) -> list[MaterialReasonIn]:
    codes = [m.code for m in materials]
    twice = sorted({code for code in codes if codes.count(code) > 1})
    if twice:
        raise ValueError(_("每项材料只能列一次：%(codes)s") % {"codes": ", ".join(twice)})
    return materials


# The materials to supply or correct, each with its own reason (行政许可法 §32 一次性告知), each listed once.
MaterialReasons = Annotated[list[MaterialReasonIn], AfterValidator(_each_material_once)]


class CorrectionsIn(VersionIn):
    materials: MaterialReasons = Field(description="需要补正的全部材料，每项写明原因（一次性告知）")
    note: Text = Field("", description="窗口对本次补正的总体说明，可不填")


class UseWalletIn(Schema):
    materials: list[Line] = Field(description="要从材料钱包使用的材料代码，逐项选择（见 GET /api/cases/{id}/wallet）")


class WalletOfferOut(Schema):
    material: str
    material_name: str
    name: str = Field(description="原文件名")
    size: int
    kept_at: datetime = Field(description="存入材料钱包的时间")
    source_case_number: str = Field(description="来源办件编号")
    valid_until: date = Field(description="可复用至")


class WalletOffersOut(Schema):
    offers: list[WalletOfferOut] = Field(
        description="钱包中适用于本办件（同一申请人、企业或不动产，且在有效期内）的材料"
    )


class ObjectionIn(Schema):
    """An objection to a public notice: who objects may stay anonymous (name and contact blank)."""

    standing: Line = Field(description="creditor 债权人, employee 职工, tax 税务等有关部门, other 其他利害关系人")
    text: Text
    name: line(100) = ""
    contact: Line = ""


class ReturnIn(VersionIn):
    reason: Text = Field(description="退回补充的理由（需要补充的内容），必填")
    materials: MaterialReasons = Field([], description="需要重新提交的材料（可不填），每项写明原因")


class DepartmentOut(Schema):
    code: str
    name: str


class FileOut(Schema):
    id: UUID
    name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime
    from_wallet: bool


class MaterialOut(Schema):
    code: str
    name: str
    required: bool
    needs_correction: bool
    correction_note: str
    certificate: str | None = Field(description="证明本材料的本平台电子证照编号")
    proved: bool = Field(description="由本平台电子证照证明，无需提交")
    files: list[FileOut]
    missing: bool = Field(description="尚缺：需补正，或必须提交而既无文件也无电子证照证明")


class ResultLineOut(Schema):
    label: str
    value: str


class ExtensionIn(Schema):
    days: Count = Field(description="延长的工作日数，1 至 10")
    reason: Text = Field("", description="延期理由，必填；批准后告知申请人")


class ExtensionDecisionIn(Schema):
    approve: bool = Field(description="true 批准，false 不予批准")
    note: Text = Field("", description="审批意见；不予批准时必填")


class ExtensionBriefOut(Schema):
    id: UUID
    days: int
    reason: str
    status: str = Field(description="requested 待审批 / approved 已批准 / refused 不予批准")
    status_display: str
    requested_by: str
    requested_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    note: str
    deadline_before: datetime | None
    deadline_after: datetime | None


class TaskOut(Schema):
    id: UUID
    case_id: UUID
    case_number: str
    item_code: str
    item_name: str
    department: DepartmentOut
    stage: int
    optional: bool
    status: str
    status_display: str
    created_at: datetime
    deadline: datetime
    deadline_provisional: bool
    waits_until: datetime | None
    sla: str
    sla_display: str
    decided_at: datetime | None
    decided_by: str | None
    reason: str
    requires: list[str] = Field(description="前置事项编码：其中任何一项未获准予，本步骤终止")
    result_fields: list[dict] = Field(description="准予时需填写的办理结果字段")
    result: dict = Field(description="办理结果（如印章编码、社保登记编号；注册登记步骤为执照编号与统一社会信用代码）")
    result_lines: list[ResultLineOut]
    extension_days: int = Field(description="已批准延长的工作日数（延期），未延期为 0")
    extension: ExtensionBriefOut | None = Field(description="最近一次延期申请及其审批")


class EventOut(Schema):
    seq: int
    at: datetime
    actor: str | None
    action: str
    action_display: str
    department: str | None
    from_state: str
    to_state: str
    reason: str
    data: dict


class CaseSummaryOut(Schema):
    id: UUID
    number: str
    title: str
    status: str
    status_display: str
    channel: str
    applicant_name: str
    created_at: datetime
    submitted_at: datetime | None
    accepted_at: datetime | None
    decided_at: datetime | None
    deadline: datetime | None
    deadline_provisional: bool
    sla: str | None
    sla_display: str | None


class CaseLicenseOut(Schema):
    id: UUID
    number: str = Field(description="营业执照编号")
    uscc: str = Field(description="统一社会信用代码")
    state: str = Field(description="valid 有效 / revoked 已吊销")
    pdf_url: str = Field(description="网页下载地址（登录后）")
    api_pdf_url: str = Field(description="接口下载地址（令牌）")
    verify_url: str


class CaseDocumentOut(Schema):
    id: UUID
    kind: str
    kind_display: str
    title: str
    number: str = Field(description="文号")
    issued_at: datetime
    task_id: UUID | None
    authority: str
    pdf_url: str = Field(description="网页下载地址（登录后）")
    api_pdf_url: str = Field(description="接口下载地址（令牌）")
    verify_url: str


class PersonalDataOut(Schema):
    applicant_id_number: str = Field(description="申请人身份证号（完整）")
    contact_phone: str = Field(description="联系电话（完整）")


class CaseOut(CaseSummaryOut):
    item: str | None
    bundle: str | None
    applicant_kind: str
    applicant_id_number: str = Field(description="身份证号（脱敏：110105********002X）")
    applicant_uscc: str
    contact_phone: str = Field(description="联系电话（脱敏：138****1234）")
    may_show_personal_data: bool = Field(
        description="可否查看完整号码（GET /api/cases/{id}/personal-data，每次查看记入审计）"
    )
    form: dict
    form_lines: list[tuple[str, str]]
    current_stage: int
    is_final: bool
    issued_license: bool = Field(description="某个已准予的步骤颁发了营业执照（见 license）")
    license: CaseLicenseOut | None = Field(None, description="本办件颁发的电子营业执照")
    documents: list[CaseDocumentOut] = Field([], description="本办件出具的文书（受理通知书、决定书等），按出具时间")
    decision_reason: str
    clerk_note: str
    visits: int = Field(description="申请人为本办件来厅的次数（窗口登记、来厅补正、领取结果各算一次）")
    visits_allowed: int = Field(description="事项或一件事承诺的最多跑动次数：0 零跑动，1 最多跑一次")
    visits_allowed_display: str
    materials_asked: int
    materials_handed_in: int
    materials_from_wallet: int
    materials_by_certificate: int
    materials: list[MaterialOut]
    tasks: list[TaskOut]
    events: list[EventOut]
    version: int = Field(description="办件版本：最新审计事件的序号，办理时可随请求送回")


class CaseListOut(Schema):
    items: list[CaseSummaryOut]
    count: int


class TaskListOut(Schema):
    items: list[TaskOut]
    count: int


class ExtensionOut(ExtensionBriefOut):
    task_id: UUID
    task_status: str
    task_status_display: str
    case_id: UUID
    case_number: str
    case_title: str
    applicant_name: str
    item_name: str
    department: DepartmentOut
    task_started_at: datetime
    statutory_days: int
    deadline: datetime = Field(description="任务当前的法定时限")
    deadline_if_approved: datetime | None = Field(description="批准后的法定时限（已批准的为延长后的时限）")
    approvable: bool


class ExtensionListOut(Schema):
    items: list[ExtensionOut]
    count: int


class NoticeOut(Schema):
    """A public notice (公示) as everyone may read it; nothing of its objections but whether it still takes one."""

    id: UUID
    company: str
    uscc: str
    item: str
    title: str
    start: datetime
    end: datetime
    days: int = Field(description="公示天数（自然日）")
    days_left: int = Field(description="剩余天数（不足一天按一天计；已结束为 0）")
    state: str = Field(description="running 公示中, checking 异议核查中, passed 期满, stopped 因异议终止, ended")
    state_display: str
    may_object: bool


class NoticeListOut(Schema):
    items: list[NoticeOut]
    count: int


class ObjectionReceiptOut(Schema):
    id: UUID
    receipt: str = Field(description="回执编号")
    notice: UUID
    status: str
    status_display: str
    lodged_at: datetime
