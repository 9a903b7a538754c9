from django.urls import path

from kivoucher.invoicing import views

app_name = "invoicing"

urlpatterns = [
    path("invoices/", views.invoice_list, name="list"),
    path("invoices/<int:pk>/", views.invoice_detail, name="detail"),
    path("invoices/<int:pk>/xml/", views.invoice_xml, name="xml"),
    path("invoices/<int:pk>/pdf/", views.invoice_pdf, name="pdf"),
    path(
        "compute/statements/<int:pk>/gutschrift/",
        views.statement_self_billing,
        name="statement_self_billing",
    ),
]
