"""The notifications API: a person's own notifications, marked read one by one or all at once. Mounted at
/api/notifications/; another person's notification is a 404."""

from uuid import UUID

from ninja import Router

from gaoxin.core.api import AUTH, ERRORS, Count, Offset
from gaoxin.notifications import actions, selectors
from gaoxin.notifications.schemas import NotificationListOut, NotificationOut, PreferenceIn, PreferenceOut, ReadAllOut

router = Router(auth=AUTH, tags=["通知 notifications"])

PAGE_MAX = 200


@router.get("", response={200: NotificationListOut, **ERRORS}, summary="我的通知（未读在前；limit、offset 分页）")
def list_notifications(request, limit: Count = 50, offset: Offset = 0):
    limit, offset = max(1, min(limit, PAGE_MAX)), max(offset, 0)
    mine = selectors.notifications_for(request.user)
    return {
        "items": [selectors.notification_out(n) for n in mine[offset : offset + limit]],
        "count": mine.count(),
        "unread": selectors.unread_count(request.user),
    }


@router.get("/preferences", response={200: PreferenceOut, **ERRORS}, summary="我的通知方式")
def get_preferences(request):
    return selectors.preference_out(request.user)


@router.put("/preferences", response={200: PreferenceOut, **ERRORS}, summary="设置通知方式（邮件、短信、每日到期提醒）")
def put_preferences(request, body: PreferenceIn):
    actions.preference_save(user=request.user, email=body.email, sms=body.sms, daily_digest=body.daily_digest)
    return selectors.preference_out(request.user)


@router.post("/read-all", response={200: ReadAllOut, **ERRORS}, summary="全部标为已读")
def read_all(request):
    marked = actions.notifications_mark_all_read(user=request.user)
    return {"marked": marked, "unread": selectors.unread_count(request.user)}


@router.post("/{uuid:notification_id}/read", response={200: NotificationOut, **ERRORS}, summary="标为已读")
def read_one(request, notification_id: UUID):
    notification = selectors.notification_for(request.user, notification_id)
    actions.notification_mark_read(notification=notification, user=request.user)
    return selectors.notification_out(notification)
