"""Each person's choice of how to be e-mailed, per kind of notification."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reports.models import Notification, NotificationSetting
from reports.notifications.services import default_mode


class NotificationSettingsForm(forms.Form):
    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in Notification.Kind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label,
                choices=NotificationSetting.Mode.choices,
                initial=current.get(kind, default_mode(kind)),
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Hãy chọn một cách nhận thư.")},
            )
