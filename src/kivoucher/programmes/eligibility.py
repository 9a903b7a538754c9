"""Eligibility rule sets. Every check returns each rule it applied, the figures it
used and whether it passed, so a person can read why.

Both rule sets count an enterprise together with its linked enterprises (in
full) and partner enterprises (pro rata), as Recommendation 2003/361/EC does.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_noop

from kivoucher.core.money import format_eur
from kivoucher.core.texts import Joined, Text, stored_item
from kivoucher.organizations.models import Organisation
from kivoucher.organizations.selectors import enterprise_group
from kivoucher.programmes.models import Programme, RuleSet, SizeClass

MILLION = Decimal("1000000")
# (size class, staff below, turnover at most, balance sheet at most)
EU_SME_THRESHOLDS = [
    (SizeClass.MICRO, 10, 2 * MILLION, 2 * MILLION),
    (SizeClass.SMALL, 50, 10 * MILLION, 10 * MILLION),
    (SizeClass.MEDIUM, 250, 50 * MILLION, 43 * MILLION),
]


@dataclass
class AggregatedFigures:
    employees: Decimal
    turnover: Decimal
    balance_sheet: Decimal
    parts: list[dict] = field(default_factory=list)


# What each company rule means and what to do when it is not met, in plain words
# for the applicant: shown beside the rule ("What does this mean?") and given in the
# API's eligibility answers. Looked up by the rule's code when shown, so it is not
# stored with a submitted application. Every rule needs one
# (tests/applications/test_rule_help.py).
RULE_HELP: dict[str, str] = {
    "seat_in_germany": gettext_noop(
        "Only companies with their registered seat in Germany can apply: the address in "
        "the commercial register counts. If the country in your company profile is wrong, "
        "correct it there."
    ),
    "employees_below_limit": gettext_noop(
        "Your company must have fewer employees than the limit. Staff are counted as "
        "full-time equivalents. The staff of linked companies count in full, those of "
        "partner companies by your share in them. If the number is wrong, correct the "
        "figures in your company profile or the list of linked and partner companies. "
        "If it is right, your company cannot apply in this programme."
    ),
    "turnover_within_limit": gettext_noop(
        "The annual turnover of your last closed financial year may not be above the "
        "limit. The turnover of linked companies counts in full, that of partner "
        "companies by your share in them. If the figure is out of date, update it in "
        "your company profile."
    ),
    "sme_staff": gettext_noop(
        "Under the EU definition a small or medium-sized enterprise (SME) has fewer than "
        "250 employees, counted as full-time equivalents over a year. Linked companies "
        "count in full, partner companies by your share in them. If the number is wrong, "
        "correct it in your company profile."
    ),
    "sme_turnover_or_balance": gettext_noop(
        "An SME has an annual turnover of at most 50 million euros or a balance sheet "
        "total of at most 43 million euros: meeting one of the two is enough. If your "
        "figures are out of date, update them in your company profile."
    ),
    "not_in_difficulty": gettext_noop(
        "Companies in financial difficulty may not receive this aid, for example a "
        "company in insolvency proceedings or one that has lost more than half of its "
        "capital. Confirm in the application that your company is not in difficulty. "
        "If you are unsure, ask your tax adviser before you confirm."
    ),
}


@dataclass
class Rule:
    """One rule applied. Label and explanation are texts translated when shown
    (`core.texts`): a submitted application stores them as message ids and figures.
    `help` says what the rule means and what to do when it fails (`RULE_HELP` for the
    company rules); it is not stored, only given in answers (`with_help`)."""

    code: str
    label: Text | Joined | str
    passed: bool
    figures: dict
    explanation: Text | Joined | str
    help: Text | str = ""

    def __post_init__(self):
        if not self.help and self.code in RULE_HELP:
            self.help = Text(RULE_HELP[self.code])

    def as_dict(self, *, with_help: bool = False) -> dict:
        item = stored_item(
            code=self.code,
            passed=self.passed,
            figures=self.figures,
            texts={"label": self.label, "explanation": self.explanation},
        )
        if with_help:
            item["help"] = str(self.help)
        return item


@dataclass
class EligibilityResult:
    rule_set: str
    size_class: str
    rules: list[Rule]

    @property
    def passed(self) -> bool:
        return all(rule.passed for rule in self.rules)

    @property
    def failed_rules(self) -> list[Rule]:
        return [rule for rule in self.rules if not rule.passed]

    def as_dict(self, *, with_help: bool = False) -> dict:
        return {
            "rule_set": self.rule_set,
            "size_class": self.size_class,
            "passed": self.passed,
            "rules": [rule.as_dict(with_help=with_help) for rule in self.rules],
        }


def aggregate_figures(*, organisation: Organisation) -> AggregatedFigures:
    group = enterprise_group(organisation=organisation)
    members = [(organisation, Decimal(100), "own")]
    members += [(o, Decimal(100), "linked") for o in group.linked]
    members += [(o, share, "partner") for o, share in group.partners]
    total = AggregatedFigures(Decimal(0), Decimal(0), Decimal(0))
    for org, share, relation in members:
        factor = share / 100
        total.employees += Decimal(org.employees) * factor
        total.turnover += org.annual_turnover * factor
        total.balance_sheet += org.balance_sheet_total * factor
        total.parts.append(
            {"organisation": org.name, "relation": relation, "share_percent": str(share)}
        )
    total.employees = total.employees.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    total.turnover = total.turnover.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    total.balance_sheet = total.balance_sheet.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return total


def size_class_of(figures: AggregatedFigures) -> str:
    for size, staff, turnover, balance in EU_SME_THRESHOLDS:
        if figures.employees < staff and (
            figures.turnover <= turnover or figures.balance_sheet <= balance
        ):
            return size
    return SizeClass.LARGE


def _figures(figures: AggregatedFigures) -> dict:
    return {
        "employees": str(figures.employees),
        "turnover": str(figures.turnover),
        "balance_sheet_total": str(figures.balance_sheet),
        "counted": figures.parts,
    }


def _seat_rule(organisation: Organisation) -> Rule:
    return Rule(
        code="seat_in_germany",
        label=Text(gettext_noop("Seat in Germany")),
        passed=organisation.seat_in_germany,
        figures={"country": organisation.country, "federal_state": organisation.federal_state},
        explanation=Text(
            gettext_noop("The company has its seat in %(country)s."), country=organisation.country
        ),
    )


def _proposal_rules(programme: Programme, figures: AggregatedFigures) -> list[Rule]:
    staff_ok = figures.employees < programme.max_employees
    turnover_ok = figures.turnover <= programme.max_turnover
    return [
        Rule(
            code="employees_below_limit",
            label=Text(
                gettext_noop("Fewer than %(limit)s employees"), limit=programme.max_employees
            ),
            passed=staff_ok,
            figures={
                "employees": str(figures.employees),
                "limit": programme.max_employees,
                "counted": figures.parts,
            },
            explanation=Text(
                gettext_noop(
                    "%(value)s employees counted with linked and partner enterprises, "
                    "limit below %(limit)s."
                ),
                value=figures.employees,
                limit=programme.max_employees,
            ),
        ),
        Rule(
            code="turnover_within_limit",
            label=Text(
                gettext_noop("Annual turnover at most %(limit)s"),
                limit=format_eur(programme.max_turnover),
            ),
            passed=turnover_ok,
            figures={"turnover": str(figures.turnover), "limit": str(programme.max_turnover)},
            explanation=Text(
                gettext_noop("Turnover %(value)s, limit %(limit)s."),
                value=format_eur(figures.turnover),
                limit=format_eur(programme.max_turnover),
            ),
        ),
    ]


def _eu_sme_rules(figures: AggregatedFigures) -> list[Rule]:
    _size, staff, turnover, balance = EU_SME_THRESHOLDS[-1]
    staff_ok = figures.employees < staff
    money_ok = figures.turnover <= turnover or figures.balance_sheet <= balance
    return [
        Rule(
            code="sme_staff",
            label=Text(gettext_noop("Fewer than 250 employees (annual work units)")),
            passed=staff_ok,
            figures={"employees": str(figures.employees), "limit": staff, "counted": figures.parts},
            explanation=Text(
                gettext_noop(
                    "%(value)s employees counted with linked enterprises in full and "
                    "partner enterprises pro rata."
                ),
                value=figures.employees,
            ),
        ),
        Rule(
            code="sme_turnover_or_balance",
            label=Text(
                gettext_noop("Turnover at most 50 M EUR or balance sheet total at most 43 M EUR")
            ),
            passed=money_ok,
            figures={
                "turnover": str(figures.turnover),
                "turnover_limit": str(turnover),
                "balance_sheet_total": str(figures.balance_sheet),
                "balance_sheet_limit": str(balance),
            },
            explanation=Text(
                gettext_noop("Turnover %(turnover)s, balance sheet total %(balance)s."),
                turnover=format_eur(figures.turnover),
                balance=format_eur(figures.balance_sheet),
            ),
        ),
    ]


def _declaration_rule(declarations: dict) -> Rule:
    declared = bool(declarations.get("not_in_difficulty"))
    return Rule(
        code="not_in_difficulty",
        label=Text(gettext_noop("Not an undertaking in difficulty")),
        passed=declared,
        figures={"declared": declared},
        explanation=Text(gettext_noop("Declared by the applicant."))
        if declared
        else Text(
            gettext_noop(
                "The declaration that the company is not an undertaking in difficulty is missing."
            )
        ),
    )


def eligibility_check(
    *, programme: Programme, organisation: Organisation, declarations: dict | None = None
) -> EligibilityResult:
    figures = aggregate_figures(organisation=organisation)
    rules = [_seat_rule(organisation)]
    if programme.rule_set == RuleSet.EU_SME:
        rules += _eu_sme_rules(figures)
    else:
        rules += _proposal_rules(programme, figures)
    if declarations is not None:
        rules.append(_declaration_rule(declarations))
    return EligibilityResult(
        rule_set=programme.rule_set, size_class=size_class_of(figures), rules=rules
    )


def grant_amount(*, programme: Programme, size_class: str, eligible_costs: Decimal) -> Decimal:
    """grant = min(cap, rate x eligible costs), in exact cents."""
    from kivoucher.core.money import round_money

    return min(programme.max_grant, round_money(programme.rate_for(size_class) * eligible_costs))
