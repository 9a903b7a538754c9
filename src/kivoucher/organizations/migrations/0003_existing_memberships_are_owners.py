"""Every membership made before roles existed could do everything a member can: it
becomes an owner (the role that keeps all of it)."""

from django.db import migrations


def owners(apps, schema_editor):
    Membership = apps.get_model("organizations", "Membership")
    Membership.objects.exclude(role="owner").update(role="owner")


class Migration(migrations.Migration):
    dependencies = [("organizations", "0002_membership_roles_invitations_join_requests")]

    operations = [migrations.RunPython(owners, migrations.RunPython.noop)]
