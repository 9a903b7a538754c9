from django.urls import path

from kivoucher.publicpages import views

urlpatterns = [
    path("impressum/", views.impressum, name="impressum"),
    path("datenschutz/", views.datenschutz, name="datenschutz"),
    path("barrierefreiheit/", views.barrierefreiheit, name="barrierefreiheit"),
    path("leichte-sprache/", views.leichte_sprache, name="leichte-sprache"),
    path("gebaerdensprache/", views.gebaerdensprache, name="gebaerdensprache"),
    path(
        "gebaerdensprache/videos/<int:pk>/video/",
        views.sign_language_video,
        name="gebaerdensprache-video",
    ),
    path(
        "gebaerdensprache/videos/<int:pk>/captions/",
        views.sign_language_captions,
        name="gebaerdensprache-captions",
    ),
]
