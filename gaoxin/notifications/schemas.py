from datetime import datetime
from uuid import UUID

from ninja import Schema


class NotificationOut(Schema):
    id: UUID
    kind: str
    kind_display: str
    title: str
    body: str
    link: str
    created_at: datetime
    read_at: datetime | None


class NotificationListOut(Schema):
    items: list[NotificationOut]
    count: int
    unread: int


class ReadAllOut(Schema):
    marked: int
    unread: int
