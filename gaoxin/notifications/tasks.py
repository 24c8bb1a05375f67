"""The notifications' background tasks: sending the e-mail and SMS of new notifications (and retrying those that
failed), and the nightly check of the audit
trail that tells the administrators when a chain is broken.

The audit trail is core's, but core imports no app (gaoxin/core/layers.py): the job that turns core's findings into
notifications to the administrators lives here, above both.
"""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from gaoxin.accounts.models import Role
from gaoxin.core.audit import audit_problems
from gaoxin.notifications.actions import Message, deliveries_send_pending, notify
from gaoxin.notifications.models import Kind
from gaoxin.notifications.selectors import users_with_role

# How many problems the audit notification lists; `manage.py audit_verify` lists them all.
LISTED = 20


@task()
def send_deliveries() -> int:
    """Enqueued when e-mail or SMS is queued, and run on a schedule for those waiting to be tried again."""
    total = 0
    while tried := deliveries_send_pending():
        total += tried
    return total


@task()
def verify_audit(now: datetime | None = None) -> int:
    """Walk every chain (as `manage.py audit_verify`); if anything is wrong, tell every administrator, once a day."""
    now = now or timezone.now()
    problems = [str(problem) for problem in audit_problems()]
    if problems:
        day = timezone.localtime(now).date().isoformat()
        names = {"count": len(problems), "day": day}
        lines = problems[:LISTED] + ([_("……（共 %(count)s 处）") % names] if len(problems) > LISTED else [])
        message = Message(
            Kind.AUDIT_PROBLEMS,
            day,
            _("审计链校验发现 %(count)s 处问题（%(day)s）") % names,
            "\n".join(lines) + "\n\n" + _("请运行 python manage.py audit_verify 查看全部问题并调查原因。"),
        )
        notify([(admin, message) for admin in users_with_role(Role.ADMIN)], now=now)
    return len(problems)
