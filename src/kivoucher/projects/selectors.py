from django.db.models import Q, QuerySet

from kivoucher.core.errors import NotFound
from kivoucher.core.models import User
from kivoucher.projects.models import Instalment, InstalmentInvoice, ProofOfUse


def proofs_for_user(*, user: User) -> QuerySet[ProofOfUse]:
    qs = ProofOfUse.objects.select_related(
        "voucher__application__organisation", "voucher__application__provider"
    )
    if user.sees_everything:
        return qs
    return qs.filter(
        Q(voucher__application__organisation__memberships__user=user)
        | Q(voucher__application__provider__memberships__user=user)
    ).distinct()


def proof_get_for_user(*, user: User, pk: int) -> ProofOfUse:
    proof = proofs_for_user(user=user).filter(pk=pk).first()
    if proof is None:
        raise NotFound("Proof of use not found.")
    return proof


def instalments_for_user(*, user: User) -> QuerySet[Instalment]:
    """Instalments the user may see: staff all, members those of their company or, as
    its provider, of the vouchers they work on."""
    qs = Instalment.objects.select_related(
        "voucher__application__organisation", "voucher__application__provider"
    ).prefetch_related("invoices")
    if user.sees_everything:
        return qs
    return qs.filter(
        Q(voucher__application__organisation__memberships__user=user)
        | Q(voucher__application__provider__memberships__user=user)
    ).distinct()


def instalment_get_for_user(*, user: User, pk: int) -> Instalment:
    instalment = instalments_for_user(user=user).filter(pk=pk).first()
    if instalment is None:
        raise NotFound("Instalment not found.")
    return instalment


def instalment_invoice_get_for_user(*, user: User, pk: int, invoice_pk: int) -> InstalmentInvoice:
    invoice = InstalmentInvoice.objects.filter(
        instalment__in=instalments_for_user(user=user).filter(pk=pk), pk=invoice_pk
    ).first()
    if invoice is None:
        raise NotFound("Invoice not found.")
    return invoice
