"""Proof of use, its check and the payout (line I after the voucher)."""

import re
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kivoucher.applications.models import Voucher
from kivoucher.applications.services import commitment_release, voucher_close
from kivoucher.core.audit import audit_record
from kivoucher.core.errors import Conflict, DomainError, PermissionDenied
from kivoucher.core.models import User
from kivoucher.core.money import ZERO, format_eur, parse_money, round_money
from kivoucher.core.roles import ACTING_STAFF_ROLES, Role
from kivoucher.core.texts import Text, stored_item
from kivoucher.core.uploads import CheckedUpload
from kivoucher.core.workflow import separation_of_duties_check, transition, transition_allowed
from kivoucher.einvoices.validation import ValidationReport
from kivoucher.ledger.selectors import money_sum
from kivoucher.ledger.services import accounts_lock
from kivoucher.organizations.models import Membership
from kivoucher.payments.models import Payout
from kivoucher.payments.services import payout_create
from kivoucher.programmes.deminimis import aid_award_adjust
from kivoucher.programmes.models import PayoutMode
from kivoucher.programmes.services import call_budget_account, call_committed_account
from kivoucher.projects.invoices import InvoiceData, invoice_read_validated
from kivoucher.projects.models import Instalment, InstalmentInvoice, ProofOfUse
from kivoucher.projects.notifications import instalment_approved_notify, proof_accepted_notify
from kivoucher.recovery.services import receivable_create

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


def final_proof_open(voucher: Voucher) -> bool:
    """Whether a proof of use of `voucher` is submitted or accepted."""
    return voucher.proofs.filter(status__in=["submitted", "accepted"]).exists()


def proof_submit_check(
    *, actor: User, voucher: Voucher, today: date | None = None, final_proof: bool | None = None
) -> None:
    """Raise unless `actor` may submit a proof of use for `voucher` now: a member of
    the company or its provider, the voucher active and valid, no proof of use
    submitted or accepted yet. The invoice's own checks come when it is submitted.
    `final_proof`: `final_proof_open(voucher)` when the caller knows it already."""
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
    if final_proof_open(voucher) if final_proof is None else final_proof:
        raise Conflict(
            _("A proof of use was already submitted for this voucher."), code="duplicate"
        )
    if voucher.status != Voucher.Status.ACTIVE:
        raise Conflict(
            _("The voucher is %(status)s.") % {"status": voucher.get_status_display()},
            code="invalid_transition",
        )


