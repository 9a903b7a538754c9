"""Issue 17 item 5: EGI APEL accounting messages through the usage ingest, over the
corpus files (shared/corpora/apel, see its SOURCES.md): every file parses or is
refused clearly, re-imports charge nothing twice, unmapped records are reported.
HTTP exchanges are checked against /api/openapi.json."""

import json
from datetime import UTC, datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kivoucher.compute.accounting import NotAccountingFile, Rejected, Usage
from kivoucher.compute.apel import parse_apel
from kivoucher.compute.models import IngestBatch, UsageRecord
from kivoucher.compute.services.pricing import price_list_publish
from kivoucher.compute.services.vouchers import compute_voucher_set_slurm_account
from kivoucher.core.roles import Role
from tests.compute.factories import PRICES, issue, make_data_centre, operator_of
from tests.corpora import corpus
from tests.e2e.openapi_check import CheckedApi, _operation
from tests.factories import OrganisationFactory, member_of

CORPUS = corpus("apel")
URL = "/api/v1/compute/usage/apel"
LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)  # before every corpus record


def read(name: str) -> str:
    return (CORPUS / name).read_text()


# file -> the parsed items: "cpu"/"gpu" for usage, else the rejection reason
EXPECTED = {
    "individual-job-message_v0.1.txt": ["cpu", "cpu"],
    "individual-job-message_v0.4.txt": ["cpu", "cpu"],
    "summary-job-message_v0.2.txt": ["cpu", "cpu"],
    "summary-job-message_v0.3.txt": ["cpu"],
    "summary-job-message_v0.4.txt": ["cpu"],
    "normalised-summary-message_v0.4.txt": ["cpu", "cpu", "cpu"],
    "sync-message_v0.1.txt": ["unsupported_record"],
    "cloud-message_v0.4_minimal.txt": ["unsupported_record"],
    "cloud-summary-message_v0.4.txt": ["unsupported_record"],
    # the documentation's placeholders between %% lines are no records
    "cloud-message_v0.4_egi-docs-sample.txt": [
        "unsupported_record",
        "malformed_record",
        "malformed_record",
    ],
    "accelerator-message_v0.1_apel-test.json": ["gpu", "unknown_resource"],  # GPU, FPGA
    "accelerator-message_v0.1_caso-fixture.json": ["gpu", "gpu"],
    # one record without a header, of Type "Accelerator" (not a GPU)
    "accelerator-record_keyvalue_apel-test.txt": ["unknown_resource"],
}


def kinds(items) -> list[str]:
    return [i.kind if isinstance(i, Usage) else i.reason for i in items]


