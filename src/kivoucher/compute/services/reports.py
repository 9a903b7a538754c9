"""The short final report after a voucher is used up or expired: pre-filled with
the metered usage, reminded, overdue reports listed for staff."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kivoucher.compute.models import ComputeVoucher, FinalReport
from kivoucher.compute.selectors import final_report_is_own
from kivoucher.compute.services.notify import notification_send
from kivoucher.core.audit import audit_record
from kivoucher.core.errors import Conflict, DomainError, PermissionDenied
from kivoucher.core.money import ZERO
from kivoucher.core.workflow import transition

REPORT_DUE_DAYS = 56
REMINDER_EVERY_DAYS = 14


def usage_summary(voucher: ComputeVoucher) -> dict:
    rows = (
        voucher.usage.values("resource")
        .annotate(quantity=Sum("quantity"), charged=Sum("charged"), records=Count("pk"))
        .order_by("resource")
    )
    return {
        "value": str(voucher.value),
        "resources": [
            {
                "resource": r["resource"],
                "quantity": format(r["quantity"].normalize(), "f"),
                "charged": f"{r['charged']:.2f}",
                "records": r["records"],
            }
            for r in rows
        ],
        "charged": f"{sum((r['charged'] for r in rows), ZERO):.2f}",
    }


def final_report_open(*, voucher: ComputeVoucher) -> FinalReport:
    with transaction.atomic():
        report, created = FinalReport.objects.get_or_create(
            voucher=voucher,
            defaults={
                "due_on": timezone.localdate() + timedelta(days=REPORT_DUE_DAYS),
                "usage_summary": usage_summary(voucher),
            },
        )
        if created:
            audit_record(
                actor=None, action="compute.final_report.open", obj=report, new_state=report.status
            )
            notification_send(
                organisation=voucher.organisation,
                kind="final_report_due",
                voucher=voucher,
                message=_(
                    "Please submit the short final report for compute voucher %(code)s by %(due)s."
                )
                % {"code": voucher.code, "due": report.due_on.strftime("%d.%m.%Y")},
            )
        return report


def final_report_submit(*, actor, report: FinalReport, text: str) -> FinalReport:
    """The company's own people submit its report (`final_report_is_own`)."""
    if not final_report_is_own(user=actor, report=report):
        raise PermissionDenied(_("Only the company submits its report."))
    text = (text or "").strip()
    if len(text) < 20:
        raise DomainError(
            _("Please write a few sentences (at least 20 characters)."), code="too_short"
        )
    with transaction.atomic():
        report = FinalReport.objects.select_for_update().get(pk=report.pk)
        if report.status != FinalReport.Status.DUE:
            raise Conflict(_("The report was already submitted."), code="invalid_transition")
        return transition(
            report,
            FinalReport.Status.SUBMITTED,
            actor=actor,
            locked=True,
            fields={
                "usage_summary": usage_summary(report.voucher),
                "text": text,
                "submitted_at": timezone.now(),
                "submitted_by": actor,
            },
        )


def final_reports_remind(*, today=None) -> int:
    """Remind every company whose report is due within a week or overdue, every 14 days."""
    from kivoucher.core.mail import mail_send
    from kivoucher.organizations.models import Membership

    today = today or timezone.localdate()
    now = timezone.now()
    sent = 0
    reports = FinalReport.objects.filter(
        status=FinalReport.Status.DUE, due_on__lte=today + timedelta(days=7)
    ).select_related("voucher__organisation")
    for report in reports:
        last = report.last_reminder_at
        if last and (now - last) < timedelta(days=REMINDER_EVERY_DAYS):
            continue
        with transaction.atomic():
            FinalReport.objects.filter(pk=report.pk).update(
                reminders_sent=report.reminders_sent + 1, last_reminder_at=now
            )
            audit_record(
                actor=None,
                action="compute.final_report.remind",
                obj=report,
                data={"due_on": report.due_on.isoformat(), "overdue": report.due_on < today},
            )
            # stored with the reminder mark: a crash cannot mark it sent without its mail
            mail_send(
                subject=_("Reminder: final report for compute voucher %(code)s")
                % {"code": report.voucher.code},
                body=_("The final report is due on %(due)s.")
                % {"due": report.due_on.strftime("%d.%m.%Y")},
                to=list(
                    Membership.objects.filter(organisation=report.voucher.organisation)
                    .exclude(user__email="")
                    .values_list("user__email", flat=True)
                ),
            )
        sent += 1
    return sent
