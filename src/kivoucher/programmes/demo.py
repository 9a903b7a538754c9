"""Demo programmes (the three lines), calls and the annex of project categories."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from kivoucher.programmes.models import Call, Line, Programme, ProjectCategory
from kivoucher.programmes.services import call_create

PROGRAMMES = {
    "ki-voucher": dict(
        line=Line.PROJECT,
        name="KI-Voucher",
        description="Zuschuss bis 50.000 EUR für KI-Projekte von KMU mit akkreditierten "
        "KI-Dienstleistern.",
        max_grant=Decimal("50000"),
        rate_micro=Decimal("1.0"),
        rate_small=Decimal("0.8"),
        rate_medium=Decimal("0.6"),
        rate_large=Decimal("0.5"),
    ),
    "ki-compute": dict(
        line=Line.COMPUTE,
        name="KI-Compute-Voucher",
        description="50.000 EUR GPU-Rechenzeit in einem europäischen Gaia-X-Rechenzentrum.",
        max_grant=Decimal("50000"),
        rate_micro=Decimal("1"),
        rate_small=Decimal("1"),
        rate_medium=Decimal("1"),
        rate_large=Decimal("1"),
        voucher_validity_months=12,
    ),
    "ki-presale": dict(
        line=Line.PRESALE,
        name="KI-Rechenzentrum: Kapazitäts-Vorverkauf",
        description="Vorverkauf von Cluster-Stunden und Anteilen eines öffentlich-privaten "
        "KI-Rechenzentrums.",
        is_de_minimis=False,
    ),
}

CATEGORIES = [
    (
        "ml-prototype",
        "Prototyp mit maschinellem Lernen auf Unternehmensdaten",
        "Machine-learning prototype on company data",
    ),
    (
        "computer-vision",
        "Bildverarbeitung und Qualitätsprüfung (Computer Vision)",
        "Computer vision and quality inspection",
    ),
    (
        "nlp-assistant",
        "Sprachverarbeitung und Assistenzsysteme (NLP, LLM)",
        "Language processing and assistants (NLP, LLM)",
    ),
    (
        "predictive-maintenance",
        "Vorausschauende Wartung (Predictive Maintenance)",
        "Predictive maintenance",
    ),
    (
        "forecasting",
        "Prognose und Planung (Predictive Analytics)",
        "Forecasting and planning (predictive analytics)",
    ),
    (
        "document-ai",
        "Dokumentenverarbeitung und Wissensmanagement",
        "Document processing and knowledge management",
    ),
    ("robotics", "Robotik und autonome Systeme", "Robotics and autonomous systems"),
]


def load(ctx: dict) -> None:
    admin = ctx.get("admin")
    for code, fields in PROGRAMMES.items():
        programme, _ = Programme.objects.get_or_create(code=code, defaults=fields)
        ctx[f"programme_{code}"] = programme
    project = ctx["programme_ki-voucher"]
    for order, (code, name, name_en) in enumerate(CATEGORIES):
        ProjectCategory.objects.get_or_create(
            programme=project,
            code=code,
            defaults={"name": name, "name_en": name_en, "order": order},
        )
    now = timezone.now()
    start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    calls = [
        (
            "call_fcfs",
            project,
            "KI-Voucher 2026 – 1. Aufruf (Windhundverfahren)",
            Decimal("2000000"),
            Call.Selection.FCFS,
            -60,
            120,
        ),
        (
            "call_lottery",
            project,
            "KI-Voucher 2026 – Losverfahren Dezember",
            Decimal("500000"),
            Call.Selection.LOTTERY,
            -10,
            30,
        ),
        (
            "call_ranking",
            project,
            "KI-Voucher 2026 – Wettbewerb Gesundheitswirtschaft",
            Decimal("750000"),
            Call.Selection.RANKING,
            -20,
            60,
        ),
        (
            "call_compute",
            ctx["programme_ki-compute"],
            "KI-Compute-Voucher 2026",
            Decimal("5000000"),
            Call.Selection.FCFS,
            -90,
            270,
        ),
    ]
    for key, programme, name, budget, selection, opens, closes in calls:
        call = Call.objects.filter(name=name).first()
        if call is None:
            call = call_create(
                actor=admin,
                programme=programme,
                name=name,
                opens_at=start + timedelta(days=opens),
                closes_at=start + timedelta(days=closes),
                budget=budget,
                selection=selection,
            )
        ctx[key] = call
