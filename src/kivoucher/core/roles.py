"""Roles of DESIGN §2 and what each may do in broad strokes.

Object-level access (which company, which data centre) is decided by the
selectors of each domain; these sets only say which kind of person a role is.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    APPLICANT = "applicant", _("Applicant (company)")
    PROVIDER = "provider", _("AI provider")
    DC_OPERATOR = "dc_operator", _("Data-centre operator")
    CASEWORKER = "caseworker", _("Caseworker")
    APPROVER = "approver", _("Approver")
    PROGRAMME_ADMIN = "programme_admin", _("Programme admin")
    AUDITOR = "auditor", _("Auditor")
    BUYER = "buyer", _("Buyer / investor")


STAFF_ROLES = frozenset({Role.CASEWORKER, Role.APPROVER, Role.PROGRAMME_ADMIN, Role.AUDITOR})
# Staff who may change things (the auditor reads everything and changes nothing).
ACTING_STAFF_ROLES = frozenset({Role.CASEWORKER, Role.APPROVER, Role.PROGRAMME_ADMIN})
ORGANISATION_ROLES = frozenset({Role.APPLICANT, Role.PROVIDER, Role.DC_OPERATOR, Role.BUYER})
