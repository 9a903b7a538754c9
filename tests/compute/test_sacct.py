"""The Slurm import over the corpus files: idempotent, with a summary."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kivoucher.compute.models import UsageRecord
from kivoucher.compute.services.imports import sacct_import
from kivoucher.compute.services.pricing import price_list_publish
from kivoucher.compute.services.vouchers import compute_voucher_set_slurm_account
from kivoucher.core.errors import DomainError
from tests.compute.factories import issue, make_data_centre
from tests.corpora import corpus

pytestmark = pytest.mark.django_db
CORPUS = corpus("slurm")
SONAR_COLUMNS = (
    "JobID|JobIDRaw|User|Account|State|Start|End|AveCPU|AveDiskRead|AveDiskWrite|AveRSS|"
    "AveVMSize|ElapsedRaw|ExitCode|Layout|MaxRSS|MaxVMSize|MinCPU|ReqCPUS|ReqMem|ReqNodes|"
    "Reservation|Submit|Suspended|SystemCPU|TimelimitRaw|UserCPU|NodeList|Partition|AllocTRES|"
    "Priority|JobName"
)


@pytest.fixture
def fox(tmp_path):
    """The Fox cluster dump with the header line sacct prints without --noheader."""
    dc = make_data_centre("fox", prices=False)
    from django.utils import timezone

    price_list_publish(
        actor=None,
        data_centre=dc,
        valid_from=timezone.now() - timezone.timedelta(days=3000),
        items=[
            {
                "resource": "a100-40gb",
                "unit": "gpu_hour",
                "price": "1.80",
                "slurm_tres": "gres/gpu:a100",
            },
            {
                "resource": "a100-80gb",
                "unit": "gpu_hour",
                "price": "2.20",
                "slurm_tres": "gres/gpu:a100_80",
            },
            {"resource": "gpu", "unit": "gpu_hour", "price": "1.00", "slurm_tres": "gres/gpu"},
            {"resource": "cpu", "unit": "core_hour", "price": "0.02", "slurm_tres": "cpu"},
        ],
    )
    path = tmp_path / "fox.txt"
    path.write_text(SONAR_COLUMNS + "\n" + (CORPUS / "sonar_fox_sacct_output.txt").read_text())
    return dc, path


def _vouchers_for_accounts(dc, path):
    accounts = set()
    for line in path.read_text().splitlines()[1:]:
        accounts.add(line.split("|")[3])
    vouchers = {}
    for account in sorted(a for a in accounts if a):
        voucher = issue(dc, value=Decimal("200000"))
        compute_voucher_set_slurm_account(actor=None, voucher=voucher, slurm_account=account)
        vouchers[account] = voucher
    return vouchers


def test_import_fox_corpus_twice_charges_once(fox):
    dc, path = fox
    vouchers = _vouchers_for_accounts(dc, path)
    out = StringIO()
    call_command("import_sacct", str(path), "--data-centre", dc.code, stdout=out)
    first = UsageRecord.objects.count()
    assert first > 0
    assert "accepted: " in out.getvalue() and "not_finished" in out.getvalue()
    assert UsageRecord.objects.filter(resource__in=["a100-40gb", "a100-80gb"]).exists()
    charged = sum(r.charged for r in UsageRecord.objects.all())
    out2 = StringIO()
    call_command("import_sacct", str(path), "--data-centre", dc.code, stdout=out2)
    assert UsageRecord.objects.count() == first
    assert f"duplicates: {first}" in out2.getvalue()
    assert "accepted: 0" in out2.getvalue()
    assert sum(r.charged for r in UsageRecord.objects.all()) == charged
    assert not any(r.record_id.count(".") for r in UsageRecord.objects.all())
    assert len(vouchers) >= 1


def _finished_a100_80_line(path) -> str:
    return next(
        line
        for line in path.read_text().splitlines()[1:]
        if "gres/gpu:a100_80=" in line
        and line.split("|")[4] not in ("RUNNING", "PENDING")
        and "." not in line.split("|")[1]
    )


def test_gpu_hours_from_alloc_tres(fox):
    dc, path = fox
    _vouchers_for_accounts(dc, path)
    sacct_import(actor=None, data_centre=dc, text=path.read_text())
    fields = _finished_a100_80_line(path).split("|")
    record = UsageRecord.objects.get(record_id=f"slurm-{fields[1]}")
    gpus = int(fields[29].split("gres/gpu:a100_80=")[1].split(",")[0])
    assert record.resource == "a100-80gb"
    assert record.quantity == (Decimal(gpus) * Decimal(fields[12]) / 3600).quantize(
        Decimal("0.000001")
    )


def test_absurd_tres_counts_reject_their_job_and_keep_the_others(fox):
    # A count of 1e30 made quantize() raise and NaN made the comparison raise: the
    # whole import failed instead of rejecting the one job.
    dc, path = fox
    _vouchers_for_accounts(dc, path)
    header, good = path.read_text().splitlines()[0], _finished_a100_80_line(path)
    rows = [good]
    for number, count in enumerate(["1e30", "NaN", "Infinity", "sNaN"], start=1):
        fields = good.split("|")
        fields[1] = f"9999000{number}"
        fields[29] = f"cpu=1,gres/gpu:a100_80={count}"
        rows.append("|".join(fields))
    summary = sacct_import(actor=None, data_centre=dc, text="\n".join([header, *rows]))
    results = {r.id: (r.status, r.reason) for r in summary.outcome.results}
    assert results[f"slurm-{good.split('|')[1]}"][0] == "accepted"
    assert results["99990001"] == ("rejected", "invalid_quantity")
    # Counts that are not numbers are ignored: the job falls back to its cpu count.
    for number in (2, 3, 4):
        record = UsageRecord.objects.get(record_id=f"slurm-9999000{number}")
        assert record.resource == "cpu"


def test_headerless_corpus_needs_columns(tmp_path):
    dc = make_data_centre("fox2")
    path = CORPUS / "sonar_sacct-output_2024.txt"
    with pytest.raises(CommandError, match="not sacct"):
        call_command("import_sacct", str(path), "--data-centre", dc.code)
    out = StringIO()
    call_command(
        "import_sacct", str(path), "--data-centre", dc.code, "--columns", SONAR_COLUMNS, stdout=out
    )
    assert "unknown_voucher" in out.getvalue()  # the accounts map to no voucher here


@pytest.mark.parametrize(
    "name", ["hb-jobinfo_sacct_snowman-delimited.txt", "sarc_sacct-json_slurm_23_11_5.json"]
)
def test_files_that_are_not_parsable2_output_are_refused(name):
    dc = make_data_centre("dc-x")
    with pytest.raises(DomainError) as exc:
        sacct_import(actor=None, data_centre=dc, text=(CORPUS / name).read_text())
    assert exc.value.code == "not_sacct"
    assert UsageRecord.objects.count() == 0


def test_resource_file_skips_unfinished_jobs():
    dc = make_data_centre("dc-y")
    text = SONAR_COLUMNS + "\n" + (CORPUS / "sonar_fox_sacct_resource.txt").read_text()
    summary = sacct_import(actor=None, data_centre=dc, text=text)
    assert summary.accepted == 0
    assert {why for _job, why in summary.skipped} == {"not_finished"}


def test_upload_through_the_api(fox, api_client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.compute.factories import operator_of

    dc, path = fox
    _vouchers_for_accounts(dc, path)
    client = api_client_for(operator_of(dc))
    upload = SimpleUploadedFile("fox.txt", path.read_bytes(), content_type="text/plain")
    first = client.post("/api/v1/compute/sacct", {"file": upload})
    assert first.status_code == 200, first.content
    body = first.json()
    assert body["accepted"] > 0 and body["skipped"]["not_finished"] > 0
    upload = SimpleUploadedFile("fox.txt", path.read_bytes(), content_type="text/plain")
    again = client.post("/api/v1/compute/sacct", {"file": upload}).json()
    assert (again["accepted"], again["duplicates"]) == (0, body["accepted"])
    json_file = SimpleUploadedFile(
        "x.json", (CORPUS / "sarc_sacct-json_slurm_23_11_5.json").read_bytes()
    )
    refused = client.post("/api/v1/compute/sacct", {"file": json_file})
    assert refused.status_code == 400 and refused.json()["code"] == "not_sacct"
    binary = SimpleUploadedFile("x.bin", b"\xff\xfe\x00\x01")
    assert client.post("/api/v1/compute/sacct", {"file": binary}).status_code == 400


def test_upload_in_the_data_centre_page(fox, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.compute.factories import operator_of

    dc, path = fox
    _vouchers_for_accounts(dc, path)
    client = client_for(operator_of(dc))
    url = f"/compute/data-centres/{dc.code}/"
    upload = SimpleUploadedFile("fox.txt", path.read_bytes(), content_type="text/plain")
    response = client.post(url, {"action": "sacct", "sacct-file": upload}, follow=True)
    assert response.status_code == 200
    assert UsageRecord.objects.filter(data_centre=dc).exists()
    bad = SimpleUploadedFile("x.txt", b"hello|world\n1|2\n")
    page = client.post(url, {"action": "sacct", "sacct-file": bad}).content.decode()
    assert "error-summary" in page


def test_page_upload_shows_progress_and_reloads_with_the_result(fox, client_for):
    """Long work shows progress: the form posts through htmx with a live status, and
    the page is shown anew (with the summary) once the import has run."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.compute.factories import operator_of

    dc, path = fox
    _vouchers_for_accounts(dc, path)
    client = client_for(operator_of(dc))
    url = f"/compute/data-centres/{dc.code}/"
    page = client.get(url).content.decode()
    assert 'hx-indicator="#sacct-busy"' in page
    assert 'id="sacct-busy" class="htmx-indicator busy" role="status"' in page
    upload = SimpleUploadedFile("fox.txt", path.read_bytes(), content_type="text/plain")
    response = client.post(url, {"action": "sacct", "sacct-file": upload}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Redirect"] == url
    assert "Importiert: " in client.get(url).content.decode()
