"""Every write of notifications: making them (once per person and event), marking them read, e-mailing them.

Notifications are not audit events: they repeat what an audited change or a deadline already says, and reading one
changes nothing of the zone's business (docs/decisions/0010-background-work.md).
"""

import logging
import smtplib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.accounts.models import Role, User
from gaoxin.accounts.selectors import security_administrators
from gaoxin.core import personal
from gaoxin.core.audit import audit_record
from gaoxin.core.errors import DomainError, FieldErrors, Forbidden, NotFound
from gaoxin.core.placeholders import placeholder_problems, placeholders_in, substitute
from gaoxin.notifications import sms
from gaoxin.notifications.models import (
    Channel,
    Delivery,
    DeliveryStatus,
    Kind,
    MessageTemplate,
    Notification,
    Preference,
    SmsNumber,
)
from gaoxin.notifications.wording import OPTOUT, WORDING, allowed_placeholders, shipped
from gaoxin.workdays.deadlines import SlaState

logger = logging.getLogger(__name__)

DELIVERY_BATCH = 100
# Roles that decide tasks with deadlines: they may ask for the daily digest of what falls due.
DIGEST_ROLES = (Role.APPROVER, Role.DEPT_HEAD)


@dataclass(frozen=True)
class Message:
    """What to tell: the kind and subject make it unique per person; title, body and link are what they read.

    A kind with a template (gaoxin.notifications.wording) is worded by it, filled with `params`; the others carry
    their own title and body."""

    kind: str
    subject_key: str
    title: str = ""
    body: str = ""
    link: str = ""
    params: dict = field(default_factory=dict)


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


def notify_account_locked(sender, lock, **kwargs) -> None:
    """The login throttle locked an account itself (accounts.throttle.account_locked, sent after commit): every
    security administrator is told, once per lock, with a link to the lock in the admin."""
    params = {"username": lock.username, "failures": lock.failures, "until": when(lock.until)}
    link = reverse("admin:accounts_loginlock_change", args=[lock.pk])
    message = Message(Kind.ACCOUNT_LOCKED, str(lock.pk), link=link, params={**params, "link": link})
    with transaction.atomic():
        notify([(admin, message) for admin in security_administrators()])


def notify(deliveries: Iterable[tuple[User, Message]], *, now: datetime | None = None) -> None:
    """Store each (person, message) unless that person already has it: one INSERT … ON CONFLICT DO NOTHING, so two
    jobs finding the same thing at the same moment still leave one row. Each new notification is e-mailed and sent
    by SMS as its recipient chose (Preference) to the addresses they have; the worker sends them after commit."""
    now = now or timezone.now()
    deliveries = list(deliveries)
    if not deliveries:
        return
    templates = _templates({message.kind for _user, message in deliveries})
    rows = []
    for user, message in deliveries:
        title, body = _worded(message, templates, Channel.INAPP)
        rows.append(
            Notification(
                recipient=user,
                kind=message.kind,
                subject_key=message.subject_key,
                title=title[:200],
                body=body,
                link=message.link,
                created_at=now,
            )
        )
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    if not any(user.email or user.phone for user, _message in deliveries):
        return
    made = set(Notification.objects.filter(pk__in=[row.pk for row in rows]).values_list("pk", flat=True))
    chosen = preferences_of({user.pk for user, _message in deliveries})
    numbers = sms_numbers(user.phone for user, _message in deliveries if chosen[user.pk].sms)
    outgoing = []
    for (user, message), row in zip(deliveries, rows, strict=True):
        if row.pk not in made:
            continue  # they had it already
        preference = chosen[user.pk]
        if preference.email and user.email:
            outgoing.append(_email_delivery(message, templates, user.email, row, now))
        if preference.sms and user.phone:
            outgoing.append(_sms_delivery(message, templates, numbers.get(user.phone), row, now))
    _queue([delivery for delivery in outgoing if delivery is not None])


def notify_phones(deliveries: Iterable[tuple[str, Message]], *, now: datetime | None = None) -> None:
    """SMS only, to phone numbers without an account: a walk-in applicant's, given at the window."""
    now = now or timezone.now()
    deliveries = [(phone, message) for phone, message in deliveries if phone]
    if not deliveries:
        return
    templates = _templates({message.kind for _phone, message in deliveries})
    numbers = sms_numbers(phone for phone, _message in deliveries)
    outgoing = [_sms_delivery(message, templates, numbers.get(phone), None, now) for phone, message in deliveries]
    _queue([delivery for delivery in outgoing if delivery is not None])


