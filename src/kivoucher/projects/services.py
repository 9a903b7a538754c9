"""Proof of use, its check and the payout (line I after the voucher)."""

import re
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kivoucher.applications.models import Voucher
from kivoucher.applications.services import commitment_release, voucher_close
from kivoucher.core.audit import audit_record
from kivoucher.core.errors import Conflict, DomainError, PermissionDenied
from kivoucher.core.models import User
from kivoucher.core.money import format_eur, parse_money, round_money
from kivoucher.core.roles import Role
from kivoucher.core.texts import Text, stored_item
from kivoucher.core.uploads import CheckedUpload
from kivoucher.core.workflow import transition, transition_allowed
from kivoucher.organizations.models import Membership
from kivoucher.payments.models import Payout
from kivoucher.payments.services import payout_create
from kivoucher.programmes.models import PayoutMode
from kivoucher.programmes.services import call_committed_account
from kivoucher.projects.invoices import InvoiceData, invoice_read
from kivoucher.projects.models import ProofOfUse
from kivoucher.projects.notifications import proof_accepted_notify

CHECKERS = {Role.CASEWORKER, Role.PROGRAMME_ADMIN}


def _compact(vat_id: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", vat_id.upper())


def _same_party(name: str, vat: str, organisation) -> bool:
    if vat and organisation.vat_id:
        return _compact(vat) == _compact(organisation.vat_id)
    return bool(name) and name.strip().casefold() == organisation.name.strip().casefold()


def _check(code: str, label: Text, passed: bool, explanation: Text) -> dict:
    """One check as stored with the proof: label and explanation in the submitter's
    language and, under "texts", as message ids and figures translated when shown."""
    return stored_item(
        code=code, passed=bool(passed), texts={"label": label, "explanation": explanation}
    )


def proof_checks(*, voucher: Voucher, data: InvoiceData) -> list[dict]:
    """Every check of the invoice against the voucher, with the figures."""
    app = voucher.application
    provider, company = app.provider, app.organisation
    checks = [
        _check(
            "invoice_number",
            Text(gettext_noop("Invoice number given")),
            bool(data.number),
            Text(gettext_noop("Invoice number: %(n)s"), n=data.number or "–"),
        ),
        _check(
            "seller_is_provider",
            Text(gettext_noop("Seller is the voucher's provider")),
            provider is not None and _same_party(data.seller_name, data.seller_vat_id, provider),
            Text(
                gettext_noop(
                    "Seller on the invoice: %(seller)s %(vat)s; provider: %(provider)s %(pvat)s"
                ),
                seller=data.seller_name or "–",
                vat=data.seller_vat_id,
                provider=provider.name if provider else "–",
                pvat=provider.vat_id if provider else "",
            ),
        ),
        _check(
            "buyer_is_company",
            Text(gettext_noop("Buyer is the voucher's company")),
            _same_party(data.buyer_name, data.buyer_vat_id, company),
            Text(
                gettext_noop(
                    "Buyer on the invoice: %(buyer)s %(vat)s; company: %(company)s %(cvat)s"
                ),
                buyer=data.buyer_name or "–",
                vat=data.buyer_vat_id,
                company=company.name,
                cvat=company.vat_id,
            ),
        ),
        _check(
            "currency_eur",
            Text(gettext_noop("Invoice in euros")),
            data.currency in ("", "EUR"),
            Text(gettext_noop("Currency: %(c)s"), c=data.currency or "EUR"),
        ),
        _check(
            "amounts_add_up",
            Text(gettext_noop("Net plus VAT equals gross")),
            data.net > 0 and data.net + data.vat == data.gross,
            Text(
                gettext_noop("%(net)s + %(vat)s = %(sum)s; gross on the invoice %(gross)s"),
                net=format_eur(data.net),
                vat=format_eur(data.vat),
                sum=format_eur(data.net + data.vat),
                gross=format_eur(data.gross),
            ),
        ),
        _check(
            "issued_after_approval",
            Text(gettext_noop("Invoice issued after the voucher")),
            data.issue_date is None or data.issue_date >= voucher.valid_from,
            Text(
                gettext_noop("Invoice date %(date)s, voucher valid from %(from)s"),
                date=data.issue_date.strftime("%d.%m.%Y") if data.issue_date else "–",
                **{"from": voucher.valid_from.strftime("%d.%m.%Y")},
            ),
        ),
    ]
    return checks


def _entered(amounts: dict | None) -> InvoiceData:
    amounts = amounts or {}
    required = ("invoice_number", "net", "vat", "gross")
    if any(amounts.get(k) in (None, "") for k in required):
        raise DomainError(
            _(
                "This PDF carries no e-invoice: enter the invoice number and the net, VAT "
                "and gross amounts."
            ),
            code="amounts_missing",
        )
    issue = amounts.get("invoice_date")
    if issue is not None and not isinstance(issue, date):
        raise DomainError(_("Dates must be given as YYYY-MM-DD."))
    return InvoiceData(
        syntax="pdf",
        number=str(amounts["invoice_number"]).strip()[:100],
        issue_date=issue,
        currency="EUR",
        seller_name=str(amounts.get("seller_name") or ""),
        seller_vat_id=str(amounts.get("seller_vat_id") or ""),
        buyer_name=str(amounts.get("buyer_name") or ""),
        buyer_vat_id=str(amounts.get("buyer_vat_id") or ""),
        net=parse_money(amounts["net"], field=_("Net amount")),
        vat=parse_money(amounts["vat"], field=_("VAT")),
        gross=parse_money(amounts["gross"], field=_("Gross amount")),
    )


def proof_submit_check(*, actor: User, voucher: Voucher, today: date | None = None) -> None:
    """Raise unless `actor` may submit a proof of use for `voucher` now: a member of
    the company or its provider, the voucher active and valid, no proof of use
    submitted or accepted yet. The invoice's own checks come when it is submitted."""
    app = voucher.application
    orgs = [app.organisation_id] + ([app.provider_id] if app.provider_id else [])
    if not Membership.objects.filter(user=actor, organisation_id__in=orgs).exists():
        raise PermissionDenied(_("Only the company or its provider submit the proof of use."))
    today = today or timezone.localdate()
    if voucher.status == Voucher.Status.EXPIRED or (
        voucher.status == Voucher.Status.ACTIVE and voucher.valid_until < today
    ):
        raise Conflict(
            _("The voucher expired on %(date)s; no proof of use can be submitted.")
            % {"date": voucher.valid_until.strftime("%d.%m.%Y")},
            code="voucher_expired",
        )
    if voucher.proofs.filter(status__in=["submitted", "accepted"]).exists():
        raise Conflict(
            _("A proof of use was already submitted for this voucher."), code="duplicate"
        )
    if voucher.status != Voucher.Status.ACTIVE:
        raise Conflict(
            _("The voucher is %(status)s.") % {"status": voucher.get_status_display()},
            code="invalid_transition",
        )


def proof_submit_refusal(*, actor: User, voucher: Voucher, today: date | None = None) -> str | None:
    """Why `actor` may not submit a proof of use for `voucher` now, or None: the rule
    `proof_submit` applies, for pages to show instead of the form."""
    try:
        proof_submit_check(actor=actor, voucher=voucher, today=today)
    except DomainError as exc:
        return exc.message
    return None


def proof_submit(
    *,
    actor: User,
    voucher: Voucher,
    invoice: CheckedUpload,
    report: str,
    amounts: dict | None = None,
    today: date | None = None,
) -> ProofOfUse:
    """Submit the provider's invoice and the short report (once per voucher)."""
    app = voucher.application
    today = today or timezone.localdate()
    proof_submit_check(actor=actor, voucher=voucher, today=today)
    if not report.strip() or len(report.strip()) < 20:
        raise DomainError(
            _("Write a short report (at least 20 characters)."), code="report_missing"
        )
    data = invoice_read(invoice.content, invoice.kind)
    if data is None:
        data = _entered(amounts)
        fmt = ProofOfUse.Format.PDF
    else:
        fmt = data.syntax
    if not data.seller_name and not data.seller_vat_id and app.provider:
        data.seller_name, data.seller_vat_id = app.provider.name, app.provider.vat_id
    if not data.buyer_name and not data.buyer_vat_id:
        data.buyer_name, data.buyer_vat_id = app.organisation.name, app.organisation.vat_id
    with transaction.atomic():
        voucher = Voucher.objects.select_for_update().get(pk=voucher.pk)
        proof_submit_check(actor=actor, voucher=voucher, today=today)  # again, under the lock
        checks = proof_checks(voucher=voucher, data=data)
        failed = [c for c in checks if not c["passed"]]
        if failed:
            raise DomainError(
                _("The invoice does not fit the voucher: %(checks)s")
                % {"checks": "; ".join(f"{c['label']} ({c['explanation']})" for c in failed)},
                code="invoice_mismatch",
            )
        proof = ProofOfUse(
            voucher=voucher,
            submitted_by=actor,
            invoice_format=fmt,
            invoice_number=data.number,
            invoice_date=data.issue_date,
            seller_name=data.seller_name[:200],
            seller_vat_id=data.seller_vat_id[:30],
            buyer_name=data.buyer_name[:200],
            buyer_vat_id=data.buyer_vat_id[:30],
            currency=data.currency or "EUR",
            net=data.net,
            vat=data.vat,
            gross=data.gross,
            report=report.strip(),
            checks=checks,
        )
        proof.fill_from(invoice, folder=f"proofs/{voucher.pk}")
        try:
            with transaction.atomic():
                proof.save()
        except IntegrityError:
            raise Conflict(
                _("A proof of use was already submitted for this voucher."), code="duplicate"
            )
        audit_record(
            actor=actor,
            action="proof.submit",
            obj=proof,
            new_state=proof.status,
            data={"voucher": voucher.code, "format": fmt, "net": str(data.net)},
        )
        return proof


def payout_amount(*, voucher: Voucher, eligible_costs: Decimal) -> Decimal:
    """min(cap, rate x eligible costs), the cap being the voucher's value."""
    app = voucher.application
    rate = app.programme.rate_for(app.size_class or "large")
    return min(voucher.amount, round_money(rate * eligible_costs))


def proof_check(
    *,
    actor: User,
    proof: ProofOfUse,
    accept: bool,
    eligible_costs=None,
    note: str = "",
) -> ProofOfUse:
    """A caseworker accepts (queueing the payout) or rejects the proof of use."""
    if actor.role not in CHECKERS:
        raise PermissionDenied(_("Only caseworkers check proofs of use."))
    voucher = proof.voucher
    app = voucher.application
    if Membership.objects.filter(
        user=actor, organisation_id__in=[app.organisation_id, app.provider_id]
    ).exists():
        raise PermissionDenied(_("You may not check a proof of your own organisation."))
    with transaction.atomic():
        proof = ProofOfUse.objects.select_for_update().get(pk=proof.pk)
        outcome = ProofOfUse.Status.ACCEPTED if accept else ProofOfUse.Status.REJECTED
        if not transition_allowed(proof, outcome):
            raise Conflict(
                _("This proof of use is already %(status)s.")
                % {"status": proof.get_status_display()},
                code="invalid_transition",
            )
        checked = {"checked_by": actor, "checked_at": timezone.now(), "check_note": note.strip()}
        if not accept:
            if not note.strip():
                raise DomainError(_("A rejection needs reasons."), code="reason_missing")
            return transition(proof, outcome, actor=actor, reason=note, fields=checked, locked=True)
        costs = parse_money(
            proof.net if eligible_costs in (None, "") else eligible_costs,
            field=_("Eligible costs"),
        )
        if costs > proof.net:
            raise DomainError(
                _("Eligible costs cannot exceed the invoice's net amount of %(net)s.")
                % {"net": format_eur(proof.net)},
                code="costs_above_invoice",
            )
        costs = min(costs, app.planned_costs)
        amount = payout_amount(voucher=voucher, eligible_costs=costs)
        if amount <= 0:
            raise DomainError(_("Nothing would be paid out."), code="invalid_amount")
        to_provider = app.programme.payout_mode == PayoutMode.PROVIDER
        beneficiary = app.provider if to_provider else app.organisation
        payout_create(
            actor=actor,
            key=f"proof:{proof.pk}",
            origin=voucher.payout_origin,
            beneficiary=beneficiary,
            amount=amount,
            source_account=call_committed_account(app.call),
            remittance=f"KI-Voucher {voucher.code} {proof.invoice_number}",
        )
        commitment_release(
            actor=actor, application=app, amount=voucher.amount - amount, tag="final"
        )
        proof = transition(
            proof,
            outcome,
            actor=actor,
            reason=note,
            fields={**checked, "eligible_costs": costs, "payout_amount": amount},
            data={
                "eligible_costs": str(costs),
                "payout": str(amount),
                "beneficiary": beneficiary.pk,
                "mode": app.programme.payout_mode,
            },
            locked=True,
        )
        transition(voucher, Voucher.Status.REDEEMED, actor=actor)
        proof_accepted_notify(proof=proof, beneficiary=beneficiary)
        return proof


def vouchers_close_paid(*, actor=None, codes: list[str] | None = None) -> int:
    """Redeemed vouchers whose payout was paid (SEPA batch marked paid) close."""
    closed = 0
    vouchers = Voucher.objects.filter(status=Voucher.Status.REDEEMED).order_by("pk")
    if codes is not None:
        vouchers = vouchers.filter(code__in=codes)
    for voucher in vouchers:
        payouts = Payout.objects.filter(origin=voucher.payout_origin)
        if payouts.exists() and not payouts.exclude(status=Payout.Status.PAID).exists():
            voucher_close(actor=actor, voucher=voucher)
            closed += 1
    return closed


def close_vouchers_of_paid_payouts(*, actor, payouts) -> None:
    """Payments hook: a voucher closes as soon as the batch with its payout is paid."""
    codes = [p.origin.split(":", 1)[1] for p in payouts if p.origin.startswith("voucher:")]
    if codes:
        vouchers_close_paid(actor=actor, codes=codes)
