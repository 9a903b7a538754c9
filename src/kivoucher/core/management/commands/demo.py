"""`kivoucher demo`: realistic demo data for every role and line; idempotent."""

from django.core.management.base import BaseCommand

from kivoucher.core.registry import optional_module

# The order matters: later parts build on the objects of earlier ones.
DEMO_MODULES = [
    "kivoucher.core.demo",
    "kivoucher.organizations.demo",
    "kivoucher.programmes.demo",
    "kivoucher.providers.demo",
    "kivoucher.applications.demo",
    "kivoucher.projects.demo",
    "kivoucher.compute.demo",
    # before the pre-sale: its paid purchases are invoiced as they are paid
    "kivoucher.invoicing.demo",
    "kivoucher.presale.demo",
    "kivoucher.payments.demo",
    "kivoucher.reporting.demo",
    "kivoucher.publicpages.demo",
]


def load_demo(stdout=None) -> dict:
    ctx: dict = {}
    for name in DEMO_MODULES:
        module = optional_module(name)
        if module is None:
            continue
        module.load(ctx)
        if stdout:
            stdout.write(f"  {name.split('.')[1]}: ok")
    return ctx


class Command(BaseCommand):
    help = "Load the demo data (idempotent: running it twice changes nothing)."

    def handle(self, *args, **options):
        load_demo(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is loaded."))
