"""How long applications of a call have taken so far: the median from the first
submission to the decision over the call's decided applications, in whole days, from
five decided applications on (fewer say nothing and could point at the applicants).
Runs on SQLite and PostgreSQL (DATABASE_URL=postgres://...)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kivoucher.applications.models import Application
from kivoucher.applications.selectors import DecisionTime, call_decision_time
from tests.applications.factories import make_world
from tests.factories import make_call

pytestmark = pytest.mark.django_db

S = Application.Status


def _decided(w, durations: list[timedelta], *, call=None, status=S.APPROVED) -> None:
    """Applications of the call submitted on a fixed day, decided `duration` later."""
    submitted = timezone.now() - timedelta(days=400)
    Application.objects.bulk_create(
        Application(
            programme=w.programme,
            call=call or w.call,
            organisation=w.company,
            title=f"Antrag {i}",
            status=status,
            submitted_at=submitted,
            decided_at=submitted + took,
        )
        for i, took in enumerate(durations)
    )


def days(*values: float) -> list[timedelta]:
    return [timedelta(days=v) for v in values]


def test_the_median_of_an_odd_number_is_the_middle_one():
    w = make_world()
    _decided(w, days(3, 40, 12, 7, 20))
    assert call_decision_time(call_id=w.call.pk) == DecisionTime(days=12, decided=5)


def test_the_median_of_an_even_number_lies_between_the_middle_two():
    w = make_world()
    _decided(w, days(2, 10, 13, 30, 31, 90))  # (13 + 30) / 2 = 21.5: rounds up to 22
    assert call_decision_time(call_id=w.call.pk) == DecisionTime(days=22, decided=6)


def test_hours_count_and_less_than_half_a_day_rounds_down():
    w = make_world()
    _decided(w, [timedelta(hours=h) for h in (1, 5, 11, 30, 80)])
    assert call_decision_time(call_id=w.call.pk) == DecisionTime(days=0, decided=5)


def test_rejections_and_approvals_withdrawn_later_are_decided_too():
    w = make_world()
    _decided(w, days(4, 5), status=S.REJECTED)
    _decided(w, days(6), status=S.WITHDRAWN)
    _decided(w, days(7, 8))
    assert call_decision_time(call_id=w.call.pk) == DecisionTime(days=6, decided=5)


def test_fewer_than_five_decided_say_nothing():
    w = make_world()
    _decided(w, days(3, 4, 5, 6))
    assert call_decision_time(call_id=w.call.pk) is None


def test_only_the_calls_decided_applications_count():
    w = make_world()
    other = make_call(programme=w.programme, actor=w.admin, name="Anderer Aufruf")
    _decided(w, days(1, 1, 1, 1))
    _decided(w, days(50, 50, 50, 50, 50, 50), call=other)
    # open ones (no decision yet) and withdrawn ones never decided do not count
    w.submitted()
    Application.objects.create(
        programme=w.programme,
        call=w.call,
        organisation=w.company,
        title="zurückgezogen",
        status=S.WITHDRAWN,
        submitted_at=timezone.now() - timedelta(days=3),
    )
    assert call_decision_time(call_id=w.call.pk) is None
    assert call_decision_time(call_id=other.pk) == DecisionTime(days=50, decided=6)


def test_it_is_one_query():
    w = make_world()
    _decided(w, days(*range(1, 40)))
    with CaptureQueriesContext(connection) as queries:
        assert call_decision_time(call_id=w.call.pk) == DecisionTime(days=20, decided=39)
    assert len(queries) == 1
    sql = queries[0]["sql"].lower()
    if connection.vendor == "postgresql":
        assert "percentile_cont(0.5) within group" in sql
    assert "description" not in sql and "eligibility" not in sql  # only the dates


def _page(client, app, language="de") -> str:
    response = client.get(f"/applications/{app.pk}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_of_an_open_application_says_how_long_decisions_took(client_for):
    w = make_world()
    _decided(w, days(3, 40, 12, 7, 20, 15, 9))
    app = w.submitted()
    page = _page(client_for(w.applicant), app, "en")
    assert (
        "So far a decision has taken 12 days in the median (from 7 decided applications)." in page
    )


def test_and_in_german(client_for):
    w = make_world()
    _decided(w, days(3, 40, 12, 7, 20, 15, 9))
    page = _page(client_for(w.applicant), w.submitted(), "de")
    assert (
        "Bisher dauerte die Entscheidung im Median 12 Tage (aus 7 entschiedenen Anträgen)." in page
    )


def test_nothing_is_shown_with_fewer_than_five(client_for):
    w = make_world()
    _decided(w, days(3, 40, 12, 7))
    page = _page(client_for(w.applicant), w.submitted(), "en")
    assert "decision has taken" not in page and 'class="decision-time"' not in page


def test_nor_on_an_application_already_decided(client_for):
    w = make_world()
    _decided(w, days(3, 40, 12, 7, 20))
    page = _page(client_for(w.applicant), w.approved(), "en")
    assert 'class="decision-time"' not in page


@pytest.mark.parametrize(
    ("state", "limit"),
    [
        # most of these are the live eligibility check of a draft; + 1 (this change):
        # the call's decision time
        ("draft", 22),
        # + 1 (this change): the call's decision time; the timeline reads the audit
        # events that the course of the procedure reads anyway (one query for both)
        ("submitted", 9),
        # + 0: no decision time once decided; the voucher's own audit events are read
        # only once the voucher is past active (they date the proof of use)
        ("approved", 8),
    ],
)
def test_the_application_page_pins_its_query_count(client_for, state, limit):
    w = make_world()
    _decided(w, days(3, 40, 12, 7, 20))
    app = getattr(w, state)()
    web = client_for(w.applicant)
    _page(web, app)  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as queries:
        _page(web, app)
    assert len(queries) <= limit, [q["sql"][:120] for q in queries]
