"""The notification centre: /notifications/ lists the person's notifications, unread first; one or all are marked read
by a POST. Another person's notification is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gaoxin.core.errors import DomainError
from gaoxin.core.navigation import NavItem
from gaoxin.core.pages import or_404
from gaoxin.notifications import actions, selectors

PAGE_SIZE = 30


def nav(request) -> list[NavItem]:
    if not request.user.is_authenticated:
        return []
    unread = selectors.unread_count(request.user)
    return [NavItem(_("通知"), reverse("notifications"), count=unread or None, count_label=_("未读"), order=90)]


@login_required
def notification_list(request):
    page = Paginator(selectors.notifications_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {"page": page, "unread": selectors.unread_count(request.user)},
    )


@login_required
@require_POST
def read_one(request, notification_id):
    """Mark read; with `open` the person goes on to what the notification is about, else back to the list."""
    notification = or_404(selectors.notification_for, request.user, notification_id)
    actions.notification_mark_read(notification=notification, user=request.user)
    link = notification.link
    if request.POST.get("open") and link and url_has_allowed_host_and_scheme(link, allowed_hosts=None):
        return redirect(link)
    return redirect("notifications")


@login_required
@require_POST
def read_all(request):
    marked = actions.notifications_mark_all_read(user=request.user)
    messages.success(request, _("已将 %(count)s 条通知标为已读。") % {"count": marked})
    return redirect("notifications")


@login_required
def preferences(request):
    """Each person's channels: in the app always; e-mail and SMS as they choose; the daily digest for approvers."""
    error = None
    if request.method == "POST":
        try:
            actions.preference_save(
                user=request.user,
                email=bool(request.POST.get("email")),
                sms=bool(request.POST.get("sms")),
                daily_digest=bool(request.POST.get("daily_digest")),
            )
        except DomainError as refused:
            error = refused
        else:
            messages.success(request, _("通知方式已保存。"))
            return redirect("notification-preferences")
    context = {"chosen": selectors.preference_out(request.user), "error": error}
    return render(request, "notifications/preferences.html", context, status=400 if error else 200)


def sms_optout(request, token):
    """The link every SMS carries: whoever holds the phone stops (or resumes) SMS to it, without an account."""
    number = or_404(selectors.sms_number_by_token, token)
    if request.method == "POST":
        choice = request.POST.get("sms")
        if choice in ("stop", "resume"):
            number = actions.sms_number_set(number=number, stopped=choice == "stop", actor=request.user)
            done = (
                _("已退订：本号码不再接收本平台的短信。")
                if number.stopped
                else _("已恢复：本号码将继续接收本平台的短信。")
            )
            messages.success(request, done)
        return redirect("sms-optout", token=number.token)
    context = {"number": number, "phone": selectors.masked_phone(number.phone)}
    return render(request, "notifications/optout.html", context)


urlpatterns = [
    path("t/<str:token>/", sms_optout, name="sms-optout"),
    path("notifications/", notification_list, name="notifications"),
    path("notifications/read-all/", read_all, name="notifications-read-all"),
    path("notifications/preferences/", preferences, name="notification-preferences"),
    path("notifications/<uuid:notification_id>/read/", read_one, name="notification-read"),
]
