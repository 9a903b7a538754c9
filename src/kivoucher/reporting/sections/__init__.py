"""The registry of dashboard sections: built-in ones and those a programme line
contributes in `kivoucher/<app>/reporting.py` (`SECTIONS = [...]`)."""

from importlib import import_module

from django.apps import apps

from kivoucher.reporting.sections.base import Section, SectionResult


def builtin_sections() -> list[Section]:
    from kivoucher.reporting.sections.awards import AwardsSection
    from kivoucher.reporting.sections.budget import BudgetSection
    from kivoucher.reporting.sections.compute import ComputeSection
    from kivoucher.reporting.sections.deminimis import DeMinimisSection
    from kivoucher.reporting.sections.funnel import FunnelSection
    from kivoucher.reporting.sections.payouts import PayoutsSection
    from kivoucher.reporting.sections.presale import PresaleSection

    return [
        BudgetSection(),
        FunnelSection(),
        AwardsSection(),
        DeMinimisSection(),
        PayoutsSection(),
        ComputeSection(),
        PresaleSection(),
    ]


def contributed_sections() -> list[Section]:
    out: list[Section] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("kivoucher.") or config.name == "kivoucher.reporting":
            continue
        try:
            module = import_module(f"{config.name}.reporting")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.reporting":
                raise
            continue
        out.extend(getattr(module, "SECTIONS", []))
    return out


def sections_all() -> list[Section]:
    by_key = {s.key: s for s in builtin_sections()}
    for section in contributed_sections():
        by_key[section.key] = section
    return sorted(by_key.values(), key=lambda s: (s.order, s.key))


__all__ = ["Section", "SectionResult", "sections_all"]
