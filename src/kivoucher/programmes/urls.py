from django.urls import path

from kivoucher.programmes import views
from kivoucher.programmes.feeds import CallFeed

urlpatterns = [
    path("", views.index, name="index"),
    path("calls/", views.call_list, name="call-list"),
    path("calls/feed/", CallFeed(), name="call-feed"),
    path("organisation/<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path(
        "de-minimis-register.<str:fmt>",
        views.deminimis_register,
        name="deminimis-register",
    ),
]