def sms_numbers(phones: Iterable[str]) -> dict[str, SmsNumber]:
    """Each phone's SmsNumber (its opt-out token and whether it takes SMS), made the first time an SMS is meant for
    it: one INSERT … ON CONFLICT DO NOTHING and one read, however many numbers."""
    by_digest = {personal.digest(phone): phone for phone in phones if phone}
    if not by_digest:
        return {}
    SmsNumber.objects.bulk_create([SmsNumber(phone=phone) for phone in by_digest.values()], ignore_conflicts=True)
    return {by_digest[number.phone_digest]: number for number in SmsNumber.objects.filter(phone_digest__in=by_digest)}


def optout_url(number: SmsNumber) -> str:
    return urljoin(settings.GAOXIN["PUBLIC_BASE_URL"], reverse("sms-optout", args=[number.token]))


def sign_in_code_send(*, user: User, code: str, minutes: int) -> None:
    """A code to reset the password, to every address the account has, whatever its preferences (the person asked
    for it and cannot sign in to read it); no notification in the app, where nobody signed in could see it."""
    message = Message(Kind.SIGN_IN_CODE, uuid.uuid4().hex, params={"code": code, "minutes": minutes})
    templates = _templates({Kind.SIGN_IN_CODE})
    now = timezone.now()
    outgoing = [_email_delivery(message, templates, user.email, None, now) if user.email else None]
    # A number whose owner stopped SMS (its opt-out link) gets no code either: the e-mail still does.
    outgoing.append(
        _sms_delivery(message, templates, sms_numbers([user.phone])[user.phone], None, now) if user.phone else None
    )
    _queue([delivery for delivery in outgoing if delivery is not None])


def preferences_of(user_ids) -> dict[int, Preference]:
    """Each person's choice of channels; someone who never chose has the defaults (e-mail and SMS, no digest)."""
    chosen = {p.user_id: p for p in Preference.objects.filter(user_id__in=user_ids)}
    return {user_id: chosen.get(user_id) or Preference(user_id=user_id) for user_id in user_ids}


def _templates(kinds: set[str]) -> dict[tuple[str, str], dict]:
    """The templates of these kinds on every channel: the administrator's where there is one, else the shipped."""
    templated = [kind for kind in kinds if kind in WORDING]
    if not templated:
        return {}
    found = {
        (t.kind, t.channel): {"title": t.title, "body": t.body, "template_code": t.template_code}
        for t in MessageTemplate.objects.filter(kind__in=templated)
    }
    for kind in templated:
        for channel in Channel.values:
            if (kind, channel) not in found and (default := shipped(kind, channel)) is not None:
                found[kind, channel] = default
    return found


def _worded(message: Message, templates: dict, channel: str) -> tuple[str, str]:
    """Title and body on a channel: its template filled, an e-mail without one of its own as in the app, a message
    of a kind without templates as it was written."""
    template = templates.get((message.kind, channel))
    if template is None and channel == Channel.EMAIL:
        template = templates.get((message.kind, Channel.INAPP))
    if template is None:
        return message.title, message.body
    return substitute(template["title"], message.params), _lines(substitute(template["body"], message.params))


def _lines(text: str) -> str:
    """A filled text without the lines that an empty placeholder left blank."""
    return "\n".join(line for line in text.splitlines() if line.strip())


def _email_delivery(message: Message, templates: dict, address: str, notification, now) -> Delivery:
    title, body = _worded(message, templates, Channel.EMAIL)
    if message.link:
        body = f"{body}\n\n{urljoin(settings.GAOXIN['PUBLIC_BASE_URL'], message.link)}".strip()
    return _delivery(message, Channel.EMAIL, address, notification, now, subject=title[:200], body=body)


def _sms_delivery(message: Message, templates: dict, number: SmsNumber | None, notification, now) -> Delivery | None:
    """An SMS if the kind has an SMS template (with the gateway's code) and its number takes SMS, carrying the
    parameters its text uses, among them the number's opt-out link."""
    template = templates.get((message.kind, Channel.SMS))
    if template is None or not template["template_code"] or number is None or number.stopped:
        return None
    phone = number.phone
    values = {
        **message.params,
        "link": urljoin(settings.GAOXIN["PUBLIC_BASE_URL"], message.link),
        OPTOUT: optout_url(number),
    }
    params = {name: _sms_value(values.get(name, "")) for name in placeholders_in(template["body"])}
    text = substitute(template["body"], params)
    return _delivery(
        message,
        Channel.SMS,
        phone,
        notification,
        now,
        body=text,
        template_code=template["template_code"],
        params=params,
    )


