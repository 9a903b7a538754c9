from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from kivoucher.applications.models import Application, Voucher
from kivoucher.core.home import HomeItem, NavItem
from kivoucher.core.roles import Role
from kivoucher.organizations.selectors import member_organisation_ids


def nav(user) -> list[NavItem]:
    entries = []
    if user.role == Role.APPLICANT:
        entries.append(NavItem(20, _("My applications"), reverse("applications:list")))
    if user.role in (Role.APPLICANT, Role.PROVIDER):
        entries.append(NavItem(30, _("My vouchers"), reverse("applications:vouchers")))
    if user.is_programme_staff:
        entries.append(NavItem(60, _("Applications"), reverse("applications:queue")))
    return entries


def items(user) -> list[HomeItem]:
    result: list[HomeItem] = []
    orgs = member_organisation_ids(user=user)
    if user.role == Role.APPLICANT:
        counts = Application.objects.filter(organisation_id__in=orgs).aggregate(
            info=Count("pk", filter=Q(status=Application.Status.INFO_REQUESTED)),
            drafts=Count("pk", filter=Q(status=Application.Status.DRAFT)),
        )
        info, drafts = counts["info"], counts["drafts"]
        if info:
            result.append(
                HomeItem(
                    _("Answer requests for more information"),
                    reverse("applications:list"),
                    count=info,
                    urgent=True,
                )
            )
        if drafts:
            result.append(
                HomeItem(
                    _("Complete and submit your drafts"), reverse("applications:list"), count=drafts
                )
            )
        result.append(
            HomeItem(
                _("Apply for a KI-Voucher"),
                reverse("applications:new"),
                _("Before your project starts, with an accredited provider of your choice."),
            )
        )
    if user.role in (Role.APPLICANT, Role.PROVIDER):
        active = Voucher.objects.filter(
            Q(application__organisation_id__in=orgs) | Q(application__provider_id__in=orgs),
            status=Voucher.Status.ACTIVE,
        ).count()
        if active:
            result.append(
                HomeItem(
                    _("Active vouchers: submit the proof of use in time"),
                    reverse("applications:vouchers"),
                    count=active,
                )
            )
    if user.role in (Role.CASEWORKER, Role.PROGRAMME_ADMIN):
        waiting = Application.objects.filter(
            status__in=[Application.Status.SUBMITTED, Application.Status.IN_REVIEW]
        ).count()
        result.append(
            HomeItem(_("Review applications"), reverse("applications:queue"), count=waiting)
        )
    if user.role in (Role.APPROVER, Role.PROGRAMME_ADMIN):
        reviewed = Application.objects.filter(status=Application.Status.REVIEWED).count()
        result.append(
            HomeItem(
                _("Decide reviewed applications (four-eyes)"),
                reverse("applications:queue") + "?status=reviewed",
                count=reviewed,
                urgent=bool(reviewed),
            )
        )
    return result
