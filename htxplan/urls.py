from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from htxplan import health, signin

admin.site.site_header = _("HTX Plan – Quản trị")
admin.site.site_title = "HTX Plan"
admin.site.index_title = _("Quản trị hệ thống")


def favicon(request):
    # Pages link their icon (base.html), but browsers, feed readers and the
    # standalone error pages still ask for /favicon.ico. Not permanent: the
    # static file's name carries its hash in production.
    return redirect(static("img/favicon.ico"))


urlpatterns = [
    path("favicon.ico", favicon),
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("login/help/", signin.signin_help, name="signin-help"),
    path("password-reset/", signin.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        signin.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password-reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("i18n/", include("django.conf.urls.i18n")),
    # The rating summary (reports/ratings/) before the cooperatives' own URLs, which it sits among.
    path("", include("reports.ratings.urls")),
    path("", include("cooperatives.urls")),
    path("", include("plans.urls")),
    path("", include("reports.urls")),
]

# A database connection lost outside a view gets the 503 page (htxplan/errors.py).
handler500 = "htxplan.errors.server_error"
