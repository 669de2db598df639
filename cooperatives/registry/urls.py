"""URLs of the registry, the OCOP products and the yearly rating, under /cooperatives/."""

from django.urls import include, path

from cooperatives.ocop import views as ocop
from cooperatives.registry import views

app_name = "cooperatives"

urlpatterns = [
    path("", views.registry, name="registry"),
    path("<int:pk>/", views.registry_detail, name="registry_detail"),
    path("<int:pk>/edit/", views.registry_edit, name="registry_edit"),
    path("<int:pk>/propose/", views.registry_propose, name="registry_propose"),
    path("<int:pk>/proposals/<int:proposal_id>/accept/", views.proposal_accept, name="proposal_accept"),
    path("<int:pk>/proposals/<int:proposal_id>/refuse/", views.proposal_refuse, name="proposal_refuse"),
    path("<int:cooperative_id>/ocop/new/", ocop.ocop_create, name="ocop_create"),
    path("ocop/<int:pk>/", ocop.ocop_detail, name="ocop_detail"),
    path("ocop/<int:pk>/edit/", ocop.ocop_edit, name="ocop_edit"),
    path("ocop/evidence/<int:pk>/", ocop.ocop_evidence, name="ocop_evidence"),
    # The yearly rating (cooperatives/rating/urls.py, no app_name of its own: it joins this namespace).
    path("", include("cooperatives.rating.urls")),
]
