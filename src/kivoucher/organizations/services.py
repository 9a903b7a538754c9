"""Writes of organisations, memberships and ownership links."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kivoucher.core.audit import audit_record
from kivoucher.core.errors import PermissionDenied
from kivoucher.core.models import User
from kivoucher.organizations.bank_details import BANK_FIELDS, bank_details_guard
from kivoucher.organizations.models import Director, Membership, Organisation, OwnershipLink
from kivoucher.organizations.selectors import membership_of
from kivoucher.organizations.validators import (
    normalise_iban,
    normalise_register_number,
    normalise_vat_id,
)

NORMALISERS = {
    "vat_id": normalise_vat_id,
    "iban": normalise_iban,
    "register_number": normalise_register_number,
}


def _normalise(fields: dict) -> dict:
    """The official numbers in their one spelling; a wrong one is refused on its field."""
    errors = {}
    for name, normalise in NORMALISERS.items():
        if fields.get(name):
            try:
                fields[name] = normalise(fields[name])
            except ValidationError as exc:
                errors[name] = exc.error_list
    if errors:
        raise ValidationError(errors)
    return fields


def _change_check(actor, organisation: Organisation, changed: set[str]) -> None:
    """Who of the organisation's people may change what: owners everything (the bank
    details only they), signatories the company data, members nothing. People who are
    not members (programme staff, the platform's jobs) are checked by the callers."""
    membership = membership_of(user=actor, organisation=organisation) if actor else None
    if membership is None or not changed:
        return
    if membership.role == Membership.Role.MEMBER:
        raise PermissionDenied(
            _(
                "Members read the company data; owners and signatories change it. Ask an "
                "owner of %(name)s."
            )
            % {"name": organisation.name},
            code="owner_required",
        )
    if changed & set(BANK_FIELDS) and membership.role != Membership.Role.OWNER:
        raise PermissionDenied(
            _("Only owners of %(name)s may change its bank details.") % {"name": organisation.name},
            code="owner_required",
        )


def organisation_create(*, actor: User | None, **fields) -> Organisation:
    with transaction.atomic():
        org = Organisation(**_normalise(fields))
        org.full_clean()
        org.save()
        audit_record(
            actor=actor,
            action="organisation.create",
            obj=org,
            new_state=org.kind,
            data={"name": org.name},
        )
        return org


def organisation_update(
    *, actor: User | None, organisation: Organisation, **fields
) -> Organisation:
    """Change an organisation's data. A change of its bank details (IBAN, BIC, account
    holder) is checked with the rest but handed to the bank-details guard, which
    applies it or holds it for a second person (`organizations.bank_details`)."""
    with transaction.atomic():
        bank_before = {name: getattr(organisation, name) for name in BANK_FIELDS}
        changed = {}
        for name, value in _normalise(fields).items():
            if getattr(organisation, name) != value:
                changed[name] = [str(getattr(organisation, name)), str(value)]
                setattr(organisation, name, value)
        organisation.full_clean()
        bank_after = {name: getattr(organisation, name) for name in BANK_FIELDS}
        bank_changed = {name for name in BANK_FIELDS if bank_after[name] != bank_before[name]}
        _change_check(actor, organisation, set(changed) | bank_changed)
        guard = bank_details_guard()
        if guard is not None:
            for name in BANK_FIELDS:
                changed.pop(name, None)
                setattr(organisation, name, bank_before[name])
        if changed:
            organisation.save(update_fields=list(changed))
            audit_record(
                actor=actor,
                action="organisation.update",
                obj=organisation,
                data={"changed": changed},
            )
        if guard is not None and bank_after != bank_before:
            guard(actor=actor, organisation=organisation, new=bank_after)
            organisation.refresh_from_db(fields=BANK_FIELDS)
        return organisation


def organisation_bank_details_apply(
    *, actor, organisation: Organisation, new: dict, reason: str = ""
) -> Organisation:
    """Write the bank details `new` (IBAN, BIC, account holder) and audit them: for the
    bank-details guard, once it has decided that they apply."""
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        changed = {}
        for name in BANK_FIELDS:
            value = _normalise({name: new.get(name, "")})[name]
            if getattr(organisation, name) != value:
                changed[name] = [str(getattr(organisation, name)), str(value)]
                setattr(organisation, name, value)
        organisation.full_clean()
        if changed:
            organisation.save(update_fields=list(changed))
            audit_record(
                actor=actor,
                action="organisation.bank_details",
                obj=organisation,
                reason=reason,
                data={"changed": changed},
            )
        return organisation


def membership_add(
    *,
    actor: User | None,
    user: User,
    organisation: Organisation,
    role: str = Membership.Role.OWNER,
    via: str = "",
) -> Membership:
    """Make `user` a member of `organisation` with `role` (nothing if they are one);
    `via` names the way in for the audit log (an invitation, a join request)."""
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            user=user, organisation=organisation, defaults={"role": role}
        )
        if created:
            audit_record(
                actor=actor,
                action="membership.add",
                obj=membership,
                new_state=membership.role,
                data={
                    "user": user.pk,
                    "organisation": organisation.pk,
                    **({"via": via} if via else {}),
                },
            )
        return membership


def ownership_link_set(
    *,
    actor: User | None,
    owner: Organisation,
    owned: Organisation,
    share_percent: Decimal,
    controls: bool = False,
) -> OwnershipLink:
    with transaction.atomic():
        link, _ = OwnershipLink.objects.update_or_create(
            owner=owner,
            owned=owned,
            defaults={"share_percent": Decimal(share_percent), "controls": controls},
        )
        link.full_clean()
        audit_record(
            actor=actor,
            action="ownership.set",
            obj=link,
            data={
                "owner": owner.pk,
                "owned": owned.pk,
                "share_percent": str(share_percent),
                "controls": controls,
            },
        )
        return link


def director_add(*, actor: User | None, organisation: Organisation, name: str) -> Director:
    with transaction.atomic():
        director, created = Director.objects.get_or_create(organisation=organisation, name=name)
        if created:
            audit_record(
                actor=actor,
                action="director.add",
                obj=director,
                data={"organisation": organisation.pk},
            )
        return director
