from django.urls import path

from kivoucher.organizations import views

urlpatterns = [
    path("organisation/", views.organisation_list, name="organisation-list"),
    path("organisation/register/", views.organisation_register, name="organisation-register"),
    path("organisation/join/", views.organisation_join, name="organisation-join"),
    path(
        "organisation/invitation/<str:token>/",
        views.organisation_invitation,
        name="organisation-invitation",
    ),
    path("organisation/<int:pk>/edit/", views.organisation_edit, name="organisation-edit"),
    path("organisation/<int:pk>/members/", views.organisation_members, name="organisation-members"),
    path("organisation/<int:pk>/invite/", views.organisation_invite, name="organisation-invite"),
    path(
        "organisation/<int:pk>/invitations/<int:invitation_id>/revoke/",
        views.organisation_invitation_revoke,
        name="organisation-invitation-revoke",
    ),
    path(
        "organisation/<int:pk>/members/<int:membership_id>/role/",
        views.organisation_member_role,
        name="organisation-member-role",
    ),
    path(
        "organisation/<int:pk>/members/<int:membership_id>/remove/",
        views.organisation_member_remove,
        name="organisation-member-remove",
    ),
    path("organisation/<int:pk>/leave/", views.organisation_leave, name="organisation-leave"),
    path(
        "organisation/<int:pk>/hand-over/",
        views.organisation_hand_over,
        name="organisation-hand-over",
    ),
    path(
        "organisation/<int:pk>/join-requests/<int:request_id>/",
        views.organisation_join_request_decide,
        name="organisation-join-request-decide",
    ),
    path("account/data/", views.personal_data, name="personal-data"),
    path(
        "organisations/<int:org_id>/data-export.zip",
        views.organisation_export,
        name="organisation-export",
    ),
]
