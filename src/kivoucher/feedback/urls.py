from django.urls import path

from kivoucher.feedback import views

urlpatterns = [
    path("barrierefreiheit/feedback/", views.report, name="feedback-report"),
    path("barrierefreiheit/feedback/danke/", views.thanks, name="feedback-thanks"),
    path("staff/feedback/", views.ticket_list, name="feedback-tickets"),
    path("staff/feedback/<int:pk>/", views.ticket_detail, name="feedback-ticket"),
    path("staff/feedback/<int:pk>/status/", views.ticket_status, name="feedback-ticket-status"),
]
