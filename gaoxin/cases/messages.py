"""What the people of a case are told when it changes, after the change has committed: the applicant of every step
of their case, a department's approvers of what reaches their desk, the heads of an extension to decide.

Each case action records its change as audit events (gaoxin.cases.actions._changing); the events of a committed
change are read here, so that an action says nothing of what it tells and nobody hears of a change that rolled back.
The wording is in gaoxin.notifications.wording (templates an administrator may edit); this module gathers what fills
it. Messages are stored in the platform's language (Chinese), whatever language the person acting reads: they are read
later, by others, in the notification centre, by e-mail and SMS. An applicant without an account (a walk-in) is told
by SMS at the phone given at the window.
"""

from collections.abc import Callable
from functools import partial

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gaoxin.cases import hooks, rules
from gaoxin.cases.models import Case, CaseStatus, ExtensionStatus, ObjectorStanding, Task, TaskExtension, TaskStatus
from gaoxin.cases.selectors import result_lines
from gaoxin.core.models import AuditEvent
from gaoxin.core.pages import public_url
from gaoxin.notifications.actions import Message, notify, notify_phones, when
from gaoxin.notifications.models import Kind
from gaoxin.notifications.selectors import approvers_by_department, department_heads

# What a final event says the case came to.
OUTCOMES = {"complete": "已办结（准予）", "complete_partly": "部分办结", "deny": "不予许可"}


def tell_of_change(case: Case, events: list[AuditEvent]) -> None:
    """Called inside a case action's transaction with the events of its change: what they tell goes out on commit."""
    if any(event.action in APPLICANT_NEWS or event.action in STAFF_NEWS for event in events):
        transaction.on_commit(partial(_tell, case.pk, list(events)))


def _tell(case_id, events: list[AuditEvent]) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        case = Case.objects.select_related("applicant", "item", "bundle").get(pk=case_id)
        tasks = {str(t.pk): t for t in case.tasks.select_related("item", "department")}
        news = _News(case, tasks)
        for event in events:
            for told in (APPLICANT_NEWS.get(event.action), STAFF_NEWS.get(event.action)):
                if told is not None:
                    told(news, event)
        news.send()


class _News:
    """The messages of one change: to the applicant (account or phone) and to the staff, sent together."""

    def __init__(self, case: Case, tasks: dict[str, Task]):
        self.case, self.tasks = case, tasks
        self.to_applicant: list[Message] = []
        self.to_staff: list[tuple[object, Message]] = []

    def applicant(self, kind: str, event: AuditEvent, link: str = "", **params) -> None:
        key = f"{self.case.pk}:{event.seq}"
        link = link or reverse("portal-case", args=[self.case.pk])
        self.to_applicant.append(Message(kind, key, link=link, params={**case_params(self.case), **params}))

    def task(self, event: AuditEvent) -> Task | None:
        return self.tasks.get(str(event.data.get("task", "")))

    def send(self) -> None:
        notify(self.to_staff)
        tell_applicant(self.case, self.to_applicant)


def tell_applicant(case: Case, messages: list[Message]) -> None:
    """The applicant's account hears in the app and on the channels they chose; a walk-in's phone hears by SMS."""
    if case.applicant_id is not None:
        if case.applicant.is_active:
            notify([(case.applicant, message) for message in messages])
    else:
        notify_phones([(case.contact_phone, message) for message in messages])


def case_params(case: Case) -> dict:
    return {"case_number": case.number, "title": case.title, "applicant": case.applicant_name}


def _listed(materials: list[dict]) -> str:
    return "\n".join(f"{n}. {m['name']}：{m['reason']}" for n, m in enumerate(materials, start=1))


# --- what the applicant hears ----------------------------------------------------------------------------------


def _accepted(news: _News, event: AuditEvent) -> None:
    deadline = when(news.case.deadline) if news.case.deadline else ""
    news.applicant(Kind.CASE_ACCEPTED, event, deadline=deadline)


def _not_accepted(news: _News, event: AuditEvent) -> None:
    news.applicant(Kind.CASE_NOT_ACCEPTED, event, reason=event.reason)


def _corrections(news: _News, event: AuditEvent) -> None:
    materials = event.data.get("materials", [])
    news.applicant(
        Kind.CORRECTIONS_REQUESTED, event, count=len(materials), materials=_listed(materials), note=event.reason
    )


