from django.urls import path

from kivoucher.reporting import views

urlpatterns = [
    path("reporting/", views.dashboard, name="reporting-dashboard"),
    path(
        "reporting/export/<slug:key>.<str:fmt>",
        views.dashboard_export,
        name="reporting-export",
    ),
    path("reporting/report/<int:year>.pdf", views.yearly_report, name="reporting-report"),
    path(
        "reporting/report/<int:year>/",
        views.yearly_report_start,
        name="reporting-report-start",
    ),
    path(
        "reporting/report/<int:year>/<str:key>.pdf",
        views.yearly_report_file,
        name="reporting-report-file",
    ),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/data.json", views.statistics_json, name="statistics-json"),
    path("statistics/catalog.jsonld", views.statistics_catalog, name="statistics-catalog"),
    path("statistics/<slug:key>.csv", views.statistics_csv, name="statistics-csv"),
]
