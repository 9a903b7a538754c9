from django.urls import path

from kivoucher.compute import change_views, views

app_name = "compute"
urlpatterns = [
    path("compute/", views.overview, name="overview"),
    path("compute/apply/", views.apply, name="apply"),
    path("compute/applications/<int:pk>/", views.application_detail, name="application"),
    path("compute/vouchers/<str:code>/", views.voucher_detail, name="voucher"),
    path(
        "compute/vouchers/<str:code>/changes/",
        change_views.change_request_new,
        name="change_new",
    ),
    path(
        "compute/changes/<int:pk>/review/",
        change_views.change_request_review_view,
        name="change_review",
    ),
    path(
        "compute/changes/<int:pk>/decide/",
        change_views.change_request_decide_view,
        name="change_decide",
    ),
    path(
        "compute/changes/<int:pk>/withdraw/",
        change_views.change_request_withdraw_view,
        name="change_withdraw",
    ),
    path("compute/changes/<int:pk>/notice.pdf", change_views.change_notice, name="change_notice"),
    path("compute/data-centres/<slug:code>/", views.data_centre_detail, name="data_centre"),
    path("compute/statements/<int:pk>/", views.statement_detail, name="statement"),
    path(
        "compute/statements/<int:pk>/approve/",
        views.statement_approve_view,
        name="statement_approve",
    ),
    path("compute/statements/<int:pk>/csv/", views.statement_csv, name="statement_csv"),
    path(
        "compute/statements/<int:pk>/invoice/",
        views.statement_invoice_file,
        name="statement_invoice_file",
    ),
    path(
        "compute/data-centres/<slug:code>/self-billing/",
        views.data_centre_self_billing,
        name="data_centre_self_billing",
    ),
    path("compute/reports/<int:pk>/", views.final_report, name="report"),
]
