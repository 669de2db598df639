from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperativesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cooperatives"
    verbose_name = _("Hợp tác xã và tổ chức")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from cooperatives import versions
        from cooperatives.profile import sessions

        versions.connect()
        # Every sign-in gets its row on the profile page; a sign-out removes it.
        user_logged_in.connect(sessions.signed_in, dispatch_uid="profile-sign-in-record")
        user_logged_out.connect(sessions.signed_out, dispatch_uid="profile-sign-in-forget")
