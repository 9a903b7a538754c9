from django.urls import path

from kivoucher.compute import views

app_name = "compute"
urlpatterns = [
    path("compute/", views.overview, name="overview"),
    path("compute/apply/", views.apply, name="apply"),
    path("compute/applications/<int:pk>/", views.application_detail, name="application"),
    path("compute/vouchers/<str:code>/", views.voucher_detail, name="voucher"),
    path("compute/data-centres/<slug:code>/", views.data_centre_detail, name="data_centre"),
    path("compute/statements/<int:pk>/", views.statement_detail, name="statement"),
    path(
        "compute/statements/<int:pk>/approve/",
        views.statement_approve_view,
        name="statement_approve",
    ),
    path("compute/statements/<int:pk>/csv/", views.statement_csv, name="statement_csv"),
    path("compute/reports/<int:pk>/", views.final_report, name="report"),
]
