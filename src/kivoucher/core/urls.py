from django.contrib.auth import views as auth_views
from django.urls import path

from kivoucher.core import views, views_security

urlpatterns = [
    path("home/", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("audit/", views.audit_log, name="audit-log"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", views_security.otp_verify, name="otp-verify"),
    path("accounts/two-factor/setup/", views_security.otp_setup, name="otp-setup"),
    path("account/tokens/", views_security.api_tokens, name="api-tokens"),
    path("tasks/<str:key>/", views.task_progress, name="task-progress"),
]
