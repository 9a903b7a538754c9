"""The pages of line II tell people what they need: the rejected records of an upload
with their job ids and reasons in words, the Gaia-X checks in words with readable
dates, what "uncovered" means, a time axis in the usage chart, paged usage lists, the
voucher's value and GPU prices on the application form, and who may not do what
before they fill anything in."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from kivoucher.compute.chart import usage_chart_svg
from kivoucher.compute.models import ComputeApplication, DataCentre
from kivoucher.compute.services.applications import (
    compute_application_refusal,
    compute_application_review,
    compute_application_step_refusal,
    compute_application_submit,
)
from kivoucher.compute.services.ingest import usage_ingest
from kivoucher.compute.services.onboarding import evidence_verify
from kivoucher.core.errors import Conflict
from kivoucher.core.roles import Role
from tests.compute.factories import (
    Evidence,
    compute_call,
    issue,
    make_data_centre,
    operator_of,
)
from tests.factories import OrganisationFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


# --- 21.13: the chart's x axis is time ---


def _bar_x(svg: str) -> dict[str, float]:
    """{day as shown: x} of the bars (each bar's <title> starts with its day)."""
    found = re.findall(r'<rect x="([\d.]+)"[^>]*><title>(\d\d\.\d\d\.\d{4}) ', svg)
    return {day: float(x) for x, day in found}


def test_the_usage_chart_places_days_in_proportion_to_time():
    start = date(2025, 3, 1)
    rows = [
        {"day": start + timedelta(days=offset), "resource": "h100", "charged": Decimal("10")}
        for offset in (0, 1, 7)  # a six-day gap after the second day
    ]
    x = _bar_x(usage_chart_svg(rows, title="t"))
    first, second, later = x["01.03.2025"], x["02.03.2025"], x["08.03.2025"]
    step = second - first
    assert step > 0
    assert later - second == pytest.approx(6 * step)  # six days, not one slot


# --- 21.13: the usage lists are paged ---


def test_the_voucher_page_pages_its_usage_records(client_for):
    dc = make_data_centre("dc-pages")
    voucher = issue(dc)
    end = timezone.now().replace(microsecond=0) - timedelta(days=20)
    records = [
        {
            "id": f"job-{i:03d}",
            "voucher": voucher.code,
            "resource": "cpu",
            "quantity": "1",
            "start": (end + timedelta(hours=i) - timedelta(minutes=30)).isoformat(),
            "end": (end + timedelta(hours=i)).isoformat(),
        }
        for i in range(120)
    ]
    usage_ingest(data_centre=dc, records=records, actor=None)
    client = client_for(member_of(voucher.organisation))
    url = f"/compute/vouchers/{voucher.code}/"
    first = client.get(url, **EN).content.decode()
    shown = set(re.findall(r"<td>(job-\d{3})", first))
    assert 0 < len(shown) <= 50
    assert 'rel="next" href="?page=2"' in first and "Page 1 of 3" in first
    second = client.get(url + "?page=2", **EN).content.decode()
    on_second = set(re.findall(r"<td>(job-\d{3})", second))
    assert on_second and not on_second & shown
    assert 'rel="prev"' in second


# --- 21.14: the application form states the voucher's value and the GPU price ---


def test_the_application_form_states_the_voucher_value_and_gpu_prices(client_for):
    dc = make_data_centre("dc-form")
    compute_call()  # its programme's maximum grant (50,000 EUR) is the voucher's value
    company = OrganisationFactory(annual_turnover=Decimal("12400000.00"))
    page = client_for(member_of(company)).get("/compute/apply/").content.decode()
    assert "50.000,00\xa0€" in page  # the voucher's value
    assert "2,50\xa0€" in page and "h100-80gb" in page  # the data centre's GPU-hour price
    assert "20.000" in page  # GPU hours the voucher buys there
    assert f"{dc.organisation.name} (Frankfurt am Main, DE) – " in page  # price in the choice
    # the company's figures in German notation, also in the form
    assert 'value="12.400.000,00"' in page and "12400000.00" not in page


def test_the_application_form_takes_amounts_in_german_notation(client_for):
    dc = make_data_centre("dc-german")
    compute_call()
    company = OrganisationFactory()
    today = timezone.localdate()
    response = client_for(member_of(company)).post(
        "/compute/apply/",
        {
            "employees": "12",
            "annual_turnover": "12.400.000,00",
            "balance_sheet_total": "1.500.000",
            "project_description": "Wir trainieren ein Sprachmodell für Dokumentation.",
            "gpu_type": "H100",
            "gpu_hours": "100",
            "storage_tb": "0",
            "period_start": today.isoformat(),
            "period_end": (today + timedelta(days=30)).isoformat(),
            "data_centre": dc.pk,
            "not_in_difficulty": "on",
        },
    )
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.annual_turnover == Decimal("12400000.00")
    assert company.balance_sheet_total == Decimal("1500000.00")


# --- 21.12: the data centre's page ---


def _sacct(voucher_code: str) -> bytes:
    start = timezone.localtime() - timedelta(days=2)
    end = start + timedelta(hours=1)
    when = f"{start:%Y-%m-%dT%H:%M:%S}|{end:%Y-%m-%dT%H:%M:%S}"
    lines = [
        "JobIDRaw|Account|State|Start|End|ElapsedRaw|AllocTRES",
        f"4711|no-such-account|COMPLETED|{when}|3600|cpu=4,gres/gpu:h100=1",
        f"4712|{voucher_code}|COMPLETED|{when}|3600|cpu=4,gres/gpu:h100=1",
        f"4713|{voucher_code}|RUNNING|{start:%Y-%m-%dT%H:%M:%S}|Unknown|60|gres/gpu:h100=1",
    ]
    return ("\n".join(lines) + "\n").encode()


def test_an_upload_shows_each_rejected_record_with_its_job_id_and_reason(client_for):
    dc = make_data_centre("dc-upload")
    voucher = issue(dc)
    client = client_for(operator_of(dc))
    url = f"/compute/data-centres/{dc.code}/"
    upload = SimpleUploadedFile("jobs.txt", _sacct(voucher.code), content_type="text/plain")
    response = client.post(url, {"action": "sacct", "sacct-file": upload})
    # the import runs as a task (kivoucher.compute.tasks); its progress links the result
    assert response.status_code == 302 and response.url.startswith("/tasks/")
    from kivoucher.core.models import TaskProgress

    progress = TaskProgress.objects.get(key=response.url.split("/")[2])
    assert progress.status == TaskProgress.Status.DONE
    page = client.get(progress.result_url, **EN).content.decode()
    result = page.split('id="import-result"')[1].split("</section>")[0]
    assert "<td>4711</td>" in result or "<td>slurm-4711</td>" in result
    assert "No voucher with this code (or Slurm account) is redeemable" in result
    assert "4712" not in result  # accepted
    assert "The job has not finished yet" in result  # skipped, said why
    # the deliveries table counts the reasons in words, not as codes
    assert "unknown_voucher" not in page
    # the page itself shows the deliveries table only
    assert 'id="import-result"' not in client.get(url, **EN).content.decode()


def test_the_gaia_x_checks_are_in_words_with_readable_dates(client_for):
    dc = make_data_centre("dc-gaiax", valid=False)
    Evidence().install(dc)
    evidence_verify(actor=None, data_centre=dc)
    client = client_for(operator_of(dc))
    url = f"/compute/data-centres/{dc.code}/"

    def table(language):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        return page.split("<tbody>")[1].split("</tbody>")[0]

    english = table("en")
    assert "validity period" in english and "signature" in english
    assert "location in the EU/EEA" in english and "location_eu" not in english
    german = table("de")
    assert re.search(r"\d\d\.\d\d\.\d{4} \d\d:\d\d", german), german  # Django's format
    for shown in (english, german):
        assert not re.search(r"\d\d:\d\d:\d\d", shown)  # no seconds or microseconds
        assert not re.search(r"\d{4}-\d\d-\d\dT", shown)  # no ISO time stamps


def test_the_pages_explain_uncovered_usage(client_for):
    dc = make_data_centre("dc-uncovered")
    voucher = issue(dc)
    explanation = "usage the voucher could not pay"
    operator = client_for(operator_of(dc))
    assert explanation in operator.get(f"/compute/data-centres/{dc.code}/", **EN).content.decode()
    assert (
        "bill the company directly"
        in operator.get(f"/compute/data-centres/{dc.code}/", **EN).content.decode()
    )
    company = client_for(member_of(voucher.organisation))
    assert explanation in company.get(f"/compute/vouchers/{voucher.code}/", **EN).content.decode()


# --- 21.7: who may not apply or decide is told why before filling anything in ---


def _apply(company, dc, call, **extra):
    today = timezone.localdate()
    return compute_application_submit(
        actor=member_of(company),
        organisation=company,
        call=call,
        data_centre=dc,
        project_description="Wir trainieren ein Sprachmodell für Dokumentation.",
        gpu_type="H100",
        gpu_hours=Decimal(100),
        storage_tb=Decimal(0),
        period_start=today,
        period_end=today + timedelta(days=30),
        not_in_difficulty=True,
        **extra,
    )


def test_a_company_with_an_open_application_sees_why_instead_of_a_form(client_for):
    dc = make_data_centre("dc-open")
    call = compute_call()
    company = OrganisationFactory()
    application = _apply(company, dc, call)
    refusal = compute_application_refusal(organisation=company)
    assert refusal and str(application) in refusal
    client = client_for(member_of(company))
    page = client.get("/compute/apply/", **EN)
    html = page.content.decode()
    assert page.status_code == 200 and str(application) in html
    assert 'name="project_description"' not in html  # no form that fails on submit
    # the service refuses with the same words (in the same language: the request
    # above activated English)
    with translation.override("de"), pytest.raises(Conflict) as refused:
        _apply(company, dc, call)
    with translation.override("de"):
        assert refused.value.message == compute_application_refusal(organisation=company)
    assert client.post("/compute/apply/", {"employees": "1"}).status_code == 409


def test_a_company_with_a_voucher_is_shown_the_exception_route(client_for):
    dc = make_data_centre("dc-again")
    compute_call()
    voucher = issue(dc)
    page = client_for(member_of(voucher.organisation)).get("/compute/apply/", **EN)
    html = page.content.decode()
    assert voucher.code in html and "justified exception" in html
    assert (
        'name="exception_justification"' in html
        and "required" in html.split('name="exception_justification"')[1].split(">")[0]
    )


def test_staff_who_may_not_take_the_step_see_why_not_a_form(client_for):
    dc = make_data_centre("dc-steps")
    call = compute_call()
    company = OrganisationFactory()
    application = _apply(company, dc, call)
    reviewer = UserFactory(role=Role.CASEWORKER)
    url = f"/compute/applications/{application.pk}/"
    approver = UserFactory(role=Role.APPROVER)
    # an approver may not review: told so, no review form
    html = client_for(approver).get(url, **EN).content.decode()
    assert 'value="review"' not in html and "You may not decide this." in html
    compute_application_review(actor=reviewer, application=application, recommend=True, note="ok")
    application.refresh_from_db()
    # the reviewer may not decide (four eyes): the page says why, the service refuses alike
    refusal = compute_application_step_refusal(
        actor=reviewer, application=application, step="decision"
    )
    assert refusal
    page = client_for(reviewer).get(url, **EN)
    assert 'value="decision"' not in page.content.decode()
    assert "You cannot take the next step" in page.content.decode()
    colleague = member_of(company, role=Role.APPROVER)
    colleague_page = client_for(colleague).get(url, **EN).content.decode()
    assert "own organisation" in colleague_page and 'value="decision"' not in colleague_page
    # another approver gets the form
    assert 'value="decision"' in client_for(approver).get(url, **EN).content.decode()
    assert ComputeApplication.objects.get(pk=application.pk).status == "reviewed"
    assert DataCentre.objects.filter(pk=dc.pk).exists()
