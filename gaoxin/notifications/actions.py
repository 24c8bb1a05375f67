"""Every write of notifications: making them (once per person and event), marking them read, e-mailing them.

Notifications are not audit events: they repeat what an audited change or a deadline already says, and reading one
changes nothing of the zone's business (docs/decisions/0010-background-work.md).
"""

import logging
import smtplib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.accounts.models import User
from gaoxin.core.errors import NotFound
from gaoxin.notifications.models import Kind, Notification
from gaoxin.workdays.deadlines import SlaState

logger = logging.getLogger(__name__)

EMAIL_BATCH = 100


@dataclass(frozen=True)
class Message:
    """What to tell: the kind and subject make it unique per person; title, body and link are what they read."""

    kind: str
    subject_key: str
    title: str
    body: str = ""
    link: str = ""


def deadline_message(
    state: SlaState, subject_key: str, link: str, *, overdue: tuple[str, str, str], warning: tuple[str, str, str]
) -> Message:
    """A message about a time limit: the overdue wording (kind, title, body) when it has passed, else the warning."""
    kind, title, body = overdue if state == SlaState.OVERDUE else warning
    return Message(kind, subject_key, title, body, link)


def deadline_moved_message(subject_id, title: str, body: str, link: str) -> Message:
    """A deadline the calendar's change moved. Each move is news of its own: a deadline that moves back and forth is
    told every time, so the subject key is new each time."""
    return Message(Kind.DEADLINE_MOVED, f"{subject_id}:{uuid.uuid4().hex}", title, body, link)


def when(moment: datetime) -> str:
    """A moment as notifications write it: local time to the minute."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def notify(deliveries: Iterable[tuple[User, Message]], *, now: datetime | None = None) -> None:
    """Store each (person, message) unless that person already has it: one INSERT … ON CONFLICT DO NOTHING, so two
    jobs finding the same thing at the same moment still leave one row. E-mail follows from the worker."""
    now = now or timezone.now()
    rows = [
        Notification(
            recipient=user,
            kind=message.kind,
            subject_key=message.subject_key,
            title=message.title[:200],
            body=message.body,
            link=message.link,
            email_to=user.email or "",
            created_at=now,
        )
        for user, message in deliveries
    ]
    if not rows:
        return
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    if any(row.email_to for row in rows):
        from gaoxin.notifications.tasks import send_emails  # the task module imports these actions

        transaction.on_commit(send_emails.enqueue)


def notification_mark_read(*, notification: Notification, user: User, now: datetime | None = None) -> Notification:
    """Mark the person's own notification read; marking it again keeps the first time."""
    if notification.recipient_id != user.pk:
        raise NotFound(_("未找到该通知"))
    now = now or timezone.now()
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
    notification.refresh_from_db(fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User, now: datetime | None = None) -> int:
    """Mark every unread notification of the person read; returns how many were unread."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=now or timezone.now())


def emails_send_pending(*, limit: int = EMAIL_BATCH, now: datetime | None = None) -> int:
    """E-mail up to `limit` notifications not yet sent, oldest first, and return how many went out.

    The rows are locked with SKIP LOCKED, so two workers share the pending mail instead of both sending it. A failing
    mail server stops the batch: what was sent is marked, the rest stays pending for the next run."""
    now = now or timezone.now()
    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(emailed_at__isnull=True)
            .exclude(email_to="")
            .order_by("created_at", "id")[:limit]
        )
        if not pending:
            return 0
        sent, refused = [], []
        try:
            with get_connection() as connection:
                for notification in pending:
                    try:
                        connection.send_messages([_email(notification)])
                    except smtplib.SMTPRecipientsRefused:
                        # This address will not take mail: retrying it would hold up everyone queued behind it.
                        logger.warning(
                            "Mail server refused %s (notification %s)", notification.email_to, notification.pk
                        )
                        refused.append(notification.pk)
                        continue
                    sent.append(notification.pk)
        except OSError:  # the server is unreachable or failed (smtplib's errors are OSErrors): the next run retries
            logger.exception("E-mail failed; %s notifications stay pending", len(pending) - len(sent) - len(refused))
        # A refused address counts as handled, so the pending mail does not wait on it for ever.
        Notification.objects.filter(pk__in=sent + refused).update(emailed_at=now)
    return len(sent)


def _email(notification: Notification) -> EmailMessage:
    body = notification.body
    if notification.link:
        body = f"{body}\n\n{urljoin(settings.GAOXIN['PUBLIC_BASE_URL'], notification.link)}".strip()
    return EmailMessage(subject=notification.title, body=body, to=[notification.email_to])
