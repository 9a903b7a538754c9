"""Line I's grants as origins of recovery cases and receivables ("voucher:<code>")."""

from kivoucher.applications.models import Voucher
from kivoucher.ledger.selectors import money_sum
from kivoucher.payments.models import Payout
from kivoucher.recovery.origins import Origin, origin_register


@origin_register("voucher")
def voucher_origin(code: str) -> Origin | None:
    voucher = (
        Voucher.objects.select_related(
            "application__organisation", "application__call", "application__programme"
        )
        .filter(code=code)
        .first()
    )
    if voucher is None:
        return None
    app = voucher.application
    paid = money_sum(
        Payout.objects.filter(origin=voucher.payout_origin, status=Payout.Status.PAID), "amount"
    )
    return Origin(
        origin=voucher.payout_origin,
        label=f"{app.programme.name} {voucher.code}",
        organisation=app.organisation,
        call=app.call,
        aid_reference=f"application:{app.pk}",
        granted=app.granted_amount if app.granted_amount is not None else voucher.amount,
        paid=paid,
        url=app.get_absolute_url(),
    )
