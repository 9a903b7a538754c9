"""The platform's URLs plus the baseline of the HTTP benchmarks: a bare Django view
that returns constant JSON, served by the same server (KIVOUCHER_URLCONF=bench.urls)."""

from django.http import JsonResponse
from django.urls import path

from kivoucher.urls import urlpatterns as platform_urlpatterns


def constant(request):
    return JsonResponse({"status": "ok", "value": "50000.00"})


urlpatterns = [path("_bench/constant", constant), *platform_urlpatterns]
