"""Who may do what to demands, and which transitions the loop allows: the one place for both.

- The demands office (企业服务办) sees everything, pairs enterprises, assigns demands and closes them (销号).
- Leaders see everything (they are told of reopenings and escalations) and write instructions (批示) on any demand
  handed to a unit; the lead unit answers them. The office and leaders read the supervision view (督办).
- A cadre (包联干部) sees the demands of the enterprises currently paired with them, records visits there and may
  confirm a reply on the enterprise's behalf (marked so).
- A unit (承办单位) is a department: its approvers and its head see what was assigned to it (as lead or co-unit) and
  work it (accept, send back, respond, record progress, reply).
- An enterprise is an applicant account of kind enterprise whose USCC is in the register with that person as its
  legal representative (as for a deregistration, docs/decisions/0019): it sees and confirms its own demands.
- A resident (群众) is an applicant account of kind person: they raise demands of their own online (channel resident,
  no enterprise), see only those, and confirm the reply to them as an enterprise confirms its own
  (docs/decisions/0034-residents-and-attachments.md).
- Attachments (附件) of a demand are seen by whoever sees the demand; added by the party that raised it while it is
  open to them, and by the lead unit (a document of its result with the reply). A visit's photos are seen by whoever
  sees the visit, and by those who see a demand raised on it.
- Everybody else, the security and audit administrators among them, sees nothing (404).
"""

from django.utils.translation import pgettext_lazy

from gaoxin.accounts.models import ApplicantKind, Role
from gaoxin.demands.models import Channel, Status

S = Status

# action -> {from status: to status}. An action not allowed from the current status is a conflict (409).
TRANSITIONS: dict[str, dict[str, str]] = {
    "assign": {S.NEW: S.ASSIGNED},
    "send_back": {S.ASSIGNED: S.NEW},
    "accept": {S.ASSIGNED: S.ACCEPTED},
    "respond": {S.ACCEPTED: S.IN_PROGRESS},
    "mark_complex": {S.ACCEPTED: S.ACCEPTED, S.IN_PROGRESS: S.IN_PROGRESS},
    "progress": {S.ACCEPTED: S.ACCEPTED, S.IN_PROGRESS: S.IN_PROGRESS},
    # A reply is also the first response when none was given.
    "reply": {S.ACCEPTED: S.REPLIED, S.IN_PROGRESS: S.REPLIED},
    "confirm": {S.REPLIED: S.CONFIRMED},
    # 不满意: back to the same unit (重办).
    "reopen": {S.REPLIED: S.IN_PROGRESS},
    # Confirmed, or (the office's reviewed decision) a reply explaining that policy does not allow it.
    "close": {S.CONFIRMED: S.CLOSED, S.REPLIED: S.CLOSED},
}

ACTION_NAMES = {
    "assign": pgettext_lazy("demand action (it cannot be ...)", "交办"),
    "send_back": pgettext_lazy("demand action (it cannot be ...)", "退回"),
    "accept": pgettext_lazy("demand action (it cannot be ...)", "签收"),
    "respond": pgettext_lazy("demand action (it cannot be ...)", "首次响应"),
    "mark_complex": pgettext_lazy("demand action (it cannot be ...)", "标记为复杂诉求"),
    "progress": pgettext_lazy("demand action (it cannot be ...)", "登记进展"),
    "reply": pgettext_lazy("demand action (it cannot be ...)", "答复"),
    "confirm": pgettext_lazy("demand action (it cannot be ...)", "确认"),
    "reopen": pgettext_lazy("demand action (it cannot be ...)", "重办"),
    "close": pgettext_lazy("demand action (it cannot be ...)", "销号"),
    "instruct": pgettext_lazy("demand action (it cannot be ...)", "作出批示"),
    "answer": pgettext_lazy("demand action (it cannot be ...)", "答复批示"),
    "clear_repeat": pgettext_lazy("demand action (it cannot be ...)", "取消疑似重复标记"),
    "attach": pgettext_lazy("demand action (it cannot be ...)", "上传附件"),
}

# How each audit event reads on a demand's timeline.
EVENT_LABELS = {
    "raise": pgettext_lazy("demand event", "登记诉求"),
    "assign": pgettext_lazy("demand event", "交办承办单位"),
    "send_back": pgettext_lazy("demand event", "承办单位退回"),
    "accept": pgettext_lazy("demand event", "承办单位签收"),
    "respond": pgettext_lazy("demand event", "首次响应"),
    "mark_complex": pgettext_lazy("demand event", "标记为复杂诉求"),
    "progress": pgettext_lazy("demand event", "登记办理进展"),
    "reply": pgettext_lazy("demand event", "答复企业"),
    "confirm": pgettext_lazy("demand event", "企业确认"),
    "reopen": pgettext_lazy("demand event", "不满意，重办"),
    "close": pgettext_lazy("demand event", "销号"),
    "escalate": pgettext_lazy("demand event", "超期督办"),
    "instruct": pgettext_lazy("demand event", "领导批示"),
    "answer_instruction": pgettext_lazy("demand event", "承办单位答复批示"),
    "clear_repeat": pgettext_lazy("demand event", "取消疑似重复标记"),
    "deadline_recompute": pgettext_lazy("demand event", "工作日历调整，期限重新计算"),
    "attach": pgettext_lazy("demand event", "上传附件"),
}

