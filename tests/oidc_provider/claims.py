"""The directory's claims: standard ones from the user, the staff roles from the
user's groups (in the ID token and the user-info answer, as a list "roles")."""


def roles_of(user) -> list[str]:
    return sorted(user.groups.values_list("name", flat=True))


def userinfo(claims, user):
    claims["given_name"] = user.first_name
    claims["family_name"] = user.last_name
    claims["name"] = f"{user.first_name} {user.last_name}".strip()
    claims["preferred_username"] = user.username
    claims["email"] = user.email
    claims["email_verified"] = True
    claims["roles"] = roles_of(user)
    return claims


def id_token_roles(id_token, user=None, **kwargs):
    id_token["roles"] = roles_of(user)
    return id_token