def proof_submit_refusal(
    *, actor: User, voucher: Voucher, today: date | None = None, final_proof: bool | None = None
) -> str | None:
    """Why `actor` may not submit a proof of use for `voucher` now, or None: the rule
    `proof_submit` applies, for pages to show instead of the form."""
    try:
        proof_submit_check(actor=actor, voucher=voucher, today=today, final_proof=final_proof)
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
    data, validation = invoice_read_validated(
        invoice.content, invoice.kind, name=invoice.original_name
    )
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
            einvoice_validation=validation.as_dict() if validation else None,
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
            data={
                "voucher": voucher.code,
                "format": fmt,
                "net": str(data.net),
                "einvoice_findings": validation.rule_ids() if validation else None,
            },
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
    """A caseworker accepts (queueing the payout) or rejects the proof of use.

    The grant due is the grant share of the proven costs; what the approved
    instalments paid is deducted. The payout is the rest; when the instalments paid
    more than is due, nothing is paid and a receivable claims the difference back.
    Locks: the voucher (as every change of a voucher's money), the proof, the call's
    committed account (ledger order)."""
    if actor.role not in CHECKERS:
        raise PermissionDenied(_("Only caseworkers check proofs of use."))
    voucher = proof.voucher
    app = voucher.application
    if Membership.objects.filter(
        user=actor, organisation_id__in=[app.organisation_id, app.provider_id]
    ).exists():
        raise PermissionDenied(_("You may not check a proof of your own organisation."))
    with transaction.atomic():
        voucher = Voucher.objects.select_for_update().get(pk=voucher.pk)
        proof = ProofOfUse.objects.select_for_update().get(pk=proof.pk)
        proof.voucher = voucher
        app = voucher.application
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
        due = payout_amount(voucher=voucher, eligible_costs=costs)
        paid = instalments_paid(voucher=voucher)
        if due <= 0 and paid <= 0:
            raise DomainError(_("Nothing would be paid out."), code="invalid_amount")
        rest = due - paid
        to_provider = app.programme.payout_mode == PayoutMode.PROVIDER
        beneficiary = app.provider if to_provider else app.organisation
        committed = call_committed_account(app.call)
        accounts_lock(committed.pk, call_budget_account(app.call).pk)  # one call: ledger order
        if rest > 0:
            payout_create(
                actor=actor,
                key=f"proof:{proof.pk}",
                origin=voucher.payout_origin,
                beneficiary=beneficiary,
                amount=rest,
                source_account=committed,
                remittance=f"KI-Voucher {voucher.code} {proof.invoice_number}",
            )
        receivable = None
        if rest < 0:
            receivable = receivable_create(
                actor=actor,
                organisation=app.organisation,
                origin=voucher.payout_origin,
                amount=-rest,
                reason=_(
                    "Instalments of %(paid)s were paid on KI-Voucher %(code)s; the proof of "
                    "use gives a grant of %(due)s."
                )
                % {"paid": format_eur(paid), "code": voucher.code, "due": format_eur(due)},
                kind="overpayment",
            )
        # What stays committed for this voucher goes back to the call's budget: the
        # grant less what was paid (instalments and this payout).
        commitment_release(
            actor=actor,
            application=app,
            amount=voucher.amount - max(due, paid),
            tag="final",
        )
        if receivable is not None:  # the register lists the grant as determined
            aid_award_adjust(
                actor=actor, reference=f"application:{app.pk}", amount=due, reason="final"
            )
        _instalments_close(actor=actor, voucher=voucher)
        proof = transition(
            proof,
            outcome,
            actor=actor,
            reason=note,
            fields={
                **checked,
                "eligible_costs": costs,
                "grant_due": due,
                "instalments_paid": paid,
                "payout_amount": max(rest, ZERO),
            },
            data={
                "eligible_costs": str(costs),
                "grant_due": str(due),
                "instalments_paid": str(paid),
                "payout": str(max(rest, ZERO)),
                "receivable": str(-rest) if rest < 0 else None,
                "receivable_id": getattr(receivable, "pk", None),
                "beneficiary": beneficiary.pk,
                "mode": app.programme.payout_mode,
            },
            locked=True,
        )
        transition(voucher, Voucher.Status.REDEEMED, actor=actor, locked=True)
        if rest > 0:
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


# --- Instalments (Mittelabruf) ---------------------------------------------------------
# Before the final proof, the company may draw part of the grant on the e-invoices so
# far: at most `Programme.instalments_max` instalments, together at most
# `Programme.instalments_share_max` of the grant. A caseworker checks an instalment
# (recognising the eligible costs), a second person approves it (four eyes) and the
# approval queues the payout from the call's committed account, as the final payout
# does (same origin "voucher:<code>", key "instalment:<id>"). The final proof covers the
# whole project: it pays the grant due on all its eligible costs less the approved
# instalments, or, when these paid more, a receivable claims the difference back
# (`proof_check`); instalments still open then are rejected.
#
# Locks, as for every change of a voucher's money (change requests, the final proof):
# the voucher first, then the instalment, then the ledger accounts. The sums of the
# approved instalments are read under the voucher's lock, so two approvals on one
# voucher never both spend the same share; the ledger's floor backs the call up.

INSTALMENT_DECIDERS = ACTING_STAFF_ROLES
INSTALMENT_INVOICES_MAX = 20
_INSTALMENT_OPEN = (Instalment.Status.REQUESTED, Instalment.Status.CHECKED)
# Instalments that neither count towards the programme's number nor were paid.
_INSTALMENT_VOID = (Instalment.Status.REJECTED, Instalment.Status.CANCELLED)


