"""`kivoucher allocate-slots`: evaluate pre-sales past their deadline, count ended
confirmed slots as used, expire hours past their validity, and allocate the open
slot requests of every commissioned offer in the order of sale."""

from django.core.management.base import BaseCommand, CommandError

from kivoucher.core.errors import DomainError
from kivoucher.presale.models import Offer
from kivoucher.presale.scheduling import allocation_run, slots_redeem_past
from kivoucher.presale.services import offer_expire_hours, offers_evaluate_due


class Command(BaseCommand):
    help = "Allocate pre-sale slots in the order of sale (and run the due pre-sale bookkeeping)."

    def add_arguments(self, parser):
        parser.add_argument("--offer", help="only this offer (code)")

    def handle(self, *args, offer=None, **options):
        actor = "system:allocate-slots"
        for evaluated in offers_evaluate_due(actor=actor):
            self.stdout.write(f"{evaluated.code}: deadline passed, now {evaluated.status}")
        offers = Offer.objects.filter(status=Offer.Status.COMMISSIONED).order_by("pk")
        if offer:
            offers = offers.filter(code=offer)
            if not offers.exists():
                raise CommandError(f"No commissioned offer with code {offer!r}.")
        for item in offers:
            try:
                used = slots_redeem_past(actor=actor, offer=item)
                expired = offer_expire_hours(actor=actor, offer=item)
                run = allocation_run(actor=actor, offer=item)
            except DomainError as exc:
                raise CommandError(f"{item.code}: {exc.message}")
            self.stdout.write(
                f"{item.code}: {run.requests} requests, {run.served} served, "
                f"{run.partial} partly, {run.unserved} waiting; {run.unit_hours} unit-hours "
                f"in {run.seconds} s; {used} slots used, {expired} vouchers expired"
            )
        self.stdout.write(self.style.SUCCESS("Allocation done."))
