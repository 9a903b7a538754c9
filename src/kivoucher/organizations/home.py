from django.urls import reverse
from django.utils.translation import gettext as _

from kivoucher.core.home import HomeItem, NavItem
from kivoucher.organizations.models import Organisation
from kivoucher.organizations.selectors import member_organisation_ids


def nav(user) -> list[NavItem]:
    entries = [NavItem(80, _("My data"), reverse("personal-data"))]
    if user.acts_for_organisation:
        entries.append(NavItem(10, _("My organisation"), reverse("organisation-list")))
    return entries


def items(user) -> list[HomeItem]:
    result = []
    if not user.acts_for_organisation:
        return result
    mine = Organisation.objects.filter(pk__in=member_organisation_ids(user=user)).order_by("name")
    for org in mine.only("name", "vat_id", "iban", "federal_state"):
        missing = [
            label
            for label, value in (
                (_("VAT ID"), org.vat_id),
                (_("IBAN"), org.iban),
                (_("federal state"), org.federal_state),
            )
            if not value
        ]
        if missing:
            result.append(
                HomeItem(
                    title=_("Complete the data of %(name)s") % {"name": org.name},
                    url=reverse("organisation-edit", args=[org.pk]),
                    detail=_("Missing: %(fields)s")
                    % {"fields": ", ".join(str(m) for m in missing)},
                    urgent=True,
                )
            )
        else:
            result.append(
                HomeItem(
                    title=_("Company data and eligibility of %(name)s") % {"name": org.name},
                    url=reverse("organisation-detail", args=[org.pk]),
                )
            )
    return result
