from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperativesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cooperatives"
    verbose_name = _("Hợp tác xã và tổ chức")

    def ready(self) -> None:
        from cooperatives import versions

        versions.connect()
