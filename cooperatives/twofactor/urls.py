"""URLs of cooperatives/twofactor/."""

from django.urls import path

from cooperatives.twofactor import views

app_name = "twofactor"

urlpatterns = [
    path("login/code/", views.code, name="code"),
    path("account/two-factor/", views.manage, name="manage"),
    path("account/two-factor/setup/", views.setup, name="setup"),
    path("account/two-factor/recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path("account/two-factor/disable/", views.disable, name="disable"),
    path("members/<int:org_id>/<int:user_id>/two-factor-reset/", views.reset, name="reset"),
]
