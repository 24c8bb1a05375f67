"""What the people of a case are told of its extension (延期), after the change has committed.

The messages are stored in the platform's language (Chinese), whatever language the person acting reads: they are
read later, by others, in the notification centre and by e-mail.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gaoxin.cases.models import Case, ExtensionStatus, Task, TaskExtension
from gaoxin.notifications.actions import Message, notify, when
from gaoxin.notifications.models import Kind
from gaoxin.notifications.selectors import department_heads


def tell_heads(case: Case, task: Task, extension: TaskExtension) -> None:
    """A new request → the heads of the task's department."""
    with translation.override(settings.LANGUAGE_CODE):
        message = extension_requested(case, task, extension)
        notify([(head, message) for head in department_heads(task.department_id)])


def tell_decision(case: Case, task: Task, extension: TaskExtension) -> None:
    """The approver who asked hears the decision; on approval the case's applicant (with an account) is told the new
    deadline and the reason (§42). A walk-in without an account hears nothing here: the written notice is theirs."""
    with translation.override(settings.LANGUAGE_CODE):
        deliveries = [(extension.requested_by, extension_decided(case, task, extension))]
        if extension.status == ExtensionStatus.APPROVED and case.applicant_id:
            deliveries.append((case.applicant, task_extended(case, task, extension)))
        notify(deliveries)


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
    return Message(
        Kind.TASK_EXTENDED,
        str(extension.pk),
        _("您的办件 %(number)s 办理时限延长") % names,
        ngettext(
            "“%(item)s”（%(department)s）经部门负责人批准延长 %(days)s 个工作日，法定时限延至 %(deadline)s。"
            "延期理由：%(reason)s。",
            "“%(item)s”（%(department)s）经部门负责人批准延长 %(days)s 个工作日，法定时限延至 %(deadline)s。"
            "延期理由：%(reason)s。",
            extension.days,
        )
        % names,
        reverse("portal-case", args=[case.pk]),
    )
