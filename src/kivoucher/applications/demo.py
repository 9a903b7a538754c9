"""Demo applications of line I in every state, through the services.

Applicant `applicant` (Müller Präzisionsteile GmbH) applies; `caseworker` reviews;
`approver` decides (four eyes); `admin` draws the lottery. Vouchers in the states
active, redeemed, closed and expired are made by projects/demo.py and here.
"""

from datetime import timedelta
from decimal import Decimal

from django.test.utils import override_settings
from django.utils import timezone

from kivoucher.applications import services
from kivoucher.applications.models import Application, IssuedDocument, LotteryDraw, Voucher
from kivoucher.applications.services.review import CHECKLIST

BASE = {
    "description": (
        "Gemeinsam mit einem akkreditierten KI-Dienstleister entwickeln wir einen Prototyp, "
        "der Daten aus unserer Fertigung nutzt und in den Betrieb überführt werden soll."
    ),
    "planned_costs": Decimal("45000.00"),
    "sme_declared": True,
    "not_in_difficulty": True,
    "de_minimis_declared": True,
}

# title -> (call key, category code, target state, extra fields)
DEMO = [
    ("Entwurf: Chatbot für den Kundendienst", "call_fcfs", "nlp-assistant", "draft", {}),
    ("Prognose des Materialbedarfs", "call_fcfs", "forecasting", "submitted", {}),
    ("Dokumentenerkennung im Einkauf", "call_fcfs", "document-ai", "in_review", {}),
    ("Vorausschauende Wartung der Drehmaschinen", "call_fcfs", "predictive-maintenance",
     "info_requested", {}),
    ("Robotergestützte Kommissionierung", "call_fcfs", "robotics", "reviewed", {}),
    ("Optische Qualitätsprüfung von Drehteilen", "call_fcfs", "computer-vision", "approved",
     {"planned_costs": Decimal("60000.00")}),
    ("Sprachsteuerung an der Werkbank", "call_fcfs", "nlp-assistant", "rejected", {}),
    ("Energieprognose der Halle 3", "call_fcfs", "forecasting", "withdrawn", {}),
    ("Verschleißerkennung an Werkzeugen (Gutschein abgelaufen)", "call_fcfs", "computer-vision",
     "expired", {"planned_costs": Decimal("20000.00")}),
    ("Qualitätsregelkarte mit KI (nach Bewilligung zurückgezogen)", "call_fcfs", "ml-prototype",
     "cancelled", {"planned_costs": Decimal("15000.00")}),
    ("Losverfahren: Anomalieerkennung in Sensordaten", "call_lottery", "ml-prototype",
     "lottery", {"planned_costs": Decimal("30000.00")}),
    ("Losverfahren: Angebotsassistent", "call_lottery", "nlp-assistant", "lottery",
     {"planned_costs": Decimal("25000.00")}),
    ("Wettbewerb: KI-gestützte Dokumentation in der Medizintechnik", "call_ranking",
     "document-ai", "ranked", {"planned_costs": Decimal("35000.00")}),
]  # fmt: skip


def _review(ctx, app, score=78, recommendation="approve", comment=""):
    services.application_review(
        actor=ctx["caseworker"],
        application=app,
        checklist=dict.fromkeys(CHECKLIST, True),
        score=score,
        recommendation=recommendation,
        comment=comment,
    )
    app.refresh_from_db()
    return app


def _make(ctx, title, call_key, category, state, extra) -> Application:
    today = timezone.localdate()
    applicant, company = ctx["applicant"], ctx["org_company"]
    call = ctx[call_key]
    fields = {
        **BASE,
        "title": title,
        "category": call.programme.categories.get(code=category),
        "provider": ctx["org_provider"],
        "planned_start": today + timedelta(days=45),
        "planned_end": today + timedelta(days=300),
        **extra,
    }
    app = services.application_create(actor=applicant, organisation=company, call=call, **fields)
    if state == "draft":
        return app
    if state == "info_requested":
        services.declared_aid_add(
            actor=applicant,
            application=app,
            granting_body="Bayerisches Digitalbonus-Programm",
            amount=Decimal("10000.00"),
            granted_on=today - timedelta(days=500),
        )
    app = services.application_submit(actor=applicant, application=app)
    if state in ("submitted", "lottery"):
        return app
    if state == "withdrawn":
        return services.application_withdraw(
            actor=applicant, application=app, reason="Projekt intern umgesetzt."
        )
    app = services.application_assign(actor=ctx["caseworker"], application=app)
    if state == "in_review":
        return app
    if state == "info_requested":
        return services.application_request_info(
            actor=ctx["caseworker"],
            application=app,
            message="Bitte erläutern Sie, welche Maschinendaten bereits vorliegen.",
        )
    if state == "rejected":
        app = _review(ctx, app, 35, "reject", "Kein KI-Bezug erkennbar.")
        return services.application_decide(
            actor=ctx["approver"],
            application=app,
            approve=False,
            reason="Das Vorhaben ist eine reine Steuerungsaufgabe ohne KI-Anteil (Anlage Nr. 3).",
        )
    app = _review(ctx, app, 88 if state == "ranked" else 78)
    if state in ("reviewed", "ranked"):
        return app
    app = services.application_decide(
        actor=ctx["approver"], application=app, approve=True, reason="Förderfähig."
    )
    if state == "cancelled":
        return services.application_withdraw(
            actor=ctx["applicant"], application=app, reason="Dienstleister nicht mehr verfügbar."
        )
    if state == "expired":
        # Demo only: let this voucher's validity lie in the past, then the daily job runs.
        Voucher.objects.filter(application=app).update(
            valid_from=today - timedelta(days=400), valid_until=today - timedelta(days=35)
        )
        # ... and its documents be issued with those dates (on the first download).
        IssuedDocument.objects.filter(application=app).delete()
        services.vouchers_expire()
    return app


def load(ctx: dict) -> None:
    # The demo's own notifications are not sent (the console backend would print them all).
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        _load(ctx)


def _load(ctx: dict) -> None:
    for title, call_key, category, state, extra in DEMO:
        app = Application.objects.filter(title=title).first()
        if app is None:
            app = _make(ctx, title, call_key, category, state, extra)
        ctx[f"application_{state}"] = app
    call = ctx["call_lottery"]
    if not LotteryDraw.objects.filter(call=call).exists():
        now = timezone.now()
        services.lottery_draw(
            actor=ctx["admin"],
            call=call,
            period_start=now - timedelta(days=30),
            period_end=now + timedelta(minutes=1),
            seed="demo-dezember-2026",
        )
    ranked = ctx["application_ranked"]
    if ranked.selection == Application.Selection.PENDING:
        services.ranking_select(actor=ctx["admin"], call=ctx["call_ranking"])
