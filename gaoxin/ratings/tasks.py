"""The ratings' scheduled job: telling a department that a rectification's deadline is near or past."""

from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from gaoxin.notifications.actions import Message, deadline_message, notify, when
from gaoxin.notifications.models import Kind
from gaoxin.notifications.selectors import approvers_by_department
from gaoxin.ratings.models import Rectification, RectificationStatus
from gaoxin.ratings.selectors import rectification_sla
from gaoxin.workdays.deadlines import SlaState


@task()
def warn_rectifications(now: datetime | None = None) -> int:
    """Open rectifications in warning or overdue → the approvers of the responsible department, once each."""
    now = now or timezone.now()
    running = Rectification.objects.filter(status=RectificationStatus.OPEN).select_related("rating__case")
    late = [(r, state) for r in running if (state := rectification_sla(r, now)) in (SlaState.WARNING, SlaState.OVERDUE)]
    approvers = approvers_by_department(r.department_id for r, _state in late)
    notify(
        [
            (person, rectification_message(r, state))
            for r, state in late
            for person in approvers.get(r.department_id, [])
        ],
        now=now,
    )
    return len(late)


def rectification_message(rectification: Rectification, state: SlaState) -> Message:
    names = {"number": rectification.rating.case.number, "deadline": when(rectification.deadline)}
    return deadline_message(
        state,
        str(rectification.pk),
        reverse("rectification", args=[rectification.pk]),
        overdue=(
            Kind.RECTIFICATION_OVERDUE,
            _("办件 %(number)s 的差评整改已超过整改时限") % names,
            _("整改时限 %(deadline)s 已过：请回访申请人并办结整改。") % names,
        ),
        warning=(
            Kind.RECTIFICATION_WARNING,
            _("办件 %(number)s 的差评整改临近整改时限") % names,
            _("请在 %(deadline)s 前回访申请人并办结整改。") % names,
        ),
    )
