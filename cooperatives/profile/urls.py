"""URLs of cooperatives/profile/: everyone's own account."""

from django.urls import path

from cooperatives.profile import views

app_name = "profile"

urlpatterns = [
    path("account/", views.profile_edit, name="account"),
    path("account/password/", views.password_change, name="password-change"),
    path("account/sessions/sign-out-elsewhere/", views.sign_out_elsewhere, name="sign-out-elsewhere"),
    path("account/sessions/<int:pk>/sign-out/", views.session_sign_out, name="session-sign-out"),
]
