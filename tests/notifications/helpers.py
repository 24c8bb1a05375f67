from gaoxin.accounts.models import User
from gaoxin.notifications.actions import Message, notify
from gaoxin.notifications.models import Kind


def user(username: str) -> User:
    return User.objects.get(username=username)


def message(subject: str = "case-1", kind: str = Kind.CASE_WARNING, title: str = "办件 GX1 临近承诺时限") -> Message:
    return Message(kind, subject, title, "请尽快办理。", "/window/")


def notify_one(username: str, subject: str = "case-1", **fields) -> None:
    notify([(user(username), message(subject, **fields))])
