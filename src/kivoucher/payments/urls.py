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
    path("payments/payouts/", views.payouts, name="payouts"),
    path(
        "payments/payouts/<int:payout_id>/release/",
        views.payout_release_view,
        name="payout_release",
    ),
    path(
        "payments/payouts/<int:payout_id>/cancel/", views.payout_cancel_view, name="payout_cancel"
    ),
    path(
        "payments/payouts/<int:payout_id>/prepare-again/",
        views.payout_prepare_again_view,
        name="payout_prepare_again",
    ),
    path("payments/batches/new/", views.batch_create, name="batch_create"),
    path("payments/batches/<int:batch_id>/", views.batch_detail, name="batch"),
    path("payments/batches/<int:batch_id>/pain001.xml", views.batch_xml, name="batch_xml"),
    path("payments/batches/<int:batch_id>/export/", views.batch_export, name="batch_export"),
    path("payments/batches/<int:batch_id>/discard/", views.batch_discard, name="batch_discard"),
    path(
        "payments/batches/<int:batch_id>/mark-paid/",
        views.batch_mark_paid,
        name="batch_mark_paid",
    ),
    path(
        "payments/batches/<int:batch_id>/take-out/<int:payout_id>/",
        views.batch_take_out,
        name="batch_take_out",
    ),
    path("payments/bank-statements/", views.bank_statements, name="bank_statements"),
]
