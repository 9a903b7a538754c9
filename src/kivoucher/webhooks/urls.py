from django.urls import path

from kivoucher.webhooks import views

app_name = "webhooks"

_ENDPOINT = "organisation/<int:org_id>/webhooks/<int:pk>/"

urlpatterns = [
    path("organisation/<int:org_id>/webhooks/", views.endpoint_list, name="list"),
    path(_ENDPOINT, views.endpoint_detail, name="endpoint"),
    path(_ENDPOINT + "rotate/", views.endpoint_rotate, name="rotate"),
    path(_ENDPOINT + "test/", views.endpoint_test, name="test"),
    path(_ENDPOINT + "enabled/", views.endpoint_enabled, name="enabled"),
    path(_ENDPOINT + "delete/", views.endpoint_delete, name="delete"),
    path(
        _ENDPOINT + "deliveries/<int:delivery_id>/redeliver/",
        views.delivery_redeliver,
        name="redeliver",
    ),
]
