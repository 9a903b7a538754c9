from django.urls import path

from kivoucher.organizations import views

urlpatterns = [
    path("organisation/", views.organisation_list, name="organisation-list"),
    path("organisation/<int:pk>/edit/", views.organisation_edit, name="organisation-edit"),
    path("account/data/", views.personal_data, name="personal-data"),
    path(
        "organisations/<int:org_id>/data-export.zip",
        views.organisation_export,
        name="organisation-export",
    ),
]