UNIT_ROLES = (Role.APPROVER, Role.DEPT_HEAD)
SEES_ALL_ROLES = (Role.DEMANDS_OFFICE, Role.LEADER)


def is_enterprise_account(user) -> bool:
    return bool(
        user
        and user.is_authenticated
        and user.role == Role.APPLICANT
        and user.applicant_kind == ApplicantKind.ENTERPRISE
        and user.uscc
        and user.id_number
    )


def is_resident_account(user) -> bool:
    return bool(
        user and user.is_authenticated and user.role == Role.APPLICANT and user.applicant_kind == ApplicantKind.PERSON
    )


def is_party_account(user) -> bool:
    """An account that raises and confirms demands of its own: an enterprise's, or a resident's."""
    return is_enterprise_account(user) or is_resident_account(user)


def is_residents_own(user, demand) -> bool:
    """The resident raised this demand themselves, online."""
    return is_resident_account(user) and demand.channel == Channel.RESIDENT and demand.raised_by_id == user.pk


def sees_all(user) -> bool:
    return bool(user and user.is_authenticated and user.role in SEES_ALL_ROLES)


def is_unit_member(user) -> bool:
    return bool(user and user.is_authenticated and user.role in UNIT_ROLES and user.department_id)


def is_cadre(user) -> bool:
    return bool(user and user.is_authenticated and user.role == Role.CADRE)


def is_office(user) -> bool:
    return bool(user and user.is_authenticated and user.role == Role.DEMANDS_OFFICE)


def may_use(user) -> bool:
    """Whether the demands pages are for this person at all (else a 404)."""
    return sees_all(user) or is_unit_member(user) or is_cadre(user) or is_party_account(user)


def may_raise(user) -> bool:
    """Register a demand: the office (any channel), a cadre (for a paired enterprise), an enterprise or a resident
    (their own)."""
    return is_office(user) or is_cadre(user) or is_party_account(user)


def works_for_unit(user, demand) -> bool:
    """The lead unit's approvers and head work the demand; a co-unit helps but the lead unit answers for it."""
    return is_unit_member(user) and demand.unit_id == user.department_id


def may_confirm(user, demand, *, own_enterprise_id, paired_ids) -> bool:
    if is_resident_account(user):
        return is_residents_own(user, demand)
    if demand.enterprise_id is None:
        return is_office(user)
    if is_enterprise_account(user):
        return own_enterprise_id == demand.enterprise_id
    return is_cadre(user) and demand.enterprise_id in paired_ids


def is_leader(user) -> bool:
    return bool(user and user.is_authenticated and user.role == Role.LEADER)


def may_instruct(user) -> bool:
    """批示: any leader, not only the one a demand was escalated to — leaders see every demand and one of them may
    take up a demand before its deadline passes."""
    return is_leader(user)


def handles_contact(user, demand) -> bool:
    """Who sees a demand's contact phone in full (the least the work needs, as cases.rules.handles_personal_data):
    the office (it dispatches and calls back), the lead unit that works it, the enterprise's cadre and the
    enterprise itself; leaders and co-units see it masked. Asked only for a demand the person may see
    (selectors.demands_visible_to), where a cadre sees only the paired enterprises' demands, an enterprise its own."""
    return is_office(user) or is_cadre(user) or is_party_account(user) or works_for_unit(user, demand)


def may_attach(user, demand) -> bool:
    """Add files to a demand the person sees: its party (the enterprise, the resident) and the account that raised
    it (a cadre, the office) until it is closed, and the lead unit while it works it or replies (a document of the
    result). Asked only for a demand the person may see (selectors.demand_for)."""
    if demand.status == Status.CLOSED:
        return False
    return is_party_account(user) or demand.raised_by_id == user.pk or works_for_unit(user, demand)


def may_read_file(user, enterprise_id, *, own_enterprise_id, paired_ids) -> bool:
    """一企一档: the office and leaders read every enterprise's file, a cadre the file of an enterprise paired with
    them now, an enterprise its own; a unit, which sees only the demands assigned to it, none."""
    if sees_all(user):
        return True
    if is_enterprise_account(user):
        return own_enterprise_id == enterprise_id
    return is_cadre(user) and enterprise_id in paired_ids
