"""People and accounts: members and invitations (people/), two-factor
sign-in (twofactor/), organisations made by an administrator (orgadmin/),
everyone's own profile (profile/)."""

from django.urls import include, path

urlpatterns = [
    path("", include("cooperatives.people.urls")),
    path("", include("cooperatives.twofactor.urls")),
    path("", include("cooperatives.orgadmin.urls")),
    path("", include("cooperatives.profile.urls")),
    path("cooperatives/", include("cooperatives.registry.urls")),
]
