from django.urls import path

from kivoucher.projects import views

app_name = "projects"

urlpatterns = [
    path("vouchers/<str:code>/proof/", views.proof_submit, name="proof"),
    path("proofs/", views.proof_list, name="proofs"),
    path("proofs/<int:pk>/", views.proof_detail, name="proof_detail"),
    path("proofs/<int:pk>/invoice", views.proof_invoice, name="proof_invoice"),
    path("vouchers/<str:code>/instalments/", views.instalments, name="instalments"),
    path("instalments/<int:pk>/", views.instalment_detail, name="instalment_detail"),
    path(
        "instalments/<int:pk>/invoices/<int:invoice_pk>",
        views.instalment_invoice,
        name="instalment_invoice",
    ),
]
