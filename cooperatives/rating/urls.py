"""URLs of the yearly rating, under /cooperatives/ in the "cooperatives"
namespace (the registry's namespace: its profile links to rating_list)."""

from django.urls import path

from cooperatives.rating import views

urlpatterns = [
    path("<int:cooperative_id>/ratings/", views.rating_list, name="rating_list"),
    path("<int:cooperative_id>/ratings/<int:year>/", views.rating_detail, name="rating_detail"),
    path(
        "<int:cooperative_id>/ratings/<int:year>/evidence/<int:item_id>/",
        views.rating_evidence,
        name="rating_evidence",
    ),
]
