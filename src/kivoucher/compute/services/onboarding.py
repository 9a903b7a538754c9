"""Onboarding of data centres and the offline verification of their Gaia-X evidence."""

from collections.abc import Iterable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kivoucher.compute import gaiax
from kivoucher.compute.models import Credential, DataCentre, PinnedKey, Verification
from kivoucher.compute.services.limits import length_check
from kivoucher.compute.services.notify import notification_send
from kivoucher.core.audit import audit_record
from kivoucher.core.errors import Conflict, DomainError
from kivoucher.ledger.models import Account
from kivoucher.ledger.services import account_get_or_create
from kivoucher.organizations.models import Organisation

EXPIRY_WARNING_DAYS = 14
REQUIRED_KINDS = (
    Credential.Kind.PARTICIPANT,
    Credential.Kind.REGISTRATION,
    Credential.Kind.SERVICE_OFFERING,
    Credential.Kind.COMPLIANCE,
)
E = DataCentre.Evidence


def data_centre_onboard(
    *,
    actor,
    organisation: Organisation,
    code: str,
    location_city: str,
    location_country: str,
    operator_name: str,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    participant_id: str = "",
    keys: Iterable[tuple[str, dict]] = (),
) -> DataCentre:
    """Onboard a data centre with its first pinned keys (`(kid, jwk)` pairs), all or nothing."""
    if organisation.kind != Organisation.Kind.DATA_CENTRE:
        raise DomainError(_("Only data-centre organisations can be onboarded."), code="invalid")
    with transaction.atomic():
        if DataCentre.objects.filter(organisation=organisation).exists():
            raise Conflict(_("This data centre is already onboarded."), code="duplicate")
        dc = DataCentre(
            organisation=organisation,
            code=code,
            location_city=location_city,
            location_country=location_country.upper(),
            operator_name=operator_name,
            contact_name=contact_name,
            contact_email=contact_email,
            contact_phone=contact_phone,
            participant_id=participant_id,
        )
        dc.full_clean()
        dc.save()
        payable_account(dc)  # now, not under the first usage batches, which all need it
        audit_record(
            actor=actor, action="compute.data_centre.onboard", obj=dc, new_state=dc.evidence_status
        )
        for kid, jwk in keys:
            pinned_key_add(actor=actor, data_centre=dc, kid=kid, jwk=jwk)
        return dc


def payable_account(data_centre: DataCentre) -> Account:
    """What the programme owes the data centre for usage; every batch credits it, so
    its credits are deferred (kivoucher.ledger.services: batches never wait on it)."""
    return account_get_or_create(
        code=data_centre.payable_account_code,
        name=f"Compute usage payable to {data_centre.code}",
        deferred_credits=True,
    )


def pinned_key_add(*, actor, data_centre: DataCentre, kid: str, jwk: dict) -> PinnedKey:
    length_check(PinnedKey, "kid", kid, label=_("The key id"))
    try:
        public = gaiax.public_jwk(jwk)
    except Exception as exc:  # jwcrypto raises several error types for a bad JWK
        raise DomainError(_("Not a valid JWK: %(e)s") % {"e": exc}, code="invalid_key")
    with transaction.atomic():
        key, created = PinnedKey.objects.get_or_create(
            data_centre=data_centre, kid=kid, defaults={"jwk": public}
        )
        if not created and key.jwk != public:
            raise Conflict(_("Another key is pinned under this id."), code="conflict")
        if created:
            audit_record(
                actor=actor,
                action="compute.key.pin",
                obj=key,
                data={"data_centre": data_centre.code, "kid": kid},
            )
        return key


def credential_add(*, actor, data_centre: DataCentre, kind: str, raw: str) -> Credential:
    if kind not in Credential.Kind.values:
        raise DomainError(_("Unknown credential kind."), code="invalid")
    try:
        parsed = gaiax.credential_parse(raw)
    except gaiax.CredentialFormatError as exc:
        raise DomainError(_("Not a verifiable credential: %(e)s") % {"e": exc}, code="invalid")
    with transaction.atomic():
        credential = Credential.objects.create(
            data_centre=data_centre,
            kind=kind,
            fmt=parsed.fmt,
            raw=raw if isinstance(raw, str) else raw.decode(),
            document=parsed.document,
            credential_id=parsed.credential_id[:500],
            issuer=parsed.issuer[:500],
            valid_from=parsed.valid_from,
            valid_until=parsed.valid_until,
        )
        audit_record(
            actor=actor,
            action="compute.credential.add",
            obj=credential,
            data={"kind": kind, "format": parsed.fmt, "id": parsed.credential_id},
        )
        return credential


def _check(checks: list, credential: str, check: str, passed: bool, detail: str) -> None:
    checks.append({"credential": credential, "check": check, "passed": passed, "detail": detail})


