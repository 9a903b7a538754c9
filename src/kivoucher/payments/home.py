from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kivoucher.core.home import HomeItem, NavItem
from kivoucher.organizations.selectors import member_organisation_ids
from kivoucher.payments.models import BankDetailsChange
from kivoucher.payments.selectors import payouts_release_queue_count
from kivoucher.payments.services import RELEASERS


def nav(user) -> list[NavItem]:
    if user.sees_everything:
        return [NavItem(62, _("Payouts"), reverse("payments:payouts"))]
    return []


def _release_items(user) -> list[HomeItem]:
    if user.role not in RELEASERS:
        return []
    count = payouts_release_queue_count()
    if not count:
        return []
    return [
        HomeItem(
            title=ngettext(
                "%(count)d payout awaits release",
                "%(count)d payouts await release",
                count,
            )
            % {"count": count},
            url=reverse("payments:payouts"),
            detail=_("A second person releases each payout before it goes to the bank."),
            count=count,
        )
    ]


def items(user) -> list[HomeItem]:
    pending = BankDetailsChange.objects.filter(status=BankDetailsChange.Status.PENDING)
    if user.may_act_as_staff:
        count = pending.count()
        if not count:
            return _release_items(user)
        return _release_items(user) + [
            HomeItem(
                title=ngettext(
                    "%(count)d change of bank details awaits confirmation",
                    "%(count)d changes of bank details await confirmation",
                    count,
                )
                % {"count": count},
                url=reverse("payments:bank_details_changes"),
                detail=_("Payouts to these organisations are held until then."),
                count=count,
                urgent=True,
            )
        ]
    if not user.acts_for_organisation:
        return []
    mine = pending.filter(organisation_id__in=member_organisation_ids(user=user))
    return [
        HomeItem(
            title=_("Change of the bank details of %(name)s awaits confirmation")
            % {"name": change.organisation.name},
            url=reverse("payments:bank_details", args=[change.organisation_id]),
            detail=_("New IBAN: %(iban)s. If you did not ask for it, reject it.")
            % {"iban": change.new_iban or "–"},
            urgent=True,
        )
        for change in mine.select_related("organisation").order_by("pk")
    ]
