from datetime import datetime
from uuid import UUID

from ninja import Schema


class DeliveryOut(Schema):
    channel: str
    channel_display: str
    status: str
    status_display: str
    attempts: int
    sent_at: datetime | None


class NotificationOut(Schema):
    id: UUID
    kind: str
    kind_display: str
    title: str
    body: str
    link: str
    created_at: datetime
    read_at: datetime | None
    deliveries: list[DeliveryOut]


class NotificationListOut(Schema):
    items: list[NotificationOut]
    count: int
    unread: int


class ReadAllOut(Schema):
    marked: int
    unread: int


class PreferenceIn(Schema):
    email: bool
    sms: bool
    daily_digest: bool = False


class PreferenceOut(Schema):
    email: bool
    sms: bool
    daily_digest: bool
    daily_digest_offered: bool