def _sms_value(value) -> str:
    """One line, as a gateway takes a parameter (a list of materials arrives separated by 、)."""
    return _("、").join(line.strip() for line in str(value).splitlines() if line.strip())


def _delivery(message: Message, channel: str, address: str, notification, now, **fields) -> Delivery:
    return Delivery(
        notification=notification,
        kind=message.kind,
        subject_key=message.subject_key,
        channel=channel,
        address=address,
        created_at=now,
        next_attempt_at=now,
        **fields,
    )


def _queue(deliveries: list[Delivery]) -> None:
    if not deliveries:
        return
    Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
    from gaoxin.notifications.tasks import send_deliveries  # the task module imports these actions

    transaction.on_commit(send_deliveries.enqueue)


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


def deliveries_send_pending(*, limit: int = DELIVERY_BATCH, now: datetime | None = None) -> int:
    """Send up to `limit` queued e-mails and SMS that are due, oldest first; return how many were tried.

    The rows are locked with SKIP LOCKED, so two workers share the work instead of both sending it. A failure is
    recorded on its delivery, which is tried again later (1, 2, 4 … minutes) and marked failed after
    DELIVERY_MAX_ATTEMPTS; an address the mail server refuses fails at once, as retrying it cannot help."""
    now = now or timezone.now()
    with transaction.atomic():
        pending = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(status=DeliveryStatus.QUEUED, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "created_at", "id")[:limit]
        )
        if not pending:
            return 0
        stopped = _stopped_numbers(pending)
        with _Senders() as senders:
            for delivery in pending:
                if delivery.channel == Channel.SMS and delivery.address in stopped:
                    # Stopped after the SMS was queued (a retry waiting, say): it is not sent, and says why.
                    delivery.status, delivery.last_error = DeliveryStatus.FAILED, _("该号码已退订短信，未发送")
                    continue
                delivery.attempts += 1
                try:
                    senders.send(delivery)
                except smtplib.SMTPRecipientsRefused as error:
                    _failed(delivery, error, now, final=True)
                except (OSError, sms.SmsError) as error:  # smtplib's errors are OSErrors
                    _failed(delivery, error, now)
                else:
                    delivery.status, delivery.sent_at, delivery.last_error = DeliveryStatus.SENT, now, ""
        Delivery.objects.bulk_update(pending, ["status", "attempts", "last_error", "next_attempt_at", "sent_at"])
    return len(pending)


def _stopped_numbers(pending: list[Delivery]) -> set[str]:
    by_digest = {personal.digest(d.address): d.address for d in pending if d.channel == Channel.SMS}
    if not by_digest:
        return set()
    stopped = SmsNumber.objects.filter(phone_digest__in=by_digest, stopped=True).values_list("phone_digest", flat=True)
    return {by_digest[digest] for digest in stopped}


def _failed(delivery: Delivery, error: Exception, now: datetime, *, final: bool = False) -> None:
    logger.warning("%s to %s failed (attempt %s): %s", delivery.channel, delivery.address, delivery.attempts, error)
    delivery.last_error = str(error)[:1000] or type(error).__name__
    if final or delivery.attempts >= settings.GAOXIN["DELIVERY_MAX_ATTEMPTS"]:
        delivery.status = DeliveryStatus.FAILED
    else:
        wait = settings.GAOXIN["DELIVERY_RETRY_SECONDS"] * 2 ** (delivery.attempts - 1)
        delivery.next_attempt_at = now + timedelta(seconds=wait)


class _Senders:
    """The mail connection (opened when the first e-mail goes, once per batch) and the SMS gateway of one batch."""

    def __enter__(self):
        self.mail, self.mail_error, self.gateway = None, None, sms.backend()
        return self

    def send(self, delivery: Delivery) -> None:
        if delivery.channel == Channel.SMS:
            self.gateway.send(sms.Sms(delivery.address, delivery.template_code, delivery.params, delivery.body))
            return
        if self.mail_error is not None:  # the server was unreachable for this batch: do not wait on it again
            raise self.mail_error
        if self.mail is None:
            try:
                self.mail = get_connection()
                self.mail.open()
            except OSError as error:
                self.mail_error = error
                raise
        message = EmailMessage(subject=delivery.subject, body=delivery.body, to=[delivery.address])
        self.mail.send_messages([message])

    def __exit__(self, *exc):
        if self.mail is not None:
            try:
                self.mail.close()
            except OSError:
                logger.warning("Closing the mail connection failed", exc_info=True)


