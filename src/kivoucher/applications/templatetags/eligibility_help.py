"""`{{ rule|rule_help }}`: what an eligibility rule means and what to do when it is not
met, in the reader's language, for a rule checked now or one stored with a submitted
application (`kivoucher.applications.eligibility.rule_help`)."""

from django import template

from kivoucher.applications.eligibility import rule_help as _rule_help

register = template.Library()


@register.filter
def rule_help(rule) -> str:
    return _rule_help(rule)
