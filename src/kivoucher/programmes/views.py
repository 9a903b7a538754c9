from django.shortcuts import render

from kivoucher.programmes.models import Call
from kivoucher.programmes.selectors import calls_with_budget_figures


def call_list(request):
    calls = Call.objects.select_related("programme").order_by("programme__line", "-opens_at")
    rows = calls_with_budget_figures(calls=calls[:200])
    for row in rows:
        total = row["total"] or 1
        row["used_percent"] = int((total - row["available"]) * 100 / total)
    return render(request, "programmes/call_list.html", {"rows": rows})
