from django.urls import path

from kivoucher.programmes import views

urlpatterns = [
    path("", views.index, name="index"),
    path("calls/", views.call_list, name="call-list"),
    path("organisation/<int:pk>/", views.organisation_detail, name="organisation-detail"),
]
