"""Line II's grants as origins of recovery cases ("compute_voucher:<code>"): the
company received GPU time, so what it received is the value used up."""

from kivoucher.compute.models import ComputeVoucher
from kivoucher.ledger.selectors import account_balance
from kivoucher.programmes.models import AidAward
from kivoucher.recovery.origins import Origin, origin_register


@origin_register("compute_voucher")
def compute_voucher_origin(code: str) -> Origin | None:
    voucher = (
        ComputeVoucher.objects.select_related("organisation", "call", "programme", "account")
        .filter(code=code)
        .first()
    )
    if voucher is None:
        return None
    references = [f"compute-voucher:{voucher.code}"]
    if voucher.application_id:
        references.insert(0, f"compute-application:{voucher.application_id}")
    award = (
        AidAward.objects.filter(source=AidAward.Source.PLATFORM, reference__in=references)
        .order_by("pk")
        .first()
    )
    return Origin(
        origin=f"compute_voucher:{voucher.code}",
        label=f"{voucher.programme.name} {voucher.code}",
        organisation=voucher.organisation,
        call=voucher.call,
        aid_reference=award.reference if award else "",
        granted=award.amount if award else voucher.value,
        paid=max(voucher.value - account_balance(account=voucher.account), 0),
        url=voucher.get_absolute_url(),
    )
