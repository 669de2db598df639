"""The bell: a person's notifications, opening one, and their e-mail choices."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reports import access as report_access
from reports.notifications import services
from reports.notifications.forms import NotificationSettingsForm


@login_required
def notification_list(request):
    notifications = report_access.notifications_of(request.user)
    ctx = {
        "page": Paginator(notifications, 30).get_page(request.GET.get("page")),
        "unread": report_access.notifications_unread_count(request.user),
    }
    return render(request, "reports/notifications/list.html", ctx)


@login_required
def notification_open(request, pk: int):
    """Open what a notification is about; opening it marks it read."""
    notification = report_access.get_notification_for_user(request.user, pk)
    services.notification_read(notification=notification)
    # Only a path of this site: the URL was written by the portal itself, but never redirect elsewhere.
    safe = url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None) and notification.url.startswith("/")
    return redirect(notification.url if safe else "reports:notification-list")


@login_required
@require_POST
def notifications_read_all(request):
    count = services.notifications_read_all(user=request.user)
    messages.success(request, _("Đã đánh dấu %(count)d thông báo là đã xem.") % {"count": count})
    return redirect("reports:notification-list")


@login_required
def notification_settings(request):
    current = report_access.notification_modes(request.user)
    form = NotificationSettingsForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        services.notification_settings_save(user=request.user, modes=form.cleaned_data)
        messages.success(request, _("Đã lưu cách nhận thư thông báo."))
        return redirect("reports:notification-settings")
    status = 400 if form.errors else 200
    return render(request, "reports/notifications/settings.html", {"form": form}, status=status)
