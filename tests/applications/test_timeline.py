"""The application page shows where the application stands: the steps of the
procedure in order, the one it is at marked (aria-current="step"), those done with
their day, those to come as still to come; a procedure that ended early ends there."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from kivoucher.applications import services
from kivoucher.applications.models import Application, Voucher
from kivoucher.applications.selectors import events_of
from kivoucher.applications.services.vouchers import voucher_close, vouchers_expire
from kivoucher.applications.timeline import CURRENT, DONE, PENDING, application_timeline
from kivoucher.core.workflow import transition
from tests.applications.factories import make_world

pytestmark = pytest.mark.django_db

ALL = ["draft", "submitted", "review", "decision", "voucher", "project", "proof", "paid"]


def _steps(app: Application):
    app = Application.objects.get(pk=app.pk)
    voucher = Voucher.objects.filter(application=app).first()
    return application_timeline(
        application=app,
        events=events_of(obj=app),
        voucher=voucher,
        voucher_events=events_of(obj=voucher) if voucher else (),
    )


def _shape(app) -> list[tuple[str, str]]:
    return [(s.code, s.state) for s in _steps(app)]


def _expect(codes: list[str], current: str) -> list[tuple[str, str]]:
    at = codes.index(current)
    return [
        (code, DONE if i < at else CURRENT if i == at else PENDING) for i, code in enumerate(codes)
    ]


@pytest.fixture
def w():
    return make_world()


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_draft_is_at_its_first_step_and_everything_else_is_to_come(w):
    steps = _steps(w.draft())
    assert [(s.code, s.state) for s in steps] == _expect(ALL, "draft")
    assert steps[0].at is not None and all(s.at is None for s in steps[1:])


def test_a_submitted_application_waits_for_its_review(w):
    app = w.submitted()
    steps = _steps(app)
    assert [(s.code, s.state) for s in steps] == _expect(ALL, "submitted")
    assert steps[1].at == Application.objects.get(pk=app.pk).submitted_at


def test_review_is_current_while_in_review_with_a_note_when_information_is_asked(w):
    app = w.submitted()
    services.application_assign(actor=w.caseworker, application=app)
    assert _shape(app) == _expect(ALL, "review")
    app.refresh_from_db()
    services.application_request_info(actor=w.caseworker, application=app, message="Angebot?")
    review = next(s for s in _steps(app) if s.code == "review")
    assert review.state == CURRENT and "information" in str(review.note)
    assert review.at is not None


def test_reviewed_awaits_the_decision(w):
    assert _shape(w.reviewed()) == _expect(ALL, "review")


def test_an_approved_application_is_in_its_project_with_the_voucher(w):
    app = w.approved()
    steps = _steps(app)
    assert [(s.code, s.state) for s in steps] == _expect(ALL, "project")
    decision = next(s for s in steps if s.code == "decision")
    assert str(decision.label) == "Approved" and decision.at == app.decided_at
    project = next(s for s in steps if s.code == "project")
    assert project.at == app.voucher.valid_from
    assert app.voucher.valid_until.strftime("%d.%m.%Y") in str(project.note)


def test_an_accepted_proof_of_use_then_the_payment(w):
    app = w.approved()
    transition(app.voucher, Voucher.Status.REDEEMED, actor=w.caseworker)
    steps = _steps(app)
    assert [(s.code, s.state) for s in steps] == _expect(ALL, "proof")
    assert next(s for s in steps if s.code == "proof").at is not None
    voucher_close(actor=None, voucher=Voucher.objects.get(pk=app.voucher.pk))
    steps = _steps(app)
    assert [(s.code, s.state) for s in steps] == _expect(ALL, "paid")
    assert steps[-1].at == Voucher.objects.get(pk=app.voucher.pk).closed_at


def test_a_rejection_ends_the_procedure(w):
    app = w.reviewed()
    services.application_decide(
        actor=w.approver, application=app, approve=False, reason="Kein KI-Bezug."
    )
    steps = _steps(app)
    assert [(s.code, s.state) for s in steps] == _expect(
        ["draft", "submitted", "review", "decision"], "decision"
    )
    assert str(steps[-1].label) == "Rejected" and steps[-1].at is not None


def test_a_withdrawal_ends_it_at_the_steps_reached(w):
    app = w.submitted()
    services.application_withdraw(actor=w.applicant, application=app, reason="Projekt entfällt")
    steps = _steps(app)
    assert [(s.code, s.state) for s in steps] == _expect(
        ["draft", "submitted", "withdrawn"], "withdrawn"
    )
    assert steps[-1].at is not None


def test_an_expired_voucher_ends_it(w):
    app = w.approved()
    vouchers_expire(today=app.voucher.valid_until + timedelta(days=1))
    assert _shape(app) == _expect(
        ["draft", "submitted", "review", "decision", "voucher", "voucher_end"], "voucher_end"
    )


def _timeline_html(page: str) -> str:
    return re.search(r'<ol class="steps timeline">.*?</ol>', page, re.S).group(0)


def test_the_page_shows_the_timeline_as_an_ordered_list(w, client_for):
    app = w.submitted()
    services.application_assign(actor=w.caseworker, application=app)
    page = client_for(w.applicant).get(f"/applications/{app.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    html = _timeline_html(page.content.decode())
    items = re.findall(r"<li [^>]*>", html)
    assert len(items) == len(ALL)
    assert html.count('aria-current="step"') == 1
    assert 'class="timeline-step current" aria-current="step"' in items[2]
    assert html.count("completed") == 2 and html.count("still to come") == 5
    day = timezone.localtime(Application.objects.get(pk=app.pk).submitted_at)
    assert f"{day:%d.%m.%Y}</time>" in html
