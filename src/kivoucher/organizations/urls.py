from django.urls import path

from kivoucher.organizations import views

urlpatterns = [
    path("organisation/", views.organisation_list, name="organisation-list"),
    path("organisation/<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("organisation/<int:pk>/edit/", views.organisation_edit, name="organisation-edit"),
]
