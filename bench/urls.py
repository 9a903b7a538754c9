"""The platform's URLs plus the baselines of the HTTP benchmarks, served by the same
server (KIVOUCHER_URLCONF=bench.urls): a bare Django view that returns constant JSON,
and the same answer from an API operation behind the API's token authentication
(django-ninja, `kivoucher.api.BearerToken`), the least any request with a token costs."""

from django.http import JsonResponse
from django.urls import path
from ninja import NinjaAPI

from kivoucher.api import BearerToken
from kivoucher.urls import urlpatterns as platform_urlpatterns


def constant(request):
    return JsonResponse({"status": "ok", "value": "50000.00"})


token_api = NinjaAPI(urls_namespace="bench", auth=BearerToken(), docs_url=None)


@token_api.get("/constant")
def token_constant(request) -> dict:
    return {"status": "ok", "value": "50000.00"}


urlpatterns = [
    path("_bench/constant", constant),
    path("_bench/token/", token_api.urls),
    *platform_urlpatterns,
]
