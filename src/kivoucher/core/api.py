from ninja import Router, Schema

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
