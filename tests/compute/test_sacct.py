"""The Slurm import over the corpus files: idempotent, with a summary."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from kivoucher.compute.models import UsageRecord
from kivoucher.compute.services.imports import sacct_import
from kivoucher.compute.services.pricing import price_list_publish
from kivoucher.compute.services.vouchers import compute_voucher_set_slurm_account
from kivoucher.core.errors import DomainError
from tests.compute.factories import issue, make_data_centre
from tests.corpora import corpus

pytestmark = pytest.mark.django_db
CORPUS = corpus("slurm")
LONG_AGO = timezone.now() - timezone.timedelta(days=3000)  # before the corpus jobs
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
        voucher = issue(dc, value=Decimal("200000"), issued_at=LONG_AGO)
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
    page = client.post(url, {"action": "sacct", "sacct-file": bad}, follow=True).content.decode()
    assert 'class="error"' in page  # the import task failed and its progress says why
    empty = client.post(url, {"action": "sacct"}).content.decode()
    assert "error-summary" in empty  # a form error stays on the page


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
    fragment = response.content.decode()
    # the import ran as a task (immediately in tests); the status links to the summary
    assert 'id="sacct-import"' in fragment and "Importiert: " in fragment
    result_url = fragment.split('<a href="')[1].split('"')[0].replace("&amp;", "&")
    assert result_url.startswith(url + "?import=")
    assert 'id="import-result"' in client.get(result_url).content.decode()


# --- Limits (issue 23.6) and validity (issue 21.29) -------------------------------

HEADER = "JobIDRaw|Account|ElapsedRaw|AllocTRES|State|Start|End"


def _jobs(account: str, count: int, *, first: int = 1, end=None) -> bytes:
    end = (end or timezone.now() - timezone.timedelta(hours=1)).replace(microsecond=0)
    start = end - timezone.timedelta(hours=1)
    lines = [HEADER]
    for job in range(first, first + count):
        row = f"{job}|{account}|3600|cpu=1,gres/gpu:h100=1|COMPLETED"
        lines.append(f"{row}|{start:%Y-%m-%dT%H:%M:%S}|{end:%Y-%m-%dT%H:%M:%S}")
        lines.append(f"{job}.batch|{account}|3600|cpu=1|COMPLETED|{start:%Y-%m-%dT%H:%M:%S}|")
    return ("\n".join(lines) + "\n").encode()


class ChunksOnly:
    """A binary file that can only be read in chunks: reading it whole fails the test."""

    def __init__(self, data: bytes, name: str = "sacct.txt"):
        import io

        self._io, self.name, self.size, self.biggest = io.BytesIO(data), name, None, 0

    def read(self, size=-1):
        assert size is not None and 0 < size <= 1024 * 1024, "read whole into memory"
        self.biggest = max(self.biggest, size)
        return self._io.read(size)


@pytest.fixture
def slurm_dc():
    dc = make_data_centre("dc-slurm")
    voucher = issue(dc, value=Decimal("100000"))
    compute_voucher_set_slurm_account(actor=None, voucher=voucher, slurm_account="proj-a")
    return dc, voucher


def test_the_file_is_read_in_chunks_not_whole(slurm_dc):
    dc, voucher = slurm_dc
    stream = ChunksOnly(_jobs("proj-a", 300))
    summary = sacct_import(actor=None, data_centre=dc, file=stream, filename=stream.name)
    assert summary.accepted == 300
    assert UsageRecord.objects.filter(voucher=voucher).count() == 300


def test_a_file_above_the_upload_limit_is_refused_while_reading(slurm_dc, settings):
    dc, _voucher = slurm_dc
    data = _jobs("proj-a", 60)
    settings.KIVOUCHER_MAX_UPLOAD_BYTES = len(data) - 1
    with pytest.raises(DomainError) as exc:  # the size is not known beforehand
        sacct_import(actor=None, data_centre=dc, file=ChunksOnly(data))
    assert exc.value.code == "file_too_large"
    assert UsageRecord.objects.count() == 0
    settings.KIVOUCHER_MAX_UPLOAD_BYTES = len(data)
    assert sacct_import(actor=None, data_centre=dc, file=ChunksOnly(data)).accepted == 60


def test_more_jobs_than_the_usage_api_takes_are_refused(slurm_dc, monkeypatch):
    from kivoucher.compute.services import ingest

    dc, _voucher = slurm_dc
    monkeypatch.setattr(ingest, "MAX_RECORDS", 50)
    with pytest.raises(DomainError) as exc:
        sacct_import(actor=None, data_centre=dc, file=ChunksOnly(_jobs("proj-a", 51)))
    assert (exc.value.code, exc.value.status) == ("too_many_records", 413)
    assert "50" in exc.value.message
    assert UsageRecord.objects.count() == 0
    assert sacct_import(actor=None, data_centre=dc, file=ChunksOnly(_jobs("proj-a", 50))).accepted


def test_the_record_limit_is_the_usage_apis(slurm_dc):
    from kivoucher.compute.services.ingest import MAX_RECORDS

    dc, _voucher = slurm_dc
    with pytest.raises(DomainError) as exc:
        sacct_import(actor=None, data_centre=dc, file=ChunksOnly(_jobs("proj-a", MAX_RECORDS + 1)))
    assert exc.value.code == "too_many_records"
    assert "10.000" in exc.value.message


def test_api_upload_limits(slurm_dc, api_client_for, settings, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kivoucher.compute.services import ingest
    from tests.compute.factories import operator_of

    dc, _voucher = slurm_dc
    client = api_client_for(operator_of(dc))
    data = _jobs("proj-a", 40)
    settings.KIVOUCHER_MAX_UPLOAD_BYTES = 1000
    big = client.post("/api/v1/compute/sacct", {"file": SimpleUploadedFile("s.txt", data)})
    assert big.status_code == 413, big.content
    # refused by the request limits (core/request_limits.py) or else by the import
    assert big.json()["code"] in {"too_large", "file_too_large"}
    settings.KIVOUCHER_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
    monkeypatch.setattr(ingest, "MAX_RECORDS", 39)
    many = client.post("/api/v1/compute/sacct", {"file": SimpleUploadedFile("s.txt", data)})
    assert many.status_code == 413 and many.json()["code"] == "too_many_records"
    assert UsageRecord.objects.count() == 0
    monkeypatch.setattr(ingest, "MAX_RECORDS", 40)
    ok = client.post("/api/v1/compute/sacct", {"file": SimpleUploadedFile("s.txt", data)})
    assert ok.status_code == 200 and ok.json()["accepted"] == 40


def test_page_upload_above_the_limit_shows_the_reason(slurm_dc, client_for, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.compute.factories import operator_of

    dc, _voucher = slurm_dc
    client = client_for(operator_of(dc))
    settings.KIVOUCHER_MAX_UPLOAD_BYTES = 1000
    upload = SimpleUploadedFile("s.txt", _jobs("proj-a", 40))
    response = client.post(
        f"/compute/data-centres/{dc.code}/", {"action": "sacct", "sacct-file": upload}
    )
    # refused by the request limits (413, core/request_limits.py) or else by the import
    page = response.content.decode()
    assert "zu groß" in page or "too large" in page
    assert UsageRecord.objects.count() == 0


def test_command_refuses_a_file_above_the_limit(slurm_dc, settings, tmp_path):
    dc, _voucher = slurm_dc
    path = tmp_path / "big.txt"
    path.write_bytes(_jobs("proj-a", 40))
    settings.KIVOUCHER_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(CommandError, match="too large|zu groß"):
        call_command("import_sacct", str(path), "--data-centre", dc.code)
    assert UsageRecord.objects.count() == 0


def test_jobs_before_the_voucher_was_issued_are_rejected(slurm_dc):
    dc, voucher = slurm_dc
    before = voucher.issued_at - timezone.timedelta(hours=2)
    data = _jobs("proj-a", 2, end=before) + _jobs("proj-a", 1, first=3).split(b"\n", 1)[1]
    summary = sacct_import(actor=None, data_centre=dc, file=ChunksOnly(data))
    results = {r.id: (r.status, r.reason) for r in summary.outcome.results}
    assert results == {
        "slurm-1": ("rejected", "outside_validity"),
        "slurm-2": ("rejected", "outside_validity"),
        "slurm-3": ("accepted", None),
    }


def test_an_overlong_job_id_is_rejected_per_job(slurm_dc):
    dc, _voucher = slurm_dc
    data = _jobs("proj-a", 1).replace(b"\n1|", b"\n" + b"9" * 300 + b"|")
    summary = sacct_import(actor=None, data_centre=dc, file=ChunksOnly(data))
    assert [(r.status, r.reason) for r in summary.outcome.results] == [("rejected", "invalid_id")]
