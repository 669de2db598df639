from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class PlansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "plans"
    verbose_name = pgettext_lazy("danh sách", "Kế hoạch")

    def ready(self) -> None:
        from plans import versions

        versions.connect()
