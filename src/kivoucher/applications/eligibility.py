"""The applicant's eligibility check: every rule, its figures and why it passed.

The company rules come from the programme's rule set
(`programmes.eligibility`); this module adds the rules of the application
itself: the declarations, the chosen provider, the category, costs and dates.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from kivoucher.applications.models import Application
from kivoucher.core.money import ZERO, format_eur, round_money
from kivoucher.core.texts import Joined, Text
from kivoucher.organizations.selectors import organisations_are_linked
from kivoucher.programmes.deminimis import de_minimis_check
from kivoucher.programmes.eligibility import RULE_HELP, Rule, eligibility_check, grant_amount
from kivoucher.providers.selectors import accreditation_active

LINK_REASONS = {
    "ownership": gettext_noop("ownership links"),
    "shared_owner": gettext_noop("a shared owner"),
    "shared_director": gettext_noop("a shared managing director"),
    "declared": gettext_noop("declared business ties"),
}


# What each rule of the application means and what to do when it is not met, in
# plain words (the company rules have theirs in `programmes.eligibility.RULE_HELP`).
APPLICATION_RULE_HELP: dict[str, str] = {
    "sme_declared": gettext_noop(
        "Confirm in the form that your company is a small or medium-sized enterprise "
        "(SME) and that the figures in your company profile are correct."
    ),
    "de_minimis_declared": gettext_noop(
        "De-minimis aid is small public aid, such as grants, cheap loans or guarantees "
        "from the federal government, a state, a municipality or a development bank. "
        "List every such aid of the last three years under “Earlier de-minimis aid”, then "
        "confirm in the form that the list is complete. The letter that granted an aid "
        "says whether it was de-minimis aid."
    ),
    "de_minimis_ceiling": gettext_noop(
        "A company, together with the companies linked to it, may receive only a limited "
        "amount of de-minimis aid within three years (the ceiling). Earlier aid and this "
        "voucher are added up. If the ceiling would be exceeded, lower the planned costs "
        "so that the grant fits, or apply later, when older aid has dropped out of the "
        "three years."
    ),
    "provider_chosen": gettext_noop(
        "Choose the provider who will carry out your project. Only providers accredited "
        "for this programme can be chosen; the provider directory lists them."
    ),
    "provider_accredited": gettext_noop(
        "The provider must be accredited for this programme, that is checked and admitted "
        "by the funding agency. If the accreditation has run out or was revoked, ask the "
        "provider about it or choose another provider from the provider directory."
    ),
    "provider_independent": gettext_noop(
        "Your company and the provider must be independent of each other: no shares in "
        "each other, no shared owner or managing director, no other close business ties. "
        "If there is such a tie, choose another provider. If you described a tie by "
        "mistake, empty the field on business ties with the provider or write “none”."
    ),
    "category_eligible": gettext_noop(
        "Only projects in one of the categories in the annex of the funding guideline can "
        "be funded. Choose the category in the form that best describes your project."
    ),
    "description_given": gettext_noop(
        "Give the project a title and describe in a few sentences what the provider will "
        "build and what it is for (at least 20 characters). The review is based on this "
        "description."
    ),
    "costs_within_cap": gettext_noop(
        "Enter the planned eligible costs of the project (more than zero). The grant is a "
        "share of these costs up to a maximum amount; the figures show up to which costs "
        "it reaches. If your costs are higher, enter at most that amount: costs above it "
        "are not funded and your company pays them itself."
    ),
    "not_started": gettext_noop(
        "Only projects that have not started yet can be funded. Do not place the order "
        "with the provider before the approval. Enter a planned start after today and an "
        "end after the start."
    ),
    "call_open": gettext_noop(
        "Applications can be submitted only while the call is open. If it has closed, "
        "look out for the next call in the list of calls."
    ),
}

# Every rule's help by its code: the company rules and the rules of the application.
ALL_RULE_HELP: dict[str, str] = RULE_HELP | APPLICATION_RULE_HELP


def rule_help(rule) -> str:
    """What a rule means, in the reader's language: a rule checked now (`Rule`) or one
    stored with a submitted application (a dict), looked up by its code."""
    code = rule.get("code") if isinstance(rule, dict) else getattr(rule, "code", None)
    msgid = ALL_RULE_HELP.get(code or "")
    return gettext(msgid) if msgid else ""


@dataclass
class ApplicationCheck:
    size_class: str
    grant: Decimal
    rules: list[Rule]
    de_minimis: dict

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.rules)

    @property
    def failed_rules(self) -> list[Rule]:
        return [r for r in self.rules if not r.passed]

    def as_dict(self, *, with_help: bool = False) -> dict:
        return {
            "passed": self.passed,
            "size_class": self.size_class,
            "grant": str(self.grant),
            "rules": [r.as_dict(with_help=with_help) for r in self.rules],
            "de_minimis": self.de_minimis,
        }


def max_eligible_costs(programme, size_class: str) -> Decimal | None:
    rate = programme.rate_for(size_class)
    return round_money(programme.max_grant / rate) if rate else None


# Answers that mean "no ties" when typed into the description of business ties
# (German and English), compared without case, spaces and trailing punctuation.
NO_TIES_ANSWERS = frozenset(
    {
        "",
        "-",
        "--",
        "–",
        "—",
        "/",
        "keine",
        "keine vorhanden",
        "keine verflechtungen",
        "keine beziehungen",
        "nicht vorhanden",
        "nein",
        "entfällt",
        "none",
        "no",
        "no ties",
        "n/a",
        "n.a",
        "na",
    }
)


def ties_declared(text: str) -> bool:
    """Whether the applicant's answer on business ties with the provider declares a tie:
    any description does, an empty answer or one meaning "none" ("Keine", "-") does not."""
    normal = re.sub(r"\s+", " ", (text or "").strip().casefold()).rstrip(".!")
    return normal.strip() not in NO_TIES_ANSWERS


def link_reasons(application: Application) -> list[str]:
    if application.provider is None:
        return []
    reasons = organisations_are_linked(a=application.organisation, b=application.provider)
    if ties_declared(application.declared_ties):
        reasons.append("declared")
    return reasons


def _rule(code, label: Text, passed, explanation: Text | Joined, **figures) -> Rule:
    return Rule(
        code=code,
        label=label,
        passed=bool(passed),
        figures=figures,
        explanation=explanation,
        help=Text(APPLICATION_RULE_HELP[code]),
    )


def _provider_rules(app: Application) -> list[Rule]:
    if app.provider is None:
        return [
            _rule(
                "provider_chosen",
                Text(gettext_noop("Accredited provider chosen")),
                False,
                Text(gettext_noop("No provider chosen.")),
            )
        ]
    acc = accreditation_active(organisation=app.provider, programme=app.programme)
    rules = [
        _rule(
            "provider_accredited",
            Text(gettext_noop("Provider accredited for the programme")),
            acc is not None,
            Text(
                gettext_noop("%(name)s is accredited until %(date)s."),
                name=app.provider.name,
                date=acc.valid_until.strftime("%d.%m.%Y"),
            )
            if acc
            else Text(
                gettext_noop("%(name)s has no valid accreditation for this programme."),
                name=app.provider.name,
            ),
            provider=app.provider.name,
        )
    ]
    reasons = link_reasons(app)
    rules.append(
        _rule(
            "provider_independent",
            Text(gettext_noop("Provider independent of the applicant")),
            not reasons,
            Text(gettext_noop("No ownership links, shared directors or declared ties."))
            if not reasons
            else Text(
                gettext_noop("The provider is linked to the applicant: %(reasons)s."),
                reasons=Joined(Text(LINK_REASONS[r]) for r in reasons),
            ),
            reasons=reasons,
        )
    )
    return rules


def _project_rules(app: Application, size_class: str) -> list[Rule]:
    programme = app.programme
    today = timezone.localdate()
    rules = [
        _rule(
            "category_eligible",
            Text(gettext_noop("Project category from the annex")),
            app.category is not None
            and app.category.active
            and app.category.programme_id == programme.pk,
            Text(gettext_noop("Category: %(name)s."), name=app.category.name)
            if app.category
            else Text(gettext_noop("No category chosen.")),
        ),
        _rule(
            "description_given",
            Text(gettext_noop("Project described")),
            len(app.title.strip()) >= 3 and len(app.description.strip()) >= 20,
            Text(gettext_noop("Title and a description of at least 20 characters are needed.")),
        ),
    ]
    limit = max_eligible_costs(programme, size_class)
    costs_ok = app.planned_costs > 0 and (limit is None or app.planned_costs <= limit)
    rules.append(
        _rule(
            "costs_within_cap",
            Text(gettext_noop("Planned eligible costs positive and within the cap")),
            costs_ok,
            Text(
                gettext_noop(
                    "Planned costs %(costs)s; at a rate of %(rate)s %% the grant cap of %(cap)s "
                    "covers eligible costs up to %(limit)s."
                ),
                costs=format_eur(app.planned_costs),
                rate=round(programme.rate_for(size_class) * 100),
                cap=format_eur(programme.max_grant),
                limit=format_eur(limit or ZERO),
            ),
            costs=str(app.planned_costs),
            limit=str(limit),
        )
    )
    start_ok = app.planned_start is not None and app.planned_start > today
    end_ok = (
        app.planned_end is not None
        and app.planned_start is not None
        and (app.planned_end > app.planned_start)
    )
    rules.append(
        _rule(
            "not_started",
            Text(gettext_noop("Project has not started (start after the application)")),
            start_ok and end_ok,
            Text(
                gettext_noop(
                    "Planned %(start)s to %(end)s; the project may only start after approval."
                ),
                start=app.planned_start.strftime("%d.%m.%Y") if app.planned_start else "–",
                end=app.planned_end.strftime("%d.%m.%Y") if app.planned_end else "–",
            ),
        )
    )
    now = timezone.now()
    call = app.call
    rules.append(
        _rule(
            "call_open",
            Text(gettext_noop("Call open for applications")),
            call.opens_at <= now < call.closes_at and call.programme_id == programme.pk,
            Text(
                gettext_noop("%(call)s is open until %(date)s."),
                call=call.name,
                date=timezone.localtime(call.closes_at).strftime("%d.%m.%Y"),
            ),
        )
    )
    return rules


def _declaration_rules(app: Application, grant: Decimal) -> tuple[list[Rule], dict]:
    rules = [
        _rule(
            "sme_declared",
            Text(gettext_noop("SME declaration")),
            app.sme_declared,
            Text(gettext_noop("Declared by the applicant."))
            if app.sme_declared
            else Text(gettext_noop("The SME declaration is missing.")),
        ),
        _rule(
            "de_minimis_declared",
            Text(gettext_noop("De-minimis declaration (earlier aid)")),
            app.de_minimis_declared,
            Text(gettext_noop("The applicant declared all de-minimis aid of the last three years."))
            if app.de_minimis_declared
            else Text(gettext_noop("The de-minimis declaration is missing.")),
        ),
    ]
    check = de_minimis_check(
        programme=app.programme,
        organisation=app.organisation,
        amount=grant,
        decision_date=timezone.localdate(),
        exclude_reference=f"application:{app.pk}",
    )
    declared = sum((a.amount for a in app.declared_aid.all()), ZERO)
    # Declared aid counts once it is in the grant register (from submission on).
    registered = {a["reference"] for a in check.awards}
    pending = sum(
        (a.amount for a in app.declared_aid.all() if f"declared:{a.pk}" not in registered), ZERO
    )
    total_ok = check.total + pending <= check.ceiling
    figures = check.as_dict() | {"declared_in_application": str(declared)}
    rules.append(
        _rule(
            "de_minimis_ceiling",
            Text(gettext_noop("De-minimis ceiling not exceeded")),
            total_ok,
            Joined(
                [
                    check.explanation_text,
                    Text(
                        gettext_noop(
                            "Declared in this application, not yet registered: %(amount)s."
                        ),
                        amount=format_eur(pending),
                    ),
                ],
                sep=" ",
            )
            if pending
            else check.explanation_text,
            **{k: figures[k] for k in ("used", "requested", "ceiling", "window_start")},
        )
    )
    return rules, figures


def application_check(*, application: Application) -> ApplicationCheck:
    app = application
    company = eligibility_check(
        programme=app.programme,
        organisation=app.organisation,
        declarations={"not_in_difficulty": app.not_in_difficulty},
    )
    size = company.size_class
    grant = grant_amount(programme=app.programme, size_class=size, eligible_costs=app.planned_costs)
    rules = list(company.rules)
    declaration_rules, dm = _declaration_rules(app, grant)
    rules += declaration_rules
    rules += _provider_rules(app)
    rules += _project_rules(app, size)
    return ApplicationCheck(size_class=size, grant=grant, rules=rules, de_minimis=dm)
