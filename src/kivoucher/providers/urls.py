from django.urls import path

from kivoucher.providers import views

app_name = "providers"

urlpatterns = [
    path("providers/", views.directory, name="directory"),
    path("providers/<int:pk>/", views.directory_entry, name="entry"),
    path("providers/accreditation/", views.accreditation_mine, name="mine"),
    path("providers/accreditations/", views.accreditation_list, name="list"),
    path("providers/accreditations/<int:pk>/", views.accreditation_detail, name="detail"),
    path(
        "providers/accreditations/<int:pk>/evidence/<int:evidence_pk>",
        views.evidence_download,
        name="evidence",
    ),
]