def _step_decided(news: _News, event: AuditEvent) -> None:
    """Each step of a case of several steps; a case of one step is told its decision as a whole."""
    task = news.task(event)
    if task is None or sum(len(stage) for stage in news.case.plan) < 2:
        return
    outcome = TaskStatus.APPROVED.label if event.action == "task_approve" else TaskStatus.DENIED.label
    reason = _("理由：%(reason)s") % {"reason": event.reason} if event.action == "task_deny" else ""
    news.applicant(
        Kind.STEP_DECIDED,
        event,
        item=task.item.name,
        department=task.department.name,
        outcome=str(outcome),
        reason=reason,
    )


def _returned(news: _News, event: AuditEvent) -> None:
    task = news.task(event)
    news.applicant(
        Kind.SUPPLEMENT_REQUESTED,
        event,
        item=task.item.name if task else "",
        department=task.department.name if task else "",
        reason=event.reason,
        materials=_listed(event.data.get("materials", [])),
    )


def _opened(news: _News, event: AuditEvent) -> None:
    """A public notice (公示) starts when its step opens."""
    task = news.task(event)
    if task is not None and task.waits_until is not None:
        news.applicant(
            Kind.NOTICE_STARTED, event, item=task.item.name, start=when(task.created_at), end=when(task.waits_until)
        )


def _notice_ended(news: _News, event: AuditEvent) -> None:
    task = news.task(event)
    news.applicant(Kind.NOTICE_ENDED, event, item=task.item.name if task else "", outcome=event.reason)


def _objection_params(news: _News, event: AuditEvent) -> dict:
    task = news.task(event)
    result = event.data.get("result", {})
    standing = ObjectorStanding(result["standing"]).label if result.get("standing") in ObjectorStanding.values else ""
    return {
        "item": task.item.name if task else "",
        "department": task.department.name if task else "",
        "standing": str(standing),
        "receipt": result.get("receipt", ""),
    }


def _objected(news: _News, event: AuditEvent) -> None:
    news.applicant(Kind.NOTICE_OBJECTED, event, **_objection_params(news, event))


def _decided(news: _News, event: AuditEvent) -> None:
    """The decision with its results (each granted step's, the license) and its documents; then the invitation to
    rate the service."""
    case = news.case
    sections = hooks.case_sections(case)
    results = []
    if license := sections.get("license"):
        results.append(_("营业执照：%(number)s（统一社会信用代码 %(uscc)s）") % license)
    for task in sorted(news.tasks.values(), key=rules.in_plan_order(case)):
        if task.status == TaskStatus.APPROVED and task.result:
            lines = result_lines(rules.planned_step(case, task), task.result)
            lines = [f"{line['label']}：{line['value']}" for line in lines]
            results.append(f"{task.item.name}：" + "；".join(lines))
    # The address on a line of its own: a mail or SMS reader then sees where it ends, and the centre links it.
    documents = [f"{d['title']}（{d['number']}）：\n{public_url(d['pdf_url'])}" for d in sections.get("documents", [])]
    reason = _("理由：%(reason)s") % {"reason": case.decision_reason} if case.decision_reason else ""
    news.applicant(
        Kind.CASE_DECIDED,
        event,
        outcome=OUTCOMES[event.action],
        reason=reason,
        results="\n".join(results),
        documents="\n".join(documents),
    )
    news.applicant(Kind.RATING_INVITED, event)


Told = Callable[[_News, AuditEvent], None]

APPLICANT_NEWS: dict[str, Told] = {
    "accept": _accepted,
    "not_accept": _not_accepted,
    "request_corrections": _corrections,
    "task_approve": _step_decided,
    "task_deny": _step_decided,
    "task_return": _returned,
    "task_open": _opened,
    "notice_end": _notice_ended,
    "objection": _notice_ended,
    "objection_lodged": _objected,
    "objection_upheld": _notice_ended,
    "complete": _decided,
    "complete_partly": _decided,
    "deny": _decided,
}


# --- what the staff hear ---------------------------------------------------------------------------------------


def _new_task(news: _News, event: AuditEvent) -> None:
    """A step opened: its department's approvers have it on their desk."""
    task = news.task(event)
    if task is None:
        return
    params = {**case_params(news.case), "item": task.item.name, "deadline": when(task.deadline)}
    message = Message(Kind.TASK_NEW, str(task.pk), link=reverse("desk-task", args=[task.pk]), params=params)
    approvers = approvers_by_department([task.department_id]).get(task.department_id, [])
    news.to_staff += [(person, message) for person in approvers]


