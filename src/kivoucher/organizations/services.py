"""Writes of organisations, memberships and ownership links."""

from decimal import Decimal

from django.db import transaction

from kivoucher.core.audit import audit_record
from kivoucher.core.models import User
from kivoucher.organizations.bank_details import BANK_FIELDS, bank_details_guard
from kivoucher.organizations.models import Director, Membership, Organisation, OwnershipLink
from kivoucher.organizations.validators import normalise_iban, normalise_vat_id


def _normalise(fields: dict) -> dict:
    if fields.get("vat_id"):
        fields["vat_id"] = normalise_vat_id(fields["vat_id"])
    if fields.get("iban"):
        fields["iban"] = normalise_iban(fields["iban"])
    return fields


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


def membership_add(*, actor: User | None, user: User, organisation: Organisation) -> Membership:
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(user=user, organisation=organisation)
        if created:
            audit_record(
                actor=actor,
                action="membership.add",
                obj=membership,
                data={"user": user.pk, "organisation": organisation.pk},
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
