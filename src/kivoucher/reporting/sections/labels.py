"""Display names of the codes the reporting groups by."""

from django.utils.translation import gettext_lazy as _

from kivoucher.organizations.models import FederalState
from kivoucher.programmes.models import SizeClass

# NACE Rev. 2 sections (the letter in front of an organisation's sector code).
NACE_SECTIONS = {
    "A": _("Agriculture, forestry and fishing"),
    "B": _("Mining and quarrying"),
    "C": _("Manufacturing"),
    "D": _("Energy supply"),
    "E": _("Water supply, waste management"),
    "F": _("Construction"),
    "G": _("Wholesale and retail trade"),
    "H": _("Transportation and storage"),
    "I": _("Accommodation and food service"),
    "J": _("Information and communication"),
    "K": _("Financial and insurance activities"),
    "L": _("Real estate activities"),
    "M": _("Professional, scientific and technical activities"),
    "N": _("Administrative and support service activities"),
    "O": _("Public administration"),
    "P": _("Education"),
    "Q": _("Human health and social work"),
    "R": _("Arts, entertainment and recreation"),
    "S": _("Other service activities"),
    "T": _("Households as employers"),
    "U": _("Extraterritorial organisations"),
}


def state_label(code: str) -> str:
    return FederalState(code).label if code in FederalState.values else str(_("not stated"))


def size_label(code: str) -> str:
    return str(SizeClass(code).label) if code in SizeClass.values else str(_("not stated"))


def sector_label(code: str) -> str:
    code = (code or "").upper()
    return f"{code} – {NACE_SECTIONS[code]}" if code in NACE_SECTIONS else str(_("not stated"))
