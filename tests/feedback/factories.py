"""Feedback tickets for tests, made through the service as a report would be."""

from itertools import count

from kivoucher.feedback import services, spam

_ADDRESSES = count(1)


def ticket_report(
    *,
    email: str = "erika@example.org",
    name: str = "Erika Muster",
    address: str | None = None,
    page: str = "/calls/",
    description: str = "The table of calls cannot be read with my screen reader.",
):
    return services.ticket_create(
        page=page,
        description=description,
        name=name,
        email=email,
        assistive_technology="NVDA 2024.1 with Firefox",
        language="de",
        # Each from its own address unless told (the rate limit counts per address).
        client_hash=spam.client_hash(address or f"2001:db8::{next(_ADDRESSES):x}"),
    )
