"""URLs of cooperatives/people/: the members pages and an invitation's link."""

from django.urls import path

from cooperatives.people import accept, views

app_name = "people"

urlpatterns = [
    path("members/", views.members_index, name="members-index"),
    path("members/<int:org_id>/", views.members, name="members"),
    path("members/<int:org_id>/invite/", views.invite, name="invite"),
    path("members/<int:org_id>/invited/", views.invitation_sent, name="invitation-sent"),
    path("members/<int:org_id>/invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation-revoke"),
    path("members/<int:org_id>/new/", views.account_create, name="account-create"),
    path("members/<int:org_id>/card/", views.account_card, name="account-card"),
    path("members/<int:org_id>/<int:user_id>/roles/", views.member_roles, name="member-roles"),
    path("members/<int:org_id>/<int:user_id>/remove/", views.member_remove, name="member-remove"),
    path("members/<int:org_id>/<int:user_id>/password/", views.member_password_reset, name="member-password-reset"),
    path("invitations/<str:token>/", accept.invitation_accept, name="invitation-accept"),
]