def _supplement_answered(news: _News, event: AuditEvent) -> None:
    """The applicant answered a return: the departments whose steps resume hear it."""
    if event.from_state != CaseStatus.SUPPLEMENT_REQUESTED:
        return
    resumed = [t for t in news.tasks.values() if t.status == TaskStatus.OPEN]
    approvers = approvers_by_department(t.department_id for t in resumed)
    for task in resumed:
        params = {**case_params(news.case), "item": task.item.name}
        link = reverse("desk-task", args=[task.pk])
        message = Message(Kind.SUPPLEMENT_ANSWERED, f"{task.pk}:{event.seq}", link=link, params=params)
        news.to_staff += [(person, message) for person in approvers.get(task.department_id, [])]


def _objection_to_department(news: _News, event: AuditEvent) -> None:
    """An objection to the department's notice: its approvers look into it."""
    task = news.task(event)
    if task is None:
        return
    params = {**case_params(news.case), **_objection_params(news, event)}
    key = event.data.get("result", {}).get("objection", f"{task.pk}:{event.seq}")
    message = Message(Kind.NOTICE_OBJECTED, key, link=reverse("desk-task", args=[task.pk]), params=params)
    news.to_staff += [
        (person, message) for person in approvers_by_department([task.department_id]).get(task.department_id, [])
    ]


STAFF_NEWS: dict[str, Told] = {
    "task_open": _new_task,
    "submit": _supplement_answered,
    "objection_lodged": _objection_to_department,
}


# --- extensions (延期) -----------------------------------------------------------------------------------------


def tell_heads(case: Case, task: Task, extension: TaskExtension) -> None:
    """A new request → the heads of the task's department."""
    with translation.override(settings.LANGUAGE_CODE):
        message = extension_requested(case, task, extension)
        notify([(head, message) for head in department_heads(task.department_id)])


def tell_decision(case: Case, task: Task, extension: TaskExtension) -> None:
    """The approver who asked hears the decision; on approval the case's applicant is told the new deadline and the
    reason (§42) — by SMS at the window's phone number for a walk-in without an account."""
    with translation.override(settings.LANGUAGE_CODE):
        notify([(extension.requested_by, extension_decided(case, task, extension))])
        if extension.status == ExtensionStatus.APPROVED:
            tell_applicant(case, [task_extended(case, task, extension)])


def _names(case: Case, task: Task, extension: TaskExtension) -> dict:
    return {
        "number": case.number,
        "item": task.item.name,
        "department": task.department.name,
        "days": extension.days,
        "reason": extension.reason,
        "note": extension.note,
        "approver": extension.requested_by.name,
        "deadline": when(extension.deadline_after or task.deadline),
    }


def extension_requested(case: Case, task: Task, extension: TaskExtension) -> Message:
    names = _names(case, task, extension)
    return Message(
        Kind.EXTENSION_REQUESTED,
        str(extension.pk),
        ngettext(
            "办件 %(number)s 的“%(item)s”申请延期 %(days)s 个工作日",
            "办件 %(number)s 的“%(item)s”申请延期 %(days)s 个工作日",
            extension.days,
        )
        % names,
        _("%(approver)s 申请延期，理由：%(reason)s。现法定时限 %(deadline)s。") % names,
        reverse("desk-extensions"),
    )


def extension_decided(case: Case, task: Task, extension: TaskExtension) -> Message:
    names = _names(case, task, extension)
    if extension.status == ExtensionStatus.APPROVED:
        title = _("办件 %(number)s 的延期申请已批准") % names
        body = (
            ngettext(
                "法定时限延长 %(days)s 个工作日，至 %(deadline)s。",
                "法定时限延长 %(days)s 个工作日，至 %(deadline)s。",
                extension.days,
            )
            % names
        )
    else:
        title = _("办件 %(number)s 的延期申请不予批准") % names
        body = _("理由：%(note)s。法定时限仍为 %(deadline)s。") % names
    return Message(Kind.EXTENSION_DECIDED, str(extension.pk), title, body, reverse("desk-task", args=[task.pk]))


def task_extended(case: Case, task: Task, extension: TaskExtension) -> Message:
    names = _names(case, task, extension)
    params = {**case_params(case), **{k: names[k] for k in ("item", "department", "days", "deadline", "reason")}}
    return Message(Kind.TASK_EXTENDED, str(extension.pk), link=reverse("portal-case", args=[case.pk]), params=params)