def instalments_paid(*, voucher: Voucher) -> Decimal:
    """The sum of the voucher's approved instalments (their payouts are queued)."""
    return money_sum(voucher.instalments.filter(status=Instalment.Status.APPROVED), "amount")


def instalment_figures(*, voucher: Voucher) -> dict:
    """What the programme allows and what is left: the grant, the share drawable before
    the final proof and its amount, what was approved, what is still available, how
    many instalments were asked for (rejected ones do not count) and may be."""
    programme = voucher.application.programme
    limit = min(voucher.amount, round_money(voucher.amount * programme.instalments_share_max))
    sums = voucher.instalments.aggregate(  # one query: pages show these often
        approved=Sum("amount", filter=Q(status=Instalment.Status.APPROVED)),
        used=Count("pk", filter=~Q(status__in=_INSTALMENT_VOID)),
    )
    approved, used = round_money(sums["approved"] or ZERO), sums["used"]
    return {
        "grant": voucher.amount,
        "rate": programme.rate_for(voucher.application.size_class or "large"),
        "share_max": programme.instalments_share_max,
        "share_limit": limit,
        "approved": approved,
        "available": max(ZERO, limit - approved),
        "count": used,
        "count_max": programme.instalments_max,
    }


def _company_member(user: User, voucher: Voucher) -> bool:
    return Membership.objects.filter(
        user=user, organisation_id=voucher.application.organisation_id
    ).exists()


def instalment_request_check(
    *,
    actor: User,
    voucher: Voucher,
    today: date | None = None,
    member: bool | None = None,
    final_proof: bool | None = None,
) -> None:
    """Raise unless `actor` may request an instalment on `voucher` now: a member of the
    company, the voucher active and valid, no final proof submitted, fewer than the
    programme's instalments asked for and part of the share still available.
    `member`, `final_proof`: whether `actor` is a member of the company and
    `final_proof_open(voucher)`, when the caller (a page) knows them already."""
    if not (_company_member(actor, voucher) if member is None else member):
        raise PermissionDenied(_("Only the company requests instalments of its voucher."))
    today = today or timezone.localdate()
    if voucher.status == Voucher.Status.EXPIRED or (
        voucher.status == Voucher.Status.ACTIVE and voucher.valid_until < today
    ):
        raise Conflict(
            _("The voucher expired on %(date)s; no instalment can be requested.")
            % {"date": voucher.valid_until.strftime("%d.%m.%Y")},
            code="voucher_expired",
        )
    if final_proof_open(voucher) if final_proof is None else final_proof:
        raise Conflict(
            _("The final proof of use was submitted; it settles the grant, instalments end."),
            code="final_proof_submitted",
        )
    if voucher.status != Voucher.Status.ACTIVE:
        raise Conflict(
            _("The voucher is %(status)s.") % {"status": voucher.get_status_display()},
            code="invalid_transition",
        )
    figures = instalment_figures(voucher=voucher)
    if figures["count"] >= figures["count_max"]:
        raise Conflict(
            _("The programme allows at most %(n)s instalments before the final proof.")
            % {"n": figures["count_max"]},
            code="instalment_limit",
        )
    if figures["available"] <= 0:
        raise Conflict(
            _(
                "The instalments have reached %(limit)s, the share of the grant drawable "
                "before the final proof; the rest is paid on the final proof."
            )
            % {"limit": format_eur(figures["share_limit"])},
            code="share_exceeded",
        )


def instalment_request_refusal(
    *,
    actor: User,
    voucher: Voucher,
    today: date | None = None,
    member: bool | None = None,
    final_proof: bool | None = None,
) -> str | None:
    """Why `actor` may not request an instalment on `voucher` now, or None."""
    try:
        instalment_request_check(
            actor=actor, voucher=voucher, today=today, member=member, final_proof=final_proof
        )
    except DomainError as exc:
        return exc.message
    return None


