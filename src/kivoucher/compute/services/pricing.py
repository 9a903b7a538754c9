"""Publishing versioned price lists per data centre; usage is priced with the version
valid at the record's end time (`selectors.price_book`)."""

from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kivoucher.compute.models import DataCentre, PriceItem, PriceListVersion, Unit
from kivoucher.core.audit import audit_record
from kivoucher.core.errors import DomainError

# PriceItem.price holds 12 digits, four of them decimals.
MAX_PRICE = Decimal("1e8")


def _price(value) -> Decimal:
    if isinstance(value, float):
        raise DomainError(_("Prices are decimal strings, not floats."), code="invalid_price")
    try:
        price = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise DomainError(_("A price is not a number."), code="invalid_price")
    if price.is_finite() and price >= MAX_PRICE:
        raise DomainError(
            _("A price must be below %(max)s EUR per unit.")
            % {"max": number_format(MAX_PRICE, 0, force_grouping=True)},
            code="invalid_price",
        )
    if not price.is_finite() or price < 0 or price != price.quantize(Decimal("0.0001")):
        raise DomainError(
            _("A price must be a non-negative amount with at most four decimals."),
            code="invalid_price",
        )
    return price


def price_list_publish(
    *, actor, data_centre: DataCentre, items: list[dict], valid_from: datetime | None = None
) -> PriceListVersion:
    """Publish a new version: `items` are {"resource", "unit", "price", "slurm_tres"}."""
    valid_from = valid_from or timezone.now()
    if not items:
        raise DomainError(_("A price list needs at least one price."), code="invalid_price_list")
    seen = set()
    cleaned = []
    for item in items:
        resource = str(item.get("resource", "")).strip().lower()
        if not resource or resource in seen:
            raise DomainError(
                _("Each resource must be named once: %(r)s") % {"r": resource},
                code="invalid_price_list",
            )
        if item.get("unit") not in Unit.values:
            raise DomainError(
                _("Unknown unit %(u)s.") % {"u": item.get("unit")}, code="invalid_price_list"
            )
        seen.add(resource)
        cleaned.append(
            PriceItem(
                resource=resource,
                unit=item["unit"],
                price=_price(item.get("price")),
                slurm_tres=str(item.get("slurm_tres", "")).strip(),
            )
        )
    with transaction.atomic():
        DataCentre.objects.select_for_update().filter(pk=data_centre.pk).first()
        last = data_centre.price_versions.aggregate(v=Max("version"))["v"] or 0
        version = PriceListVersion.objects.create(
            data_centre=data_centre, version=last + 1, valid_from=valid_from
        )
        for item in cleaned:
            item.price_list = version
            item.full_clean()
        PriceItem.objects.bulk_create(cleaned)
        audit_record(
            actor=actor,
            action="compute.price_list.publish",
            obj=version,
            new_state=f"v{version.version}",
            data={
                "valid_from": valid_from.isoformat(),
                "items": [
                    {"resource": i.resource, "unit": i.unit, "price": str(i.price)} for i in cleaned
                ],
            },
        )
        return version
