"""Demo proofs of use and payouts: a proof being checked, a voucher redeemed (payout
queued) and one closed (paid by a SEPA batch marked paid)."""

from decimal import Decimal

from django.test.utils import override_settings

from kivoucher.applications.demo import _make
from kivoucher.applications.models import Application
from kivoucher.core.uploads import upload_check
from kivoucher.payments.models import Payout
from kivoucher.payments.services import payout_release, sepa_batch_create, sepa_batch_mark_paid
from kivoucher.projects.models import ProofOfUse
from kivoucher.projects.services import proof_check, proof_submit, vouchers_close_paid

INVOICE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
REPORT = (
    "Der Prototyp wurde gemeinsam mit NeuroForge entwickelt, im Werk getestet und in den "
    "Regelbetrieb übernommen. Die Fehlerquote sank im Pilotzeitraum deutlich."
)

# title -> (category, target state, planned costs, invoice net); the paid one first, so
# that the SEPA batch of the demo holds only its payout
DEMO = [
    ("Bestandsoptimierung im Lager", "forecasting", "proof_submitted", "40000.00", "39500.00"),
    ("Ausschussprognose in der Zerspanung", "ml-prototype", "closed", "50000.00", "50000.00"),
    ("Klassifikation eingehender Lieferscheine", "document-ai", "redeemed", "30000.00",
     "28000.00"),
]  # fmt: skip


def _proof(ctx, app, number, net):
    net = Decimal(net)
    vat = (net * Decimal("0.19")).quantize(Decimal("0.01"))
    return proof_submit(
        actor=ctx["applicant"],
        voucher=app.voucher,
        invoice=upload_check(INVOICE_PDF, name=f"Rechnung-{number}.pdf"),
        report=REPORT,
        amounts={"invoice_number": number, "net": net, "vat": vat, "gross": net + vat},
    )


def load(ctx: dict) -> None:
    # The demo's own notifications are not sent (the console backend would print them all).
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        _load(ctx)


def _load(ctx: dict) -> None:
    for i, (title, category, state, costs, net) in enumerate(DEMO, start=1):
        app = Application.objects.filter(title=title).first()
        if app is not None:
            continue
        app = _make(
            ctx, title, "call_fcfs", category, "approved", {"planned_costs": Decimal(costs)}
        )
        if state == "proof_submitted":
            # A first proof was returned (rejected); the corrected one waits for the check.
            first = _proof(ctx, app, f"NF-2026-{100 + i}", net)
            proof_check(
                actor=ctx["caseworker"],
                proof=first,
                accept=False,
                note="Der Bericht beschreibt das Ergebnis nicht; bitte ergänzen.",
            )
            _proof(ctx, app, f"NF-2026-{100 + i}-K", net)
            continue
        proof = _proof(ctx, app, f"NF-2026-{100 + i}", net)
        proof_check(actor=ctx["caseworker"], proof=proof, accept=True, note="Rechnung geprüft.")
        if state == "closed":
            # The caseworker prepared the payout; the approver releases it (four eyes).
            prepared = Payout.objects.filter(
                origin=app.voucher.payout_origin, status=Payout.Status.PREPARED
            )
            for payout in prepared:
                payout_release(actor=ctx["approver"], payout=payout)
            batch = sepa_batch_create(actor=ctx["admin"])
            sepa_batch_mark_paid(actor=ctx["admin"], batch=batch)
            vouchers_close_paid(actor=ctx["admin"])
    ctx["proofs"] = list(ProofOfUse.objects.all())
