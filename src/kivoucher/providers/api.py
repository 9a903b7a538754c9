"""Provider directory (public) and accreditation (/api/v1/providers)."""

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from kivoucher.core.errors import DomainError, NotFound
from kivoucher.core.uploads import upload_check
from kivoucher.organizations.selectors import organisation_of_user
from kivoucher.programmes.models import Programme, ProjectCategory
from kivoucher.providers import services
from kivoucher.providers.selectors import (
    accreditation_get_for_user,
    accreditations_for_user,
    directory_entry_get,
    provider_directory,
)

router = Router()


class DirectoryOut(Schema):
    id: int = Field(description="The directory entry (GET /api/v1/providers/{id}).")
    organisation_id: int = Field(
        description="The provider's organisation: the `provider` of an application."
    )
    name: str
    city: str
    federal_state: str
    website: str
    description: str
    competences: list[str]
    categories: list[str]
    programme: str
    valid_until: date


class AccreditationOut(Schema):
    id: int
    organisation: int
    organisation_name: str
    programme: str
    status: str
    answers: dict
    competences: list[str]
    categories: list[str]
    description: str
    submitted_at: datetime
    decided_at: datetime | None
    reason: str
    valid_from: date | None
    valid_until: date | None
    annual_cap: Decimal | None
    evidence: list[str]


class AccreditationDecisionIn(Schema):
    model_config = {"extra": "forbid"}
    approve: bool
    reason: str = Field("", max_length=5_000)
    annual_cap: str | None = Field(None, max_length=40)


class RevokeIn(Schema):
    model_config = {"extra": "forbid"}
    reason: str = Field(max_length=5_000)


def _entry(acc) -> dict:
    org = acc.organisation
    return {
        "id": acc.pk,
        "organisation_id": org.pk,
        "name": org.name,
        "city": org.city,
        "federal_state": org.federal_state,
        "website": acc.website_link,
        "description": acc.description,
        "competences": acc.competence_list,
        "categories": [c.code for c in acc.categories.all()],
        "programme": acc.programme.code,
        "valid_until": acc.valid_until,
    }


def _acc(acc) -> dict:
    return {
        "id": acc.pk,
        "organisation": acc.organisation_id,
        "organisation_name": acc.organisation.name,
        "programme": acc.programme.code,
        "status": acc.status,
        "answers": acc.answers,
        "competences": acc.competence_list,
        "categories": [c.code for c in acc.categories.all()],
        "description": acc.description,
        "submitted_at": acc.submitted_at,
        "decided_at": acc.decided_at,
        "reason": acc.reason,
        "valid_from": acc.valid_from,
        "valid_until": acc.valid_until,
        "annual_cap": acc.annual_cap,
        "evidence": [e.original_name for e in acc.evidence.all()],
    }


@router.get("", response=list[DirectoryOut], auth=None, summary="Directory of accredited providers")
def directory(
    request, federal_state: str = "", competence: str = "", category: str = "", q: str = ""
):
    qs = provider_directory(
        federal_state=federal_state, competence=competence, category=category, q=q
    )
    return [_entry(a) for a in qs[:500]]


@router.get("/accreditations", response=list[AccreditationOut])
def list_accreditations(request, status: str = ""):
    qs = accreditations_for_user(user=request.user).prefetch_related("categories", "evidence")
    if status:
        qs = qs.filter(status=status)
    return [_acc(a) for a in qs[:500]]


@router.post(
    "/accreditations",
    response={201: AccreditationOut},
    summary="Apply for accreditation (multipart: fields and evidence files)",
)
def apply(
    request,
    programme: Annotated[str, Form(max_length=200)],
    description: Annotated[str, Form(max_length=10_000)],
    competences: Annotated[str, Form(max_length=2_000)],
    answers: Annotated[str, Form(max_length=20_000)] = "{}",
    categories: Annotated[str, Form(max_length=2_000)] = "",
    website: Annotated[str, Form(max_length=200)] = "",
    evidence: File[list[UploadedFile]] = None,
):
    prog = Programme.objects.filter(code=programme).first()
    if prog is None:
        raise NotFound("Programme not found.")
    org = organisation_of_user(user=request.user)
    if org is None:
        raise DomainError("You act for no organisation.")
    try:
        parsed = json.loads(answers)
        assert isinstance(parsed, dict)
    except (ValueError, AssertionError):
        raise DomainError("`answers` must be a JSON object {criterion: true|false}.")
    cats = list(
        ProjectCategory.objects.filter(
            programme=prog, code__in=[c for c in categories.split(",") if c]
        )
    )
    checked = [upload_check(f) for f in (evidence or [])]
    acc = services.accreditation_apply(
        actor=request.user,
        organisation=org,
        programme=prog,
        answers=parsed,
        competences=[c.strip() for c in competences.split(",") if c.strip()],
        categories=cats,
        description=description,
        website=website,
        evidence=checked,
    )
    return Status(201, _acc(acc))


@router.get("/accreditations/{acc_id}", response=AccreditationOut)
def get_accreditation(request, acc_id: int):
    return _acc(accreditation_get_for_user(user=request.user, pk=acc_id))


@router.post("/accreditations/{acc_id}/decision", response=AccreditationOut)
def decide(request, acc_id: int, payload: AccreditationDecisionIn):
    acc = accreditation_get_for_user(user=request.user, pk=acc_id)
    return _acc(
        services.accreditation_decide(actor=request.user, accreditation=acc, **payload.dict())
    )


@router.post("/accreditations/{acc_id}/revoke", response=AccreditationOut)
def revoke(request, acc_id: int, payload: RevokeIn):
    acc = accreditation_get_for_user(user=request.user, pk=acc_id)
    return _acc(
        services.accreditation_revoke(actor=request.user, accreditation=acc, reason=payload.reason)
    )


@router.get("/accreditations/{acc_id}/evidence/{evidence_id}", summary="An evidence file")
def evidence_file(request, acc_id: int, evidence_id: int):
    doc = (
        accreditation_get_for_user(user=request.user, pk=acc_id)
        .evidence.filter(pk=evidence_id)
        .first()
    )
    if doc is None:
        raise NotFound("Evidence not found.")
    return doc.response()


@router.get("/{entry_id}", response=DirectoryOut, auth=None, summary="One directory entry")
def directory_entry(request, entry_id: int):
    return _entry(directory_entry_get(pk=entry_id))
