from django.urls import path

from kivoucher.presale import views

app_name = "presale"

urlpatterns = [
    path("presale/", views.index, name="index"),
    path("presale/my/", views.mine, name="mine"),
    path("presale/purchases/<int:pk>/", views.purchase_detail, name="purchase"),
    path("presale/purchases/<int:pk>/cancel/", views.purchase_cancel, name="purchase_cancel"),
    path("presale/requests/<int:pk>/confirm/", views.request_confirm, name="request_confirm"),
    path("presale/requests/<int:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("presale/slots/<int:pk>/release/", views.slot_release, name="slot_release"),
    path("presale/purchases/<int:pk>/confirm-payment/", views.confirm_payment, name="confirm"),
    path("presale/calendar/renew/", views.feed_renew, name="feed_renew"),
    path("presale/calendar/<str:token>.ics", views.ical, name="ical"),
    path("presale/<slug:code>/", views.offer_detail, name="offer"),
    path("presale/<slug:code>/price/", views.price_preview, name="price_preview"),
    path("presale/<slug:code>/staff/", views.staff, name="staff"),
    path("presale/<slug:code>/statement/", views.statement_upload, name="statement"),
    path("presale/<slug:code>/evaluate/", views.evaluate, name="evaluate"),
    path("presale/<slug:code>/commission/", views.commission, name="commission"),
    path("presale/<slug:code>/maintenance/", views.maintenance, name="maintenance"),
    path("presale/<slug:code>/allocate/", views.allocate, name="allocate"),
    path("presale/<slug:code>/slurm.txt", views.slurm, name="slurm"),
]
