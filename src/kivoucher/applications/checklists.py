"""The review checklists: what a caseworker confirms before recommending a decision.

Plain data, read by the review service, the review form and the pages and API
answers that show a review to the approver.
"""

from django.utils.translation import gettext_noop

# The review checklist of line I: each item must be answered, and all of them be
# satisfied for a recommendation to approve; the score is separate.
# Other lines register theirs in CHECKLISTS under their programme line.
CHECKLIST = {
    "company_data_plausible": gettext_noop("Company data and size class plausible"),
    "project_innovative": gettext_noop(
        "Project is an AI project of the annex and new for the company"
    ),
    "costs_plausible": gettext_noop("Planned costs plausible and eligible"),
    "provider_suitable": gettext_noop("Provider suitable for the project"),
    "timeline_realistic": gettext_noop("Timeline realistic within the voucher validity"),
}


CHECKLISTS: dict[str, dict[str, str]] = {"project": CHECKLIST}


def checklist_for(programme) -> dict[str, str]:
    return CHECKLISTS.get(programme.line, CHECKLIST)
