"""What people have to do next in line II (start page)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from kivoucher.compute import selectors
from kivoucher.compute.models import ComputeApplication, FinalReport, Notification
from kivoucher.core.home import HomeItem, NavItem
from kivoucher.core.roles import Role
from kivoucher.organizations.selectors import member_organisation_ids


def nav(user) -> list[NavItem]:
    if user.role in (Role.APPLICANT, Role.DC_OPERATOR) or user.is_programme_staff:
        return [NavItem(50, _("Compute vouchers"), reverse("compute:overview"))]
    return []


def items(user) -> list[HomeItem]:
    found: list[HomeItem] = []
    overview = reverse("compute:overview")
    if user.may_act_as_staff:
        status = ComputeApplication.Status
        queue = {
            Role.CASEWORKER: [status.SUBMITTED],
            Role.APPROVER: [status.REVIEWED],
            Role.PROGRAMME_ADMIN: [status.EXCEPTION_PENDING, status.SUBMITTED, status.REVIEWED],
        }.get(user.role, [])
        count = ComputeApplication.objects.filter(status__in=queue).count()
        if count:
            found.append(
                HomeItem(_("Compute voucher applications to decide"), overview, count=count)
            )
    if user.sees_everything:
        overdue = selectors.reports_overdue().count()
        if overdue:
            found.append(
                HomeItem(_("Overdue final reports (compute)"), overview, count=overdue, urgent=True)
            )
        return found
    due = (
        selectors.reports_for_user(user=user)
        .filter(status=FinalReport.Status.DUE)
        .values_list("pk", "voucher__code")
    )
    for pk, code in due[:5]:
        found.append(
            HomeItem(
                _("Submit the final report for compute voucher %(code)s") % {"code": code},
                reverse("compute:report", args=[pk]),
                urgent=True,
            )
        )
    notices = Notification.objects.filter(
        organisation_id__in=member_organisation_ids(user=user)
    ).values_list("message", "voucher__code")
    for message, code in notices[:5]:
        url = reverse("compute:voucher", args=[code]) if code else overview
        found.append(HomeItem(message[:120], url))
    if selectors.vouchers_for_user(user=user).exists():
        found.append(HomeItem(_("Your compute vouchers"), overview))
    return found