def test_the_corpus_is_covered():
    files = {p.name for p in CORPUS.iterdir() if p.name != "SOURCES.md"}
    assert files == set(EXPECTED) | {"accelerator-message_v0.1_egi-docs-sample.txt"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_corpus_file_parses(name):
    items = parse_apel(read(name))
    assert kinds(items) == EXPECTED[name]
    # Ids are stable: the same file gives the same ids, and they differ between records.
    again = parse_apel(read(name))
    assert [i.identity for i in items] == [i.identity for i in again]
    usage = [i.identity for i in items if isinstance(i, Usage)]
    assert len(set(usage)) == len(usage)
    assert all(len(i) <= 200 for i in usage)


def test_the_documentations_accelerator_sample_is_not_json():
    with pytest.raises(NotAccountingFile, match="not valid JSON"):
        parse_apel(read("accelerator-message_v0.1_egi-docs-sample.txt"))


def test_what_a_job_record_becomes():
    first, _second = parse_apel(read("individual-job-message_v0.1.txt"))
    assert first.seconds == Decimal(234256 * 2)  # WallDuration × Processors
    assert first.end == datetime.fromtimestamp(1234567899, tz=UTC)
    assert first.names[0] == "voname"  # the FQAN's VO
    assert first.user == "atlasprd019"
    assert first.identity.startswith("apel-job-31564872-")


def test_a_summary_covers_its_month():
    march, april = parse_apel(read("summary-job-message_v0.2.txt"))
    assert (march.start, march.end) == (
        datetime(2010, 3, 1, tzinfo=UTC),
        datetime(2010, 4, 1, tzinfo=UTC),
    )
    assert march.monthly and march.names[:2] == ["atlas", "atlas"]
    assert march.identity != april.identity


@pytest.fixture
def grid(db, api_client_for):
    dc = make_data_centre("grid-site", prices=False)
    price_list_publish(actor=None, data_centre=dc, valid_from=LONG_AGO, items=PRICES)
    voucher = issue(dc, value=Decimal("100000"), issued_at=LONG_AGO)
    return dc, voucher, CheckedApi(api_client_for(operator_of(dc)))


def post(api: CheckedApi, text: str, content_type="text/plain"):
    response = api.client.post(URL, text, content_type=content_type)
    return api._answer(_operation("POST", URL), "POST", URL, response)


def test_job_records_are_charged_once(grid):
    dc, voucher, api = grid
    compute_voucher_set_slurm_account(actor=None, voucher=voucher, slurm_account="voname")
    text = read("individual-job-message_v0.1.txt")
    results = post(api, text).json()["results"]
    assert [(r["status"], r["reason"]) for r in results] == [("accepted", None)] * 2
    records = UsageRecord.objects.filter(voucher=voucher).order_by("record_id")
    assert [r.resource for r in records] == ["cpu", "cpu"]
    assert records[0].quantity == Decimal("130.142222")  # 234256 s × 2 cores
    voucher.account.refresh_from_db()
    balance = voucher.account.balance
    assert balance < Decimal("100000")
    again = post(api, text).json()["results"]
    assert [r["status"] for r in again] == ["duplicate", "duplicate"]
    assert [r["id"] for r in again] == [r["id"] for r in results]
    voucher.account.refresh_from_db()
    assert voucher.account.balance == balance
    assert IngestBatch.objects.filter(source=IngestBatch.Source.APEL).count() == 2


def test_summaries_are_charged_within_the_vouchers_validity(grid):
    dc, _voucher, api = grid
    # A voucher issued in the middle of March 2010: March counts from its issue.
    issued = datetime(2010, 3, 15, 12, tzinfo=UTC)
    voucher = issue(dc, value=Decimal("100000"), issued_at=issued)
    compute_voucher_set_slurm_account(actor=None, voucher=voucher, slurm_account="atlas")
    results = post(api, read("summary-job-message_v0.2.txt")).json()["results"]
    assert [r["status"] for r in results] == ["accepted", "accepted"]
    march, april = UsageRecord.objects.filter(voucher=voucher).order_by("start")
    assert (march.start, march.end) == (issued, datetime(2010, 4, 1, tzinfo=UTC))
    assert april.start == datetime(2010, 4, 1, tzinfo=UTC)
    assert march.quantity == Decimal("65.071111")  # 234256 s, no processor count: one


def test_gpu_records_are_charged_in_gpu_hours(grid):
    dc, voucher, api = grid
    # FQAN1 names the account fqan1: Slurm keeps account names in lower case.
    compute_voucher_set_slurm_account(actor=None, voucher=voucher, slurm_account="fqan1")
    results = post(api, read("accelerator-message_v0.1_apel-test.json"), "application/json")
    results = results.json()["results"]
    assert [(r["status"], r["reason"]) for r in results] == [
        ("accepted", None),
        ("rejected", "unknown_resource"),  # the FPGA
    ]
    record = UsageRecord.objects.get(voucher=voucher)
    assert record.resource == "gpu-generic"  # Model1 names no typed GPU of the price list
    assert record.quantity == Decimal("0.833333")  # 6000 s available × 0.5 GPU
    # A model the price list knows by its Slurm TRES type.
    message = json.loads(read("accelerator-message_v0.1_apel-test.json"))
    gpu = dict(message["UsageRecords"][0], Model="NVIDIA H100 80GB HBM3", AssociatedRecord="vm-2")
    message["UsageRecords"] = [gpu]
    results = post(api, json.dumps(message), "application/json").json()["results"]
    assert results[0]["status"] == "accepted"
    assert UsageRecord.objects.get(record_id=results[0]["id"]).resource == "h100-80gb"


def test_records_that_cannot_be_mapped_are_reported(grid):
    _dc, _voucher, api = grid
    results = post(api, read("accelerator-message_v0.1_caso-fixture.json")).json()["results"]
    assert [(r["status"], r["reason"]) for r in results] == [("rejected", "unknown_voucher")] * 2
    assert all(r["id"].startswith("apel-gpu-") for r in results)
    results = post(api, read("sync-message_v0.1.txt")).json()["results"]
    assert [(r["status"], r["reason"]) for r in results] == [("rejected", "unsupported_record")]
    assert not UsageRecord.objects.exists()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (read("accelerator-message_v0.1_egi-docs-sample.txt"), "not_apel"),
        ("hello world\nthis is no message\n", "not_apel"),
        ("Subject: hello\nFrom: someone\n", "not_apel"),
        ("", "not_apel"),
        ("APEL-storage-message: v0.1\n%%\n", "not_apel"),
        ("APEL-individual-job-message: v0.1\n%%\n", "no_records"),
        ('{"Type": "APEL-accelerator-message", "UsageRecords": []}', "no_records"),
    ],
)
def test_a_malformed_file_is_a_clear_400(grid, text, code):
    _dc, _voucher, api = grid
    response = post(api, text)
    assert response.status_code == 400
    assert response.json()["code"] == code and response.json()["message"]


