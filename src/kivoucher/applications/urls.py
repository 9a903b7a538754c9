from django.urls import path

from kivoucher.applications import change_views, views

app_name = "applications"

urlpatterns = [
    path("applications/", views.application_list, name="list"),
    path("applications/new/", views.application_new, name="new"),
    path("applications/queue/", views.queue, name="queue"),
    path("applications/<int:pk>/", views.application_detail, name="detail"),
    path("applications/<int:pk>/edit/", views.application_edit, name="edit"),
    path("applications/<int:pk>/submit/", views.application_submit, name="submit"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw, name="withdraw"),
    path("applications/<int:pk>/aid/", views.declared_aid_add, name="aid"),
    path(
        "applications/<int:pk>/aid/<int:aid_pk>/remove/",
        views.declared_aid_remove,
        name="aid_remove",
    ),
    path("applications/<int:pk>/assign/", views.application_assign, name="assign"),
    path(
        "applications/<int:pk>/request-info/", views.application_request_info, name="request_info"
    ),
    path("applications/<int:pk>/review/", views.application_review, name="review"),
    path("applications/<int:pk>/decide/", views.application_decide, name="decide"),
    path("applications/<int:pk>/letter.pdf", views.decision_letter, name="letter"),
    path("calls/<int:pk>/selection/", views.call_selection, name="call_selection"),
    path("vouchers/", views.voucher_list, name="vouchers"),
    path("vouchers/<str:code>/", views.voucher_detail, name="voucher"),
    path("vouchers/<str:code>/certificate.pdf", views.voucher_certificate, name="certificate"),
    path("vouchers/<str:code>/changes/", change_views.change_request_new, name="change_new"),
    path("changes/<int:pk>/review/", change_views.change_request_review_view, name="change_review"),
    path("changes/<int:pk>/decide/", change_views.change_request_decide_view, name="change_decide"),
    path(
        "changes/<int:pk>/withdraw/",
        change_views.change_request_withdraw_view,
        name="change_withdraw",
    ),
    path("changes/<int:pk>/notice.pdf", change_views.change_notice, name="change_notice"),
    path("verify/<str:code>", views.verify, name="verify"),
]
