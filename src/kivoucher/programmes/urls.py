from django.urls import path

from kivoucher.programmes import views

urlpatterns = [
    path("calls/", views.call_list, name="call-list"),
]