def evidence_checks(*, data_centre: DataCentre, now=None) -> tuple[list[dict], object]:
    """Every check, one row each, and the earliest expiry of the evidence."""
    now = now or timezone.now()
    keys = {k.kid: k.jwk for k in data_centre.keys.all()}
    latest: dict[str, Credential] = {}
    for credential in data_centre.credentials.order_by("pk"):
        latest[credential.kind] = credential  # the newest of each kind counts
    checks: list[dict] = []
    parsed: dict[str, gaiax.ParsedCredential] = {}
    expiry = None
    for kind in REQUIRED_KINDS:
        if kind not in latest:
            _check(checks, kind, "present", False, "missing")
    for kind, credential in latest.items():
        try:
            p = gaiax.credential_parse(credential.raw)
        except gaiax.CredentialFormatError as exc:
            _check(checks, kind, "parse", False, str(exc))
            continue
        parsed[kind] = p
        ok, detail = gaiax.verify_signature(p, keys)
        _check(checks, kind, "signature", ok, detail)
        start, end = p.valid_from, p.valid_until
        valid = (start is None or start <= now) and (end is None or now < end)
        _check(
            checks,
            kind,
            "validity",
            valid,
            f"{start.isoformat() if start else '-'} .. {end.isoformat() if end else 'open'}",
        )
        if end and (expiry is None or end < expiry):
            expiry = end
    compliance = parsed.get(Credential.Kind.COMPLIANCE)
    if compliance:
        entries = gaiax.compliance_entries(compliance)
        for kind in (
            Credential.Kind.PARTICIPANT,
            Credential.Kind.REGISTRATION,
            Credential.Kind.SERVICE_OFFERING,
        ):
            p = parsed.get(kind)
            if p is None:
                continue
            ids = {p.credential_id, gaiax._id(gaiax.subject_of(p))}
            listed = [e for e in entries if e["id"] in ids]
            ok = any(gaiax.integrity_matches(p, e["integrity"]) for e in listed)
            detail = (
                "not listed by the compliance credential"
                if not listed
                else ("hash matches" if ok else "hash differs: the credential was changed")
            )
            _check(checks, kind, "integrity", ok, detail)
    participant = parsed.get(Credential.Kind.PARTICIPANT)
    offering = parsed.get(Credential.Kind.SERVICE_OFFERING)
    if participant:
        participant_id = gaiax._id(gaiax.subject_of(participant))
        if data_centre.participant_id:
            _check(
                checks,
                Credential.Kind.PARTICIPANT,
                "participant_matches",
                participant_id == data_centre.participant_id,
                participant_id,
            )
        if offering:
            provider = gaiax.provided_by(offering)
            _check(
                checks,
                Credential.Kind.SERVICE_OFFERING,
                "provided_by",
                bool(provider) and provider == participant_id,
                f"{provider or '-'} / {participant_id}",
            )
        country = gaiax.country_of(participant)
        _check(
            checks,
            Credential.Kind.PARTICIPANT,
            "location_eu",
            country in gaiax.EU_COUNTRIES,
            country or "no country",
        )
    if offering:
        country = gaiax.country_of(offering)
        if country:
            _check(
                checks,
                Credential.Kind.SERVICE_OFFERING,
                "location_eu",
                country in gaiax.EU_COUNTRIES,
                country,
            )
    _check(
        checks,
        "data_centre",
        "location_eu",
        data_centre.location_country in gaiax.EU_COUNTRIES,
        data_centre.location_country,
    )
    return checks, expiry


def evidence_verify(*, actor=None, data_centre: DataCentre, now=None) -> Verification:
    """Verify all evidence offline, store the result per check, and set the evidence
    status: lapsed suspends new vouchers, expiring warns the data centre."""
    now = now or timezone.now()
    checks, expiry = evidence_checks(data_centre=data_centre, now=now)
    passed = all(c["passed"] for c in checks)
    if not passed:
        status = E.LAPSED
    elif expiry and expiry - now < timedelta(days=EXPIRY_WARNING_DAYS):
        status = E.EXPIRING
    else:
        status = E.VALID
    with transaction.atomic():
        dc = DataCentre.objects.select_for_update().get(pk=data_centre.pk)
        verification = Verification.objects.create(
            data_centre=dc, checked_at=now, passed=passed, checks=checks, expires_at=expiry
        )
        old = dc.evidence_status
        dc.evidence_status, dc.evidence_checked_at, dc.evidence_expires_at = status, now, expiry
        dc.save(update_fields=["evidence_status", "evidence_checked_at", "evidence_expires_at"])
        if old != status:
            audit_record(
                actor=actor,
                action="compute.data_centre.evidence",
                obj=dc,
                old_state=old,
                new_state=status,
                data={"failed": [c for c in checks if not c["passed"]]},
            )
        if status == E.EXPIRING:
            notification_send(
                organisation=dc.organisation,
                kind=f"evidence_expiring:{expiry.date().isoformat()}",
                message=_(
                    "Your Gaia-X evidence expires on %(date)s. Please upload renewed credentials."
                )
                % {"date": expiry.strftime("%d.%m.%Y")},
            )
        elif status == E.LAPSED and old != E.LAPSED:
            notification_send(
                organisation=dc.organisation,
                kind=f"evidence_lapsed:{now.date().isoformat()}",
                message=_(
                    "Your Gaia-X evidence could not be verified; no new vouchers are issued "
                    "for your data centre until it is renewed."
                ),
            )
        data_centre.evidence_status = status
        return verification


def evidence_verify_all(*, now=None) -> list[Verification]:
    return [evidence_verify(data_centre=dc, now=now) for dc in DataCentre.objects.order_by("pk")]
