from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kivoucher.core.audit import audit_verify
from kivoucher.core.home import home_items
from kivoucher.core.models import AuditEvent
from kivoucher.core.permissions import role_required
from kivoucher.core.progress import progress_get_for_user
from kivoucher.core.roles import Role
from kivoucher.core.selectors import database_ok


@require_GET
@never_cache
def healthz(request):
    ok = database_ok()
    return JsonResponse(
        {"status": "ok" if ok else "error", "database": "ok" if ok else "error"},
        status=200 if ok else 503,
    )


@login_required
def home(request):
    return render(request, "core/home.html", {"items": home_items(request.user)})


@role_required(Role.AUDITOR, Role.PROGRAMME_ADMIN)
def audit_log(request):
    events = AuditEvent.objects.select_related("actor").order_by("-created_at", "-id")
    object_type = request.GET.get("object_type", "").strip()
    object_id = request.GET.get("object_id", "").strip()
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    verification = audit_verify() if request.GET.get("verify") else None
    return render(
        request,
        "core/audit_log.html",
        {
            "events": events[:200],
            "verification": verification,
            "object_type": object_type,
            "object_id": object_id,
        },
    )


@login_required
@require_GET
@never_cache
def task_progress(request, key):
    """How far a background task has come: the fragment htmx polls, or (without
    JavaScript) a page around it (kivoucher.core.progress)."""
    progress = progress_get_for_user(user=request.user, key=key)
    template = "core/_task_progress.html" if request.htmx else "core/task_progress.html"
    return render(request, template, {"progress": progress})
