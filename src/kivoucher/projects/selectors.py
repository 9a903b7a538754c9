from django.db.models import Q, QuerySet

from kivoucher.core.errors import NotFound
from kivoucher.core.models import User
from kivoucher.projects.models import ProofOfUse


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