def test_binary_data_is_refused(grid):
    _dc, _voucher, api = grid
    response = api.client.post(URL, b"\xff\xfe\x00garbage", content_type="text/plain")
    assert response.status_code == 400


def test_only_data_centre_operators_import(grid, api_client_for):
    applicant = CheckedApi(api_client_for(member_of(OrganisationFactory(), role=Role.APPLICANT)))
    assert post(applicant, read("individual-job-message_v0.1.txt")).status_code == 403


def test_the_command_prints_a_summary(grid):
    dc, voucher, _api = grid
    compute_voucher_set_slurm_account(actor=None, voucher=voucher, slurm_account="voname")
    path = str(CORPUS / "individual-job-message_v0.4.txt")
    out = StringIO()
    call_command("import_apel", path, "--data-centre", dc.code, stdout=out)
    lines = out.getvalue().splitlines()
    # The v0.4 file's second record is the v0.1 file's second job; the first has no VO
    # a voucher is mapped to (its FQAN's VO is host.org).
    assert "records: 2" in lines
    assert any(line.startswith("accepted: 1 ") for line in lines)
    assert "  unknown_voucher: 1" in lines
    out = StringIO()
    call_command("import_apel", path, "--data-centre", dc.code, stdout=out)
    assert any(line.startswith("duplicates: 1 ") for line in out.getvalue().splitlines())
    out = StringIO()
    call_command(
        "import_apel", str(CORPUS / "sync-message_v0.1.txt"), "--data-centre", dc.code, stdout=out
    )
    assert "no usable usage records in the file" in out.getvalue()
    with pytest.raises(CommandError, match="No data centre"):
        call_command("import_apel", path, "--data-centre", "nowhere")
    bad = str(CORPUS / "accelerator-message_v0.1_egi-docs-sample.txt")
    with pytest.raises(CommandError, match="JSON"):
        call_command("import_apel", bad, "--data-centre", dc.code)


def test_rejected_items_keep_the_files_order(grid):
    dc, voucher, api = grid
    compute_voucher_set_slurm_account(actor=None, voucher=voucher, slurm_account="fqan1")
    message = json.loads(read("accelerator-message_v0.1_apel-test.json"))
    fpga, gpu = message["UsageRecords"][1], message["UsageRecords"][0]
    message["UsageRecords"] = [fpga, gpu, "not a record"]
    results = post(api, json.dumps(message)).json()["results"]
    assert [(r["status"], r["reason"]) for r in results] == [
        ("rejected", "unknown_resource"),
        ("accepted", None),
        ("rejected", "malformed_record"),
    ]
    assert isinstance(parse_apel(json.dumps(message))[2], Rejected)