def _einvoice_read(upload: CheckedUpload, voucher: Voucher) -> tuple[InvoiceData, ValidationReport]:
    data, validation = invoice_read_validated(
        upload.content, upload.kind, name=upload.original_name
    )
    if data is None:
        raise DomainError(
            _(
                "%(name)s carries no e-invoice: an instalment is claimed with XRechnung or "
                "ZUGFeRD invoices."
            )
            % {"name": upload.original_name},
            code="einvoice_required",
        )
    app = voucher.application
    if not data.seller_name and not data.seller_vat_id and app.provider:
        data.seller_name, data.seller_vat_id = app.provider.name, app.provider.vat_id
    if not data.buyer_name and not data.buyer_vat_id:
        data.buyer_name, data.buyer_vat_id = app.organisation.name, app.organisation.vat_id
    return data, validation


def instalment_request(
    *,
    actor: User,
    voucher: Voucher,
    invoices: list[CheckedUpload],
    today: date | None = None,
) -> Instalment:
    """Request the next instalment with the e-invoices so far (the interim proof).
    Each invoice is checked against the voucher as the final proof's is; an invoice
    claimed in an earlier instalment cannot be claimed again."""
    today = today or timezone.localdate()
    instalment_request_check(actor=actor, voucher=voucher, today=today)
    if not invoices:
        raise DomainError(_("Attach the e-invoices so far."), code="invoices_missing")
    if len(invoices) > INSTALMENT_INVOICES_MAX:
        raise DomainError(
            _("At most %(n)s invoices per instalment.") % {"n": INSTALMENT_INVOICES_MAX},
            code="too_many",
        )
    read = [(upload, *_einvoice_read(upload, voucher)) for upload in invoices]
    numbers = [data.number for _upload, data, _validation in read]
    if len(set(numbers)) != len(numbers):
        raise DomainError(
            _("An invoice is attached twice: %(numbers)s") % {"numbers": ", ".join(numbers)},
            code="duplicate_invoice",
        )
    with transaction.atomic():
        voucher = Voucher.objects.select_for_update().get(pk=voucher.pk)
        instalment_request_check(actor=actor, voucher=voucher, today=today)  # under the lock
        claimed = set(
            InstalmentInvoice.objects.filter(instalment__voucher=voucher)
            .exclude(instalment__status__in=_INSTALMENT_VOID)
            .values_list("invoice_number", flat=True)
        )
        again = [n for n in numbers if n in claimed]
        if again:
            raise Conflict(
                _("These invoices were claimed in an earlier instalment: %(numbers)s")
                % {"numbers": ", ".join(again)},
                code="invoice_claimed",
            )
        rows = []
        for upload, data, validation in read:
            checks = proof_checks(voucher=voucher, data=data)
            failed = [c for c in checks if not c["passed"]]
            if failed:
                raise DomainError(
                    _("Invoice %(number)s does not fit the voucher: %(checks)s")
                    % {
                        "number": data.number or upload.original_name,
                        "checks": "; ".join(f"{c['label']} ({c['explanation']})" for c in failed),
                    },
                    code="invoice_mismatch",
                )
            rows.append((upload, data, checks, validation))
        last = voucher.instalments.order_by("-number").values_list("number", flat=True).first()
        instalment = Instalment.objects.create(
            voucher=voucher,
            number=(last or 0) + 1,
            requested_by=actor,
            claimed_costs=sum((data.net for _u, data, _c, _v in rows), ZERO),
        )
        for upload, data, checks, validation in rows:
            invoice = InstalmentInvoice(
                instalment=instalment,
                invoice_format=data.syntax,
                invoice_number=data.number[:100],
                invoice_date=data.issue_date,
                seller_name=data.seller_name[:200],
                seller_vat_id=data.seller_vat_id[:30],
                buyer_name=data.buyer_name[:200],
                buyer_vat_id=data.buyer_vat_id[:30],
                currency=data.currency or "EUR",
                net=data.net,
                vat=data.vat,
                gross=data.gross,
                checks=checks,
                einvoice_validation=validation.as_dict(),
            )
            invoice.fill_from(upload, folder=f"instalments/{voucher.pk}")
            invoice.save()
        audit_record(
            actor=actor,
            action="instalment.request",
            obj=instalment,
            new_state=instalment.status,
            data={
                "voucher": voucher.code,
                "number": instalment.number,
                "invoices": numbers,
                "claimed_costs": str(instalment.claimed_costs),
            },
        )
        return instalment


