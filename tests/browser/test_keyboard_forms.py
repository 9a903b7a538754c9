"""Each line's main form completed with the keyboard alone (WCAG 2.1.1 keyboard,
2.4.3 focus order, 2.4.7 focus visible): line I's application (a company), line
II's compute application (a start-up), line III's order (a buyer). Only
page.keyboard is used (Tab, Shift+Tab, typing, arrow keys, Space, Enter), never a
click or .fill. At every stop the focused element must show a focus indicator
(an outline or a box shadow); the stops in the form follow the document order and
end at the form's submit button, Shift+Tab goes back one stop; the result page
says the form was taken."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from kivoucher.applications.models import Application
from kivoucher.compute.models import ComputeApplication
from kivoucher.core.roles import Role
from kivoucher.presale.models import Purchase
from tests.applications.factories import make_world
from tests.browser.flows import date_order, page_for, type_date
from tests.compute.factories import compute_call, make_data_centre
from tests.factories import OrganisationFactory, member_of
from tests.presale.factories import make_buyer, make_offer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The focused element: what it is, whether a focus indicator shows, and its stop
# number (the order in which the keyboard first reached it, kept on the element).
FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
    const shadow = style.boxShadow !== "none";
    if (!el.dataset.kvStop) {
        el.dataset.kvStop = String(document.querySelectorAll("[data-kv-stop]").length + 1);
    }
    const label = el.labels && el.labels.length ? el.labels[0].innerText
        : (el.getAttribute("aria-label") || el.innerText || el.value || "");
    return {
        id: el.id, tag: el.tagName.toLowerCase(), type: el.type || "",
        label: label.trim().slice(0, 60), stop: Number(el.dataset.kvStop),
        value: el.value === undefined ? null : el.value, checked: !!el.checked,
        in_form: el.closest("main form") !== null,
        submit: el.matches("main form [type=submit]"),
        indicator: outline || shadow,
        outline: style.outlineStyle + " " + style.outlineWidth, shadow: style.boxShadow,
    };
}"""

# The form's stops in document order must carry increasing stop numbers.
OUT_OF_ORDER = """() => {
    const stops = [...document.querySelectorAll("main form [data-kv-stop]")];
    const numbers = stops.map(el => Number(el.dataset.kvStop));
    return stops.filter((el, i) => i > 0 && numbers[i] < numbers[i - 1])
        .map(el => el.id || el.tagName.toLowerCase() + " " + el.textContent.trim());
}"""


def focused(page) -> dict | None:
    return page.evaluate(FOCUSED)


def press(page, key: str) -> dict:
    """Press `key`; the element then focused must show a focus indicator."""
    page.keyboard.press(key)
    element = focused(page)
    assert element is not None, f"after {key} nothing on the page has the focus"
    assert element["indicator"], f"after {key} no focus indicator is visible on {element}"
    return element


def tab_until(page, condition, limit: int = 80) -> dict:
    for _ in range(limit):
        element = press(page, "Tab")
        if condition(element):
            return element
    raise AssertionError(f"not reached with the Tab key in {limit} presses")


def complete_form(page, actions: dict) -> list[str]:
    """From the top of the page, Tab into the main form and through it to its submit
    button, doing `actions[id]` (keyboard only) at the field with that id. Checks
    that every field named was reached, that the stops follow the document order and
    that Shift+Tab from the submit button goes back to the last field; the focus is
    left on the submit button. Returns the ids of the fields passed, in order."""
    element = tab_until(page, lambda el: el["in_form"])
    pending = dict(actions)
    passed: list[str] = []
    last = None
    for _ in range(80):
        if element["submit"]:
            break
        if element["id"] and element["id"] not in passed:
            passed.append(element["id"])
        if element["id"] in pending:
            pending.pop(element["id"])(page)
        last = element
        element = press(page, "Tab")
    else:
        raise AssertionError(f"the submit button was not reached; passed {passed}")
    assert not pending, f"fields never reached with Tab: {sorted(pending)} (passed {passed})"
    assert not page.evaluate(OUT_OF_ORDER), "the focus order differs from the reading order"
    back = press(page, "Shift+Tab")
    assert last is not None and back["stop"] == last["stop"], (back, last)
    assert press(page, "Tab")["submit"]
    return passed


def typing(text: str):
    def act(page):
        page.keyboard.type(text)

    return act


def key(name: str, *, expect_checked: bool | None = None, expect_value: str | None = None):
    def act(page):
        page.keyboard.press(name)
        element = focused(page)
        if expect_checked is not None:
            assert element["checked"] is expect_checked, element
        if expect_value is not None:
            assert element["value"] == expect_value, element

    return act


