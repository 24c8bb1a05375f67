"""Reads of notifications: a person sees only their own; and who a job's notifications go to."""

from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When
from django.utils.translation import gettext as _

from gaoxin.accounts.models import Role, User
from gaoxin.core.errors import NotFound
from gaoxin.notifications.models import Delivery, Notification, Preference, SmsNumber


def notifications_for(user: User) -> QuerySet[Notification]:
    """The person's notifications, unread first, newest first within each."""
    if not user.is_authenticated:
        return Notification.objects.none()
    unread_first = Case(When(read_at__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField())
    deliveries = Prefetch("deliveries", queryset=Delivery.objects.order_by("channel"))
    return (
        Notification.objects.filter(recipient=user)
        .order_by(unread_first, "-created_at", "id")
        .prefetch_related(deliveries)
    )


def notification_for(user: User, notification_id) -> Notification:
    notification = notifications_for(user).filter(pk=notification_id).first()
    if notification is None:
        raise NotFound(_("未找到该通知"))
    return notification


def unread_count(user: User) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_out(notification: Notification) -> dict:
    return {
        "id": notification.pk,
        "kind": notification.kind,
        "kind_display": str(notification.get_kind_display()),
        "title": notification.title,
        "body": notification.body,
        "link": notification.link,
        "created_at": notification.created_at,
        "read_at": notification.read_at,
        "deliveries": [delivery_out(d) for d in notification.deliveries.all()],
    }


def delivery_out(delivery: Delivery) -> dict:
    return {
        "channel": delivery.channel,
        "channel_display": str(delivery.get_channel_display()),
        "status": delivery.status,
        "status_display": str(delivery.get_status_display()),
        "attempts": delivery.attempts,
        "sent_at": delivery.sent_at,
    }


def preference_out(user: User) -> dict:
    """The person's own choice of channels (the defaults if they never chose), and whether the digest is theirs."""
    from gaoxin.notifications.actions import DIGEST_ROLES

    chosen = Preference.objects.filter(user=user).first() or Preference(user=user)
    return {
        "email": chosen.email,
        "sms": chosen.sms,
        "daily_digest": chosen.daily_digest,
        "daily_digest_offered": user.role in DIGEST_ROLES,
    }


# --- recipients -----------------------------------------------------------------------------------


def users_with_role(role: Role) -> list[User]:
    return list(User.objects.filter(role=role, is_active=True).order_by("pk"))


def approvers_by_department(department_ids) -> dict[int, list[User]]:
    """The active approvers of each department, by department id (a department without one is absent)."""
    approvers: dict[int, list[User]] = {}
    for user in User.objects.filter(role=Role.APPROVER, is_active=True, department_id__in=set(department_ids)):
        approvers.setdefault(user.department_id, []).append(user)
    return approvers


def department_heads(department_id) -> list[User]:
    """The active heads (部门负责人) of a department: they decide its extensions."""
    return list(User.objects.filter(role=Role.DEPT_HEAD, is_active=True, department_id=department_id).order_by("pk"))


def sms_number_by_token(token: str) -> SmsNumber:
    """The number an opt-out link is for; an unknown token is a 404 that says nothing of any number."""
    number = SmsNumber.objects.filter(token=token).first()
    if number is None:
        raise NotFound(_("未查到该退订链接"))
    return number


def masked_phone(phone: str) -> str:
    """138****0009: enough for its holder to know it is theirs, not enough for anyone else to learn it."""
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) >= 8 else "****"
