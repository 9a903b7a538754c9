"""Reads of accreditations and the public provider directory."""

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from kivoucher.core.errors import NotFound
from kivoucher.core.models import User
from kivoucher.organizations.models import Organisation
from kivoucher.programmes.models import Programme
from kivoucher.providers.models import Accreditation


def accreditation_active(
    *, organisation: Organisation, programme: Programme, on: date | None = None
) -> Accreditation | None:
    on = on or timezone.localdate()
    return (
        Accreditation.objects.filter(
            organisation=organisation,
            programme=programme,
            status=Accreditation.Status.ACCREDITED,
            valid_from__lte=on,
            valid_until__gte=on,
        )
        .order_by("-valid_until")
        .first()
    )


def provider_directory(
    *,
    programme: Programme | None = None,
    federal_state: str = "",
    competence: str = "",
    category: str = "",
    q: str = "",
) -> QuerySet[Accreditation]:
    """Accredited, currently valid providers (public)."""
    today = timezone.localdate()
    qs = (
        Accreditation.objects.filter(
            status=Accreditation.Status.ACCREDITED,
            valid_from__lte=today,
            valid_until__gte=today,
        )
        .select_related("organisation", "programme")
        .prefetch_related("categories")
        .order_by("organisation__name")
    )
    if programme:
        qs = qs.filter(programme=programme)
    if federal_state:
        qs = qs.filter(organisation__federal_state=federal_state)
    if competence:
        qs = qs.filter(competences__contains=f"|{competence}|")
    if category:
        qs = qs.filter(categories__code=category)
    if q:
        qs = qs.filter(
            Q(organisation__name__icontains=q)
            | Q(description__icontains=q)
            | Q(organisation__city__icontains=q)
        )
    return qs.distinct()


def directory_entry_get(*, pk: int) -> Accreditation:
    entry = provider_directory().filter(pk=pk).first()
    if entry is None:
        raise NotFound("Provider not found.")
    return entry


def accreditations_for_user(*, user: User) -> QuerySet[Accreditation]:
    qs = Accreditation.objects.select_related("organisation", "programme", "decided_by")
    if user.sees_everything:
        return qs
    return qs.filter(organisation__memberships__user=user)


def accreditation_get_for_user(*, user: User, pk: int) -> Accreditation:
    acc = accreditations_for_user(user=user).filter(pk=pk).first()
    if acc is None:
        raise NotFound("Accreditation not found.")
    return acc
