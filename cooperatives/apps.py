from django.apps import AppConfig


class CooperativesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cooperatives"
    verbose_name = "Hợp tác xã và tổ chức"
