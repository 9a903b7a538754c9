"""Receivables, recovery cases (Rückforderung) and objections (Widerspruch)."""

from django.urls import path

from kivoucher.recovery import views

app_name = "recovery"
urlpatterns = [
    path("recovery/", views.case_list, name="list"),
    path("recovery/new/", views.case_start, name="start"),
    path("recovery/<int:pk>/", views.case_detail, name="case"),
    path("recovery/<int:pk>/hearing/", views.case_hearing, name="hearing"),
    path("recovery/<int:pk>/answer/", views.case_answer, name="answer"),
    path("recovery/<int:pk>/decide/", views.case_decide, name="decide"),
    path("recovery/<int:pk>/objection/", views.case_objection, name="objection"),
    path(
        "recovery/<int:pk>/objection/decide/",
        views.case_objection_decide,
        name="objection_decide",
    ),
    path("recovery/<int:pk>/hearing.pdf", views.case_hearing_pdf, name="hearing_pdf"),
    path("recovery/<int:pk>/decision.pdf", views.case_decision_pdf, name="decision_pdf"),
]
