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
    path("presale/purchases/<int:pk>/revoke/", views.purchase_revoke, name="purchase_revoke"),
    path("presale/purchases/<int:pk>/transfer/", views.transfer_offer, name="transfer_offer"),
    path("presale/purchases/<int:pk>/hand-back/", views.hand_back, name="hand_back"),
    path("presale/investor/", views.investor, name="investor"),
    path("presale/kyc/", views.kyc_page, name="kyc"),
    path("presale/kyc/check/", views.kyc_list, name="kyc_list"),
    path("presale/kyc/check/<int:pk>/", views.kyc_check, name="kyc_check"),
    path("presale/transfers/", views.transfer_list, name="transfers"),
    path("presale/transfers/<int:pk>/accept/", views.transfer_accept, name="transfer_accept"),
    path("presale/transfers/<int:pk>/withdraw/", views.transfer_withdraw, name="transfer_withdraw"),
    path("presale/calendar/renew/", views.feed_renew, name="feed_renew"),
    path("presale/calendar/<str:token>.ics", views.ical, name="ical"),
    path("presale/<slug:code>/", views.offer_detail, name="offer"),
    path("presale/<slug:code>/price/", views.price_preview, name="price_preview"),
    path("presale/<slug:code>/kiis/<slug:share_class>/", views.kiis, name="kiis"),
    path("presale/<slug:code>/kiis/<slug:share_class>/edit/", views.kiis_edit, name="kiis_edit"),
    path("presale/<slug:code>/staff/", views.staff, name="staff"),
    path("presale/<slug:code>/statement/", views.statement_upload, name="statement"),
    path("presale/<slug:code>/evaluate/", views.evaluate, name="evaluate"),
    path("presale/<slug:code>/commission/", views.commission, name="commission"),
    path("presale/<slug:code>/maintenance/", views.maintenance, name="maintenance"),
    path("presale/<slug:code>/allocate/", views.allocate, name="allocate"),
    path("presale/<slug:code>/slurm.txt", views.slurm, name="slurm"),
]
