"""`kivoucher demo`: realistic demo data for every role and line; idempotent."""

from importlib import import_module

from django.core.management.base import BaseCommand

# The order matters: later parts build on the objects of earlier ones.
DEMO_MODULES = [
    "kivoucher.core.demo",
    "kivoucher.organizations.demo",
    "kivoucher.programmes.demo",
    "kivoucher.providers.demo",
    "kivoucher.applications.demo",
    "kivoucher.projects.demo",
    "kivoucher.compute.demo",
    "kivoucher.presale.demo",
    "kivoucher.payments.demo",
    "kivoucher.reporting.demo",
]


def load_demo(stdout=None) -> dict:
    ctx: dict = {}
    for name in DEMO_MODULES:
        try:
            module = import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
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
