"""People and accounts: members and invitations (people/), two-factor
sign-in (twofactor/), organisations made by an administrator (orgadmin/),
everyone's own profile (profile/)."""

from django.urls import include, path

urlpatterns = [
    path("", include("cooperatives.people.urls")),
    path("", include("cooperatives.twofactor.urls")),
    path("", include("cooperatives.orgadmin.urls")),
    path("", include("cooperatives.profile.urls")),
    # The yearly rating. Its patterns carry no app_name: they join the "cooperatives" namespace of the registry.
    path("cooperatives/", include(("cooperatives.rating.urls", "cooperatives"))),
]
