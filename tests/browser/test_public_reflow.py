"""Every public page on a phone, at 400 % zoom, in forced colours and with reduced
motion (issue 19.5):

- reflow (WCAG 1.4.10): no sideways scrolling of the page at 375 px (a phone) nor at
  320 px (a 1280 px screen at 400 % zoom, 256 px high); a table wider than that
  scrolls inside its own box, which the keyboard can reach (a named region with a
  visible focus indicator);
- forced colours (Windows high contrast): axe-core still passes at desktop and
  phone width; buttons, fields, cards and badges, which would otherwise differ
  from the page only by their background, keep a border; the focus ring is an
  outline (forced colours drop box shadows); charts keep their own white ground;
- reduced motion: no element animates, transitions or scrolls smoothly.

The pages with wide tables behind the sign-in are in test_narrow_screens.py.
"""

from decimal import Decimal

import pytest

from kivoucher.providers.models import Accreditation
from tests.applications.factories import make_world
from tests.browser.helpers import check_no_sideways_scrolling, page_checked
from tests.presale.factories import make_offer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
ZOOM_400 = {"width": 320, "height": 256}  # 1280 x 1024 at 400 %

PUBLIC_PAGES = [
    "/",
    "/calls/",
    "/statistics/",
    "/accounts/login/",
    "/providers/",
    "/providers/{accreditation}/",
    "/presale/",
    "/presale/{offer}/",
    "/impressum/",
    "/datenschutz/",
    "/barrierefreiheit/",
    "/barrierefreiheit/feedback/",
    "/leichte-sprache/",
    "/gebaerdensprache/",
]

# Boxes that scroll sideways (.table-scroll wider inside than outside) and what is
# wrong with them: reachable by the keyboard, a region with a name.
SCROLL_BOXES = """() => [...document.querySelectorAll(".table-scroll")]
    .filter(box => box.scrollWidth > box.clientWidth + 1)
    .map(box => {
        const names = (box.getAttribute("aria-labelledby") || "").split(/\\s+/)
            .map(id => document.getElementById(id)).filter(Boolean)
            .map(el => el.textContent.trim()).join(" ");
        const name = (box.getAttribute("aria-label") || names).trim();
        return {
            box: box.outerHTML.slice(0, 80),
            focusable: box.tabIndex >= 0,
            region: box.getAttribute("role") === "region",
            named: name.length > 0,
        };
    })"""

FOCUS_SHOWN = """el => {
    const style = getComputedStyle(el);
    return (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2)
        || style.boxShadow !== "none";
}"""

# Under forced colours: controls and boxes that have no visible border.
WITHOUT_BORDER = """() => [...document.querySelectorAll(
        "button, .button, input:not([type=hidden]):not([type=checkbox]):not([type=radio]),"
        + " select, textarea, .card, .badge, .status, .error-summary")]
    .filter(el => el.getClientRects().length > 0)
    .filter(el => {
        const style = getComputedStyle(el);
        return !["Top", "Right", "Bottom", "Left"].some(side =>
            style["border" + side + "Style"] !== "none"
            && parseFloat(style["border" + side + "Width"]) > 0);
    })
    .slice(0, 5)
    .map(el => el.outerHTML.slice(0, 100))"""

# Every element and its ::before/::after with a running animation or transition.
MOVING = """() => {
    const moving = [];
    const long = value => value.split(",").some(part => parseFloat(part) > 0);
    for (const el of document.querySelectorAll("*")) {
        for (const pseudo of [null, "::before", "::after"]) {
            const style = getComputedStyle(el, pseudo);
            if ((style.animationName !== "none" && long(style.animationDuration))
                || long(style.transitionDuration)) {
                moving.push(el.tagName.toLowerCase() + "." + el.className + (pseudo || ""));
            }
        }
    }
    return {moving: moving.slice(0, 5), scroll: getComputedStyle(document.documentElement)
        .scrollBehavior};
}"""

# A "working…" indicator, whose spinner animates: put into the page so that there
# is something to stop on every page.
ADD_SPINNER = """() => {
    const busy = document.createElement("p");
    busy.className = "busy";
    busy.id = "motion-probe";
    busy.textContent = "…";
    document.querySelector("main").append(busy);
}"""


@pytest.fixture
def paths():
    """Data behind the public pages: an open call with an accredited provider, an
    open pre-sale with payments (its chart)."""
    world = make_world()
    accreditation = Accreditation.objects.get(organisation=world.provider)
    offer = make_offer(code="cluster-leipzig", target=Decimal("75000"))
    return {"accreditation": accreditation.pk, "offer": offer.code}


def _open(page, path: str, size: dict) -> None:
    page.set_viewport_size(size)
    response = page.goto(page.context.kivoucher_base_url + path)
    assert response is not None and response.status < 400, f"{path}: HTTP {response.status}"
    page.wait_for_load_state("load")


def _check_scroll_boxes(page, *, where: str) -> None:
    boxes = page.evaluate(SCROLL_BOXES)
    bad = [b for b in boxes if not (b["focusable"] and b["region"] and b["named"])]
    assert not bad, f"{where}: boxes scrolling sideways the keyboard cannot use: {bad}"
    for box in page.locator(".table-scroll").all():
        if box.evaluate("b => b.scrollWidth > b.clientWidth + 1"):
            box.focus()
            assert box.evaluate(FOCUS_SHOWN), f"{where}: no focus indicator on a scroll box"


@pytest.mark.parametrize("template", PUBLIC_PAGES)
def test_public_page_reflows_at_375_and_320_px(page, paths, template):
    path = template.format(**paths)
    for size in (PHONE, ZOOM_400):
        where = f"{path} at {size['width']} px"
        _open(page, path, size)
        check_no_sideways_scrolling(page, where=where)
        _check_scroll_boxes(page, where=where)


@pytest.mark.parametrize("template", PUBLIC_PAGES)
def test_public_page_in_forced_colours_and_with_reduced_motion(page, paths, template):
    path = template.format(**paths)

    # Without a preference the spinner turns: the check below can see motion.
    _open(page, path, PHONE)
    page.evaluate(ADD_SPINNER)
    assert page.evaluate(MOVING)["moving"], "the motion probe does not move"

    page.emulate_media(forced_colors="active", reduced_motion="reduce")
    page_checked(page, path)  # axe-core at desktop and 375 px, CSP, 375 px reflow
    _open(page, path, ZOOM_400)
    check_no_sideways_scrolling(page, where=f"{path} in forced colours")

    page.evaluate(ADD_SPINNER)
    motion = page.evaluate(MOVING)
    assert not motion["moving"], f"{path}: moves with reduced motion: {motion['moving']}"
    assert motion["scroll"] == "auto", f"{path}: smooth scrolling with reduced motion"

    assert not page.evaluate(WITHOUT_BORDER), (
        f"{path}: without a border in forced colours: {page.evaluate(WITHOUT_BORDER)}"
    )
    for chart in page.locator("main svg[role=img]").all():
        ground = chart.evaluate("svg => getComputedStyle(svg).backgroundColor")
        assert ground == "rgb(255, 255, 255)", f"{path}: a chart on {ground} in forced colours"
    # The focus ring is an outline, which forced colours keep.
    page.set_viewport_size({"width": 1280, "height": 900})
    for _ in range(6):
        page.keyboard.press("Tab")
        outline = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2; }"
        )
        assert outline, f"{path}: no outline on {page.evaluate('document.activeElement.outerHTML')}"
