"""Demo users (DESIGN §6): one per role, with development passwords."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from kivoucher.core.models import User
from kivoucher.core.roles import Role
from kivoucher.core.twofactor import totp_device_demo, two_factor_required

# user name -> (role, first name, last name, is_staff (admin site), is_superuser)
DEMO_USERS = {
    "applicant": (Role.APPLICANT, "Anna", "Müller", False, False),
    "provider": (Role.PROVIDER, "Paul", "Neumann", False, False),
    "dc-operator": (Role.DC_OPERATOR, "Dana", "Schulz", False, False),
    "caseworker": (Role.CASEWORKER, "Karl", "Weber", True, False),
    "approver": (Role.APPROVER, "Almut", "Fischer", True, False),
    "admin": (Role.PROGRAMME_ADMIN, "Adrian", "Becker", True, True),
    "auditor": (Role.AUDITOR, "Ute", "Hoffmann", True, False),
    "buyer": (Role.BUYER, "Bernd", "Koch", False, False),
}


def demo_password(username: str) -> str:
    """Development passwords only; `make run` is not a production server."""
    return f"{username}-demo"


def load(ctx: dict) -> None:
    with transaction.atomic():
        for username, (role, first, last, is_staff, is_superuser) in DEMO_USERS.items():
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(
                    username=username,
                    role=role,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@demo.ki-voucher.example",
                    is_staff=is_staff,
                    is_superuser=is_superuser,
                )
                user.set_password(demo_password(username))
                user.save()
            if user.email:
                # Confirmed, so that password reset and sign-in by e-mail work.
                EmailAddress.objects.get_or_create(
                    user=user, email=user.email, defaults={"verified": True, "primary": True}
                )
            if two_factor_required(user):
                # Fixed development seed, see README.md (`kivoucher totp-code`).
                totp_device_demo(user=user)
            ctx[username] = user
        readers = staff_readers_group()
        for username in ("caseworker", "approver", "auditor"):
            ctx[username].groups.add(readers)


def staff_readers_group() -> Group:
    """Read-only access to the Django admin: staff change things only through the
    purpose-built pages, whose services enforce the rules (four eyes, budgets)."""
    group, _created = Group.objects.get_or_create(name="Programme staff (read-only admin)")
    view = Permission.objects.filter(codename__startswith="view_")
    if group.permissions.count() != view.count():
        group.permissions.set(view)
    return group
