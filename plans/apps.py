from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class PlansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "plans"
    verbose_name = pgettext_lazy("danh sách", "Kế hoạch")

    def ready(self) -> None:
        # cooperatives never imports plans: what plans adds to a cooperative's pages is attached here.
        from cooperatives.registry.panels import cooperative_page_register
        from plans import cooperative_panels, versions

        versions.connect()
        cooperative_page_register("profile", cooperative_panels.cooperative_plans)
        cooperative_page_register("product", cooperative_panels.product_tasks)