def _instalment_locked(instalment: Instalment) -> tuple[Voucher, Instalment]:
    """The voucher, then the instalment, locked (the order of every voucher's money)."""
    voucher = (
        Voucher.objects.select_for_update()
        .select_related("application__programme", "application__call")
        .get(pk=instalment.voucher_id)
    )
    row = Instalment.objects.select_for_update().get(pk=instalment.pk)
    row.voucher = voucher
    return voucher, row


def _instalment_amount(*, voucher: Voucher, eligible_costs: Decimal) -> Decimal:
    """min(rate x eligible costs, what the share still allows): read under the lock."""
    app = voucher.application
    rate = app.programme.rate_for(app.size_class or "large")
    available = instalment_figures(voucher=voucher)["available"]
    if available <= 0:
        raise Conflict(
            _(
                "The approved instalments have used up the share of the grant drawable "
                "before the final proof; the rest is paid on the final proof."
            ),
            code="share_exceeded",
        )
    return min(round_money(rate * eligible_costs), available)


def _not_own_organisation(actor: User, voucher: Voucher, message: str) -> None:
    app = voucher.application
    orgs = [app.organisation_id] + ([app.provider_id] if app.provider_id else [])
    if Membership.objects.filter(user=actor, organisation_id__in=orgs).exists():
        raise PermissionDenied(message)


def instalment_check(
    *,
    actor: User,
    instalment: Instalment,
    accept: bool,
    eligible_costs=None,
    note: str = "",
) -> Instalment:
    """A caseworker checks the interim proof: recognises the eligible costs (the
    instalment it gives is shown for the approval) or rejects it with reasons."""
    if actor.role not in CHECKERS:
        raise PermissionDenied(_("Only caseworkers check instalments."))
    _not_own_organisation(
        actor, instalment.voucher, _("You may not check an instalment of your own organisation.")
    )
    note = (note or "").strip()
    with transaction.atomic():
        voucher, instalment = _instalment_locked(instalment)
        if instalment.status != Instalment.Status.REQUESTED:
            raise Conflict(
                _("This instalment is already %(status)s.")
                % {"status": instalment.get_status_display()},
                code="invalid_transition",
            )
        checked = {"checked_by": actor, "checked_at": timezone.now(), "check_note": note}
        if not accept:
            if not note:
                raise DomainError(_("A rejection needs reasons."), code="reason_missing")
            return transition(
                instalment,
                Instalment.Status.REJECTED,
                actor=actor,
                reason=note,
                fields=checked,
                locked=True,
            )
        costs = parse_money(
            instalment.claimed_costs if eligible_costs in (None, "") else eligible_costs,
            field=_("Eligible costs"),
        )
        if costs > instalment.claimed_costs:
            raise DomainError(
                _("Eligible costs cannot exceed the invoices' net amount of %(net)s.")
                % {"net": format_eur(instalment.claimed_costs)},
                code="costs_above_invoice",
            )
        amount = _instalment_amount(voucher=voucher, eligible_costs=costs)
        if amount <= 0:
            raise DomainError(_("Nothing would be paid out."), code="invalid_amount")
        return transition(
            instalment,
            Instalment.Status.CHECKED,
            actor=actor,
            reason=note,
            fields={**checked, "eligible_costs": costs, "amount": amount},
            data={"eligible_costs": str(costs), "amount": str(amount)},
            locked=True,
        )


def instalment_decide_check(*, actor: User, instalment: Instalment) -> None:
    """Raise unless `actor` may approve or reject the checked instalment: acting staff,
    not the person who checked it, of neither the company nor its provider."""
    separation_of_duties_check(
        actor=actor,
        deciders=INSTALMENT_DECIDERS,
        prepared_by=[instalment.checked_by_id],
        organisation_id=instalment.voucher.application.organisation_id,
        refusal=_("Only staff decide on instalments."),
    )
    _not_own_organisation(
        actor, instalment.voucher, _("You may not decide a matter of your own organisation.")
    )


