"""Who may do what to key projects, and which transitions an element request allows: the one place for both.

Everyone with a login may read the register. A project is changed by its officer, its responsible people and any
leader (a leader coordinates across portfolios); an element request is handled by the approvers of the department it
is routed to.
"""

from django.utils.translation import pgettext_lazy

from gaoxin.accounts.models import Role, is_zone_staff
from gaoxin.projects.models import LeaderRank, RequestKind, RequestStatus

R = RequestStatus

# action -> {from status: to status}. An action not allowed from the current status is a conflict (409).
REQUEST_TRANSITIONS: dict[str, dict[str, str]] = {
    "progress": {R.OPEN: R.IN_PROGRESS, R.IN_PROGRESS: R.IN_PROGRESS},
    "resolve": {R.OPEN: R.RESOLVED, R.IN_PROGRESS: R.RESOLVED},
}

REQUEST_ACTION_NAMES = {
    "progress": pgettext_lazy("request action (it cannot be ...)", "登记进展"),
    "resolve": pgettext_lazy("request action (it cannot be ...)", "办结"),
}

# Where a request goes unless the officer routes it elsewhere: department code and time limit in working days.
DEFAULT_ROUTING: dict[str, tuple[str, int]] = {
    RequestKind.LAND: ("nrp", 10),
    RequestKind.POWER: ("drc", 5),
    RequestKind.WATER: ("urban", 5),
    RequestKind.GAS: ("urban", 5),
    RequestKind.FINANCING: ("drc", 10),
    RequestKind.PERMITS: ("xzsp", 5),
    RequestKind.LABOUR: ("hrss", 5),
    RequestKind.OTHER: ("drc", 10),
}

# Ranks of "deputy county level or above" (副县级以上) who may be a project's responsible leader.
RESPONSIBLE_RANKS = {LeaderRank.COUNTY, LeaderRank.DEPUTY_COUNTY}

STAFF_ROLES = {Role.CLERK, Role.APPROVER, Role.LEADER, Role.OFFICER, Role.ADMIN}


def may_read(user) -> bool:
    """The register names the responsible people with their phones and holds the zone's investment plans and
    element requests: it is for the zone's own people, not for applicants (who are refused with a 404)."""
    return is_zone_staff(user)


def sees_nav(user) -> bool:
    """The header entry is for the people who work on projects; a statistician may still open the register."""
    return may_read(user) and user.role in STAFF_ROLES


def may_register(user) -> bool:
    """Create projects (form, import): project officers, leaders and administrators."""
    return may_read(user) and user.role in (Role.OFFICER, Role.LEADER, Role.ADMIN)


def may_change(user, project) -> bool:
    if not may_read(user):
        return False
    if user.role in (Role.LEADER, Role.ADMIN):
        return True
    return user.pk in (project.officer_id, project.responsible_person_id)


def may_handle_request(user, request) -> bool:
    return may_read(user) and user.role == Role.APPROVER and user.department_id == request.department_id


def may_be_responsible_leader(user) -> bool:
    profile = getattr(user, "leader_profile", None)
    return user.role == Role.LEADER and user.is_active and profile is not None and profile.rank in RESPONSIBLE_RANKS


# How each audit event reads on a project's or a request's timeline.
EVENT_LABELS = {
    "register": pgettext_lazy("project event", "登记项目"),
    "import": pgettext_lazy("project event", "导入更新"),
    "edit": pgettext_lazy("project event", "修改基本信息"),
    "responsibility": pgettext_lazy("project event", "调整分包责任"),
    "year_plan": pgettext_lazy("project event", "设定年度计划"),
    "milestone_add": pgettext_lazy("project event", "新增时间节点"),
    "milestone_met": pgettext_lazy("project event", "记录节点完成"),
    "report": pgettext_lazy("project event", "填报月度报告"),
    "report_update": pgettext_lazy("project event", "更正月度报告"),
    "request_raise": pgettext_lazy("project event", "提出要素保障需求"),
    "progress": pgettext_lazy("project event", "登记办理进展"),
    "resolve": pgettext_lazy("project event", "需求已解决"),
    "escalate": pgettext_lazy("project event", "超期提级至责任领导"),
    "deadline_recompute": pgettext_lazy("project event", "工作日历调整，期限重新计算"),
}
