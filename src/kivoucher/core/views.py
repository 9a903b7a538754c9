from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kivoucher.core.home import home_items
from kivoucher.core.selectors import database_ok
from kivoucher.programmes.selectors import calls_open


@require_GET
@never_cache
def healthz(request):
    ok = database_ok()
    return JsonResponse(
        {"status": "ok" if ok else "error", "database": "ok" if ok else "error"},
        status=200 if ok else 503,
    )


def index(request):
    return render(request, "core/index.html", {"open_calls": calls_open()})


@login_required
def home(request):
    return render(request, "core/home.html", {"items": home_items(request.user)})