# --- templates and preferences ---------------------------------------------------------------------------------


def template_problems(kind: str, channel: str, *texts: str) -> list[str]:
    """Why a message template cannot be used: a kind the platform does not word by templates, or a placeholder its
    sender does not fill (named), by the rule every template of the platform follows (gaoxin.core.placeholders)."""
    if kind not in WORDING:
        return [_("该类型的通知没有模板")]
    if channel == Channel.SMS and not shipped(kind, Channel.SMS):
        return [_("该类型的通知不发短信")]
    return placeholder_problems(allowed_placeholders(kind, channel), *texts)


def template_field_problems(kind: str, channel: str, name: str, text: str) -> list[str]:
    """The problems of one field of a template (title or body): those above, and an SMS body without the opt-out
    link that every SMS carries (docs/decisions/0022-sms-opt-out.md)."""
    problems = template_problems(kind, channel, text)
    if name == "body" and channel == Channel.SMS and OPTOUT not in placeholders_in(text):
        problems.append(_("短信内容须包含退订链接 {optout}"))
    return problems


def template_save(*, template: MessageTemplate, actor: User) -> MessageTemplate:
    """An administrator's wording of a message: refused with every unknown placeholder named; the next message of
    its kind uses it."""
    if actor.role != Role.ADMIN:
        raise Forbidden(_("只有系统管理员可以修改消息模板"))
    errors = {}
    for name in ("title", "body"):
        if problems := template_field_problems(template.kind, template.channel, name, getattr(template, name)):
            errors[name] = "；".join(problems)
    if not template.body.strip():
        errors.setdefault("body", _("内容不能为空"))
    if template.channel == Channel.SMS and not template.template_code.strip():
        errors["template_code"] = _("短信模板须填写短信平台审核通过的模板编号")
    if errors:
        raise FieldErrors(errors)
    template.save()
    return template


def templates_load() -> int:
    """Store the platform's own wording of every templated kind and channel that has no template yet (the demo
    and a new installation); an administrator's edits stay. Returns how many were added."""
    missing = []
    existing = set(MessageTemplate.objects.values_list("kind", "channel"))
    for kind in WORDING:
        for channel in Channel.values:
            if (kind, channel) not in existing and (default := shipped(kind, channel)) is not None:
                missing.append(MessageTemplate(kind=kind, channel=channel, **default))
    MessageTemplate.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


def preference_save(*, user: User, email: bool, sms: bool, daily_digest: bool = False) -> Preference:
    """A person's own choice of channels; in the app they are always told. The daily digest is for those who decide
    tasks with deadlines."""
    if daily_digest and user.role not in DIGEST_ROLES:
        raise DomainError(_("每日到期提醒只面向部门审批人员和部门负责人"), field="daily_digest")
    preference, _created = Preference.objects.update_or_create(
        user=user, defaults={"email": bool(email), "sms": bool(sms), "daily_digest": bool(daily_digest)}
    )
    return preference


# --- SMS opt-out (docs/decisions/0022-sms-opt-out.md) -----------------------------------------------------------


def sms_number_set(*, number: SmsNumber, stopped: bool, actor: User | None = None) -> SmsNumber:
    """Stop or resume SMS to a number: by whoever holds its link (no account), or by a clerk for a walk-in who asks.
    Audited on the number's own chain (who, when, from → to); the number itself is not written into the trail."""
    with transaction.atomic():
        locked = SmsNumber.objects.select_for_update().get(pk=number.pk)
        if locked.stopped == stopped:
            return locked
        before = "stopped" if locked.stopped else "receiving"
        locked.stopped, locked.changed_at = stopped, timezone.now()
        locked.save(update_fields=["stopped", "changed_at"])
        audit_record(
            subject_type="sms_number",
            subject_id=locked.pk,
            actor=actor if actor is not None and actor.is_authenticated else None,
            action="sms_stop" if stopped else "sms_resume",
            from_state=before,
            to_state="stopped" if stopped else "receiving",
        )
    return locked


def sms_stop_for_phone(*, phone: str, actor: User) -> SmsNumber:
    """The window's tick 不接收短信 for a walk-in's phone."""
    return sms_number_set(number=sms_numbers([phone])[phone], stopped=True, actor=actor)
