from django.urls import path

from kivoucher.payments import views

app_name = "payments"
urlpatterns = [
    path("organisation/<int:pk>/bank-details/", views.bank_details, name="bank_details"),
    path(
        "payments/bank-details-changes/",
        views.bank_details_changes,
        name="bank_details_changes",
    ),
    path(
        "payments/bank-details-changes/<int:pk>/confirm/",
        views.bank_details_confirm,
        name="bank_details_confirm",
    ),
    path(
        "payments/bank-details-changes/<int:pk>/reject/",
        views.bank_details_reject,
        name="bank_details_reject",
    ),
]
