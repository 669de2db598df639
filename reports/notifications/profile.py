"""What the notifications add to the profile page (cooperatives/profile/panels.py):
how the person is e-mailed, kind by kind, summed up by way of sending."""

from __future__ import annotations

from django.template.loader import render_to_string

from reports import access
from reports.models import Notification, NotificationSetting
from reports.notifications.services import default_mode


def profile_summary(request) -> str:
    chosen = access.notification_modes(request.user)
    kinds = {mode: [] for mode, _label in NotificationSetting.Mode.choices}
    for kind, label in Notification.Kind.choices:
        kinds[chosen.get(kind, default_mode(kind))].append(label)
    modes = [(label, kinds[mode]) for mode, label in NotificationSetting.Mode.choices if kinds[mode]]
    return render_to_string("reports/notifications/_profile_summary.html", {"modes": modes}, request=request)
