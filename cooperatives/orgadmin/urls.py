"""URLs of cooperatives/orgadmin/."""

from django.urls import path

from cooperatives.orgadmin import import_views, views

app_name = "orgadmin"

urlpatterns = [
    path("organizations/", views.organization_list, name="organization-list"),
    path("organizations/new/", views.organization_new, name="organization-new"),
    path("organizations/communes/new/", views.commune_new, name="commune-new"),
    path("organizations/<int:pk>/edit/", views.organization_edit, name="organization-edit"),
    path("organizations/cards/", views.cards, name="cards"),
    path("organizations/import/", import_views.people_import_upload, name="people-import"),
    path("organizations/import/confirm/", import_views.people_import_confirm, name="people-import-confirm"),
    path("organizations/import/template.xlsx", import_views.import_template, name="people-import-template"),
]