def date(value, order):
    def act(page):
        type_date(page, value, order)

    return act


def start(page, path: str) -> None:
    page.goto(page.context.kivoucher_base_url + path)
    page.wait_for_load_state("load")


def test_line1_company_completes_the_application_with_the_keyboard(browser, live_server):
    world = make_world()
    page = page_for(browser, live_server, world.applicant)
    today = timezone.localdate()
    order = date_order(page)
    start(page, "/applications/new/")
    passed = complete_form(
        page,
        {
            "id_call": key("ArrowDown", expect_value=str(world.call.pk)),
            "id_title": typing("Sichtprüfung von Drehteilen mit KI"),
            "id_description": typing("Wir bauen mit NeuroForge einen Prototyp zur Sichtprüfung."),
            "id_category": key("ArrowDown", expect_value=str(world.category.pk)),
            "id_provider": key("ArrowDown", expect_value=str(world.provider.pk)),
            "id_planned_costs": typing("40.000,00"),
            "id_planned_start": date(today + timedelta(days=30), order),
            "id_planned_end": date(today + timedelta(days=200), order),
            "id_sme_declared": key("Space", expect_checked=True),
            "id_not_in_difficulty": key("Space", expect_checked=True),
            "id_de_minimis_declared": key("Space", expect_checked=True),
            "id_has_ties_0": key("Space", expect_checked=True),  # ties with the provider: no
        },
    )
    assert passed.index("id_call") < passed.index("id_title") < passed.index("id_has_ties_0")
    page.keyboard.press("Enter")  # save the draft
    page.wait_for_url(lambda url: url.rstrip("/").split("/")[-1].isdigit())
    app = Application.objects.get(organisation=world.company)
    assert app.title == "Sichtprüfung von Drehteilen mit KI"
    assert app.planned_costs == Decimal("40000.00")

    # The draft's page: on to its "Submit application" button, and Enter.
    tab_until(page, lambda el: el["tag"] == "button" and el["label"] == "Antrag einreichen")
    page.keyboard.press("Enter")
    page.get_by_text("Ihr Antrag ist eingereicht").wait_for()
    app.refresh_from_db()
    assert app.status == Application.Status.SUBMITTED
    page.context.close()


def test_line2_start_up_completes_the_compute_application_with_the_keyboard(browser, live_server):
    dc = make_data_centre("rz-frankfurt")
    compute_call()
    start_up = OrganisationFactory(name="Bildwerk KI GmbH")
    page = page_for(browser, live_server, member_of(start_up, role=Role.APPLICANT))
    today = timezone.localdate()
    order = date_order(page)
    start(page, "/compute/apply/")
    complete_form(
        page,
        {
            # the company's key figures are filled in from its record
            "id_project_description": typing(
                "Wir trainieren ein Sprachmodell für technische Dokumentation."
            ),
            "id_gpu_type": typing("H100 80 GB"),
            "id_gpu_hours": typing("400"),
            "id_period_start": date(today + timedelta(days=14), order),
            "id_period_end": date(today + timedelta(days=104), order),
            "id_data_centre": key("ArrowDown", expect_value=str(dc.pk)),
            "id_not_in_difficulty": key("Space", expect_checked=True),
        },
    )
    page.keyboard.press("Enter")
    page.wait_for_url("**/compute/applications/*/")
    page.get_by_text("Ihr Antrag wurde eingereicht").wait_for()
    application = ComputeApplication.objects.get(organisation=start_up)
    assert application.gpu_hours == Decimal("400")
    assert application.preferred_data_centre_id == dc.pk
    assert application.gpu_type == "H100 80 GB"
    page.context.close()


def test_line3_buyer_orders_cluster_hours_with_the_keyboard(browser, live_server):
    offer = make_offer(code="cluster-leipzig", target=Decimal("75000"))
    _org, buyer = make_buyer("Alpha Robotics AG")
    page = page_for(browser, live_server, buyer)
    start(page, f"/presale/{offer.code}/")

    def hours(page):
        page.keyboard.type("10")
        # the price preview (htmx) follows the typing without taking the focus
        page.locator("#price-preview").get_by_text("75.000,00 €").wait_for()
        assert focused(page)["id"] == "id_quantity"

    complete_form(
        page,
        {
            "id_kind": key("Home", expect_value=Purchase.Kind.HOURS),
            "id_quantity": hours,
        },
    )
    page.keyboard.press("Enter")
    page.wait_for_url("**/presale/purchases/*/")
    purchase = Purchase.objects.get(offer=offer)
    assert purchase.amount == Decimal("75000.00")
    assert purchase.reference in page.locator("main").inner_text()
    page.context.close()
