from django.http import HttpResponse
from ninja import Router, Schema

from kivoucher.core.gdpr import organisation_export_zip
from kivoucher.organizations.selectors import organisation_get_for_user

router = Router()


class MeOut(Schema):
    username: str
    role: str
    is_staff_role: bool
    organisations: list[dict]


@router.get("/me", response=MeOut, summary="The signed-in user, its role and organisations")
def me(request):
    user = request.user
    return {
        "username": user.username,
        "role": user.role,
        "is_staff_role": user.is_programme_staff,
        "organisations": [
            {"id": m.organisation_id, "name": m.organisation.name, "kind": m.organisation.kind}
            for m in user.memberships.select_related("organisation")
        ],
    }


@router.get(
    "/organisations/{org_id}/export",
    summary="All data of an organisation as a zip (GDPR export)",
    response={200: None},
    openapi_extra={
        "responses": {
            200: {
                "description": "organisation.json with every record, and uploaded files",
                "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def export_organisation(request, org_id: int):
    organisation = organisation_get_for_user(user=request.user, pk=org_id)
    response = HttpResponse(
        organisation_export_zip(organisation=organisation), content_type="application/zip"
    )
    response["Content-Disposition"] = f'attachment; filename="organisation-{org_id}-data.zip"'
    return response