def instalment_decide(
    *, actor: User, instalment: Instalment, approve: bool, note: str = ""
) -> Instalment:
    """A second person approves the checked instalment (its payout is queued) or
    rejects it. The amount is worked out again under the voucher's lock: what the
    share still allows after the instalments approved meanwhile."""
    note = (note or "").strip()
    with transaction.atomic():
        voucher, instalment = _instalment_locked(instalment)
        if instalment.status != Instalment.Status.CHECKED:
            raise Conflict(
                _("Only checked instalments are decided; this one is %(status)s.")
                % {"status": instalment.get_status_display()},
                code="invalid_transition",
            )
        instalment_decide_check(actor=actor, instalment=instalment)
        decided = {"decided_by": actor, "decided_at": timezone.now(), "decision_note": note}
        if not approve:
            if not note:
                raise DomainError(_("A rejection needs reasons."), code="reason_missing")
            return transition(
                instalment,
                Instalment.Status.REJECTED,
                actor=actor,
                reason=note,
                fields=decided,
                locked=True,
            )
        if voucher.proofs.filter(status="accepted").exists():
            raise Conflict(
                _("The final proof of use was accepted; it settled the grant."),
                code="final_proof_submitted",
            )
        if voucher.status != Voucher.Status.ACTIVE:
            raise Conflict(
                _("The voucher is %(status)s.") % {"status": voucher.get_status_display()},
                code="invalid_transition",
            )
        app = voucher.application
        committed = call_committed_account(app.call)
        accounts_lock(committed.pk)
        amount = _instalment_amount(voucher=voucher, eligible_costs=instalment.eligible_costs)
        amount = min(amount, voucher.amount - instalments_paid(voucher=voucher))
        to_provider = app.programme.payout_mode == PayoutMode.PROVIDER
        beneficiary = app.provider if to_provider else app.organisation
        payout = payout_create(
            actor=actor,
            key=f"instalment:{instalment.pk}",
            origin=voucher.payout_origin,
            beneficiary=beneficiary,
            amount=amount,
            source_account=committed,
            remittance=f"KI-Voucher {voucher.code} Mittelabruf {instalment.number}",
        )
        instalment = transition(
            instalment,
            Instalment.Status.APPROVED,
            actor=actor,
            reason=note,
            fields={**decided, "amount": amount},
            data={
                "amount": str(amount),
                "payout": payout.pk,
                "beneficiary": beneficiary.pk,
                "mode": app.programme.payout_mode,
            },
            locked=True,
        )
        instalment_approved_notify(instalment=instalment, beneficiary=beneficiary)
        return instalment


def _instalments_close(*, actor: User, voucher: Voucher) -> None:
    """The final proof settles the grant: instalments still open are rejected."""
    for instalment in voucher.instalments.filter(status__in=_INSTALMENT_OPEN).select_for_update():
        transition(
            instalment,
            Instalment.Status.REJECTED,
            actor=actor,
            reason=_("The final proof of use settled the grant."),
            fields={"decided_by": actor, "decided_at": timezone.now()},
            locked=True,
        )


def instalment_payout_cancelled(*, actor, payout: Payout) -> None:
    """Payments hook: the payout of an instalment was cancelled (its money went back to
    the committed account), so the instalment was not paid: it is cancelled, frees its
    share and is not deducted on the final proof. The voucher is locked first, so a
    final proof being checked at the same moment sees the instalment either way."""
    prefix, _sep, pk = payout.key.partition(":")
    if prefix != "instalment" or not pk.isdigit():
        return
    instalment = Instalment.objects.filter(pk=int(pk)).first()
    if instalment is None:
        return
    with transaction.atomic():
        _voucher, instalment = _instalment_locked(instalment)
        if instalment.status != Instalment.Status.APPROVED:
            return
        transition(
            instalment,
            Instalment.Status.CANCELLED,
            actor=actor,
            reason=payout.reason or _("The payout was cancelled."),
            data={"payout": payout.pk},
            locked=True,
        )
