"""Issue 17 item 5: OGF Usage Record 1.0 documents through the usage ingest, over the
corpus files (shared/corpora/ogf-ur, see its SOURCES.md). HTTP exchanges are checked
against /api/openapi.json."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kivoucher.compute.accounting import NotAccountingFile, Rejected, Usage
from kivoucher.compute.models import IngestBatch, UsageRecord
from kivoucher.compute.ogf_ur import parse_ur
from kivoucher.compute.services.pricing import price_list_publish
from kivoucher.compute.services.vouchers import compute_voucher_set_slurm_account
from tests.compute.factories import PRICES, issue, make_data_centre, operator_of
from tests.corpora import corpus
from tests.e2e.openapi_check import CheckedApi, _operation

CORPUS = corpus("ogf-ur")
URL = "/api/v1/compute/usage/ogf-ur"
LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)


def read(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


# file -> (core-seconds, the names the voucher is looked up by, the local user) per record
EXPECTED = {
    "sgas_ur1_jobusagerecord_minimal.xml": [(Decimal("234.1"), [], "")],
    "sgas_usagerecords_container.xml": [(Decimal(456), [], ""), (Decimal(678), [], "")],
    "sgas_ur_bad_exit_code.xml": [(Decimal(10), ["atlas"], "sgastest")],
    "sgas_urt_jobusagerecord_vo_filetransfers.xml": [(Decimal(10), ["atlas"], "sgastest")],
    "gracc_osg_gratia_JobUsageRecord01.xml": [
        (Decimal(3600), ["aws-no project name given", "nova", "nova"], "aws account user")
    ],
    "gracc_osg_gratia_JobUsageRecord02.xml": [(Decimal(4), ["mscfops"], "scottmo")],
    "gracc_osg_gratia_JobUsageRecord03.xml": [(Decimal(2748 * 32), ["g13563"], "foobar")],
    "apel_emi-car_arc_usagerecords.xml": [(Decimal(4), [], "gridtest")],
    "apel_emi-car_unicore_usagerecord.xml": [(Decimal(0), ["users"], "bjoernh")],
}


def test_the_corpus_is_covered():
    assert {p.name for p in CORPUS.glob("*.xml")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_corpus_file_parses(name):
    items = parse_ur(read(name))
    assert all(isinstance(i, Usage) for i in items)
    assert [(i.seconds, i.names, i.user) for i in items] == EXPECTED[name]
    assert all(i.end is not None and i.start is not None and i.start <= i.end for i in items)
    assert [i.identity for i in items] == [i.identity for i in parse_ur(read(name))]
    assert all(i.identity.startswith("ur-") and len(i.identity) <= 200 for i in items)


def test_times_and_ids():
    (unicore,) = parse_ur(read("apel_emi-car_unicore_usagerecord.xml"))
    assert unicore.end == datetime(2013, 2, 22, 14, 58, 45, tzinfo=UTC)  # +01:00
    (lomax,) = parse_ur(read("gracc_osg_gratia_JobUsageRecord03.xml"))
    # No StartTime: the end less the wall time.
    assert lomax.start == lomax.end - timedelta(minutes=45, seconds=48)
    first, second = parse_ur(read("sgas_usagerecords_container.xml"))
    assert first.identity != second.identity
    assert first.identity.startswith("ur-gsiftp://example.org/jobs/3-")


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"", "empty"),
        (b"<not-closed>", "not well-formed"),
        (b"<r xmlns='urn:other'/>", "namespace"),
        (b"<UsageRecord/>", "no namespace"),
        (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;">]>'
            b'<JobUsageRecord xmlns="http://schema.ogf.org/urf/2003/09/urf">&lol2;'
            b"</JobUsageRecord>",
            "refused",
        ),
        (b'<Foo xmlns="http://schema.ogf.org/urf/2003/09/urf"/>', "root element is 'Foo'"),
    ],
)
def test_what_is_no_usage_record_document(data, why):
    with pytest.raises(NotAccountingFile, match=why):
        parse_ur(data)


def test_a_running_job_and_a_broken_record():
    document = b"""<ur:UsageRecords xmlns:ur="http://schema.ogf.org/urf/2003/09/urf">
      <ur:JobUsageRecord>
        <ur:RecordIdentity ur:recordId="running-1"/>
        <ur:Status>started</ur:Status>
        <ur:StartTime>2020-01-01T00:00:00Z</ur:StartTime>
        <ur:EndTime>2020-01-01T01:00:00Z</ur:EndTime>
        <ur:WallDuration>PT1H</ur:WallDuration>
      </ur:JobUsageRecord>
      <ur:JobUsageRecord>
        <ur:RecordIdentity ur:recordId="broken-1"/>
        <ur:EndTime>2020-01-01T01:00:00Z</ur:EndTime>
        <ur:WallDuration>one hour</ur:WallDuration>
      </ur:JobUsageRecord>
      <ur:JobUsageRecord><ur:Status>completed</ur:Status></ur:JobUsageRecord>
    </ur:UsageRecords>"""
    running, broken, anonymous = parse_ur(document)
    assert isinstance(running, Usage) and running.end is None
    assert isinstance(broken, Rejected) and broken.reason == "malformed_record"
    assert isinstance(anonymous, Rejected) and anonymous.reason == "malformed_record"


@pytest.fixture
def grid(db, api_client_for):
    dc = make_data_centre("ur-site", prices=False)
    price_list_publish(actor=None, data_centre=dc, valid_from=LONG_AGO, items=PRICES)
    voucher = issue(dc, value=Decimal("100000"), issued_at=LONG_AGO)
    return dc, voucher, CheckedApi(api_client_for(operator_of(dc)))


def post(api: CheckedApi, data: bytes):
    response = api.client.post(URL, data, content_type="application/xml")
    return api._answer(_operation("POST", URL), "POST", URL, response)


def test_the_bad_exit_code_record_is_charged_once(grid):
    """SGAS refuses this record (an exit code out of range); the platform charges the
    usage, which happened, and ignores the exit code."""
    _dc, voucher, api = grid
    compute_voucher_set_slurm_account(actor=None, voucher=voucher, slurm_account="atlas")
    results = post(api, read("sgas_ur_bad_exit_code.xml")).json()["results"]
    assert [(r["status"], r["reason"]) for r in results] == [("accepted", None)]
    record = UsageRecord.objects.get(voucher=voucher)
    assert (record.resource, record.quantity) == ("cpu", Decimal("0.002778"))  # 10 s
    assert record.record_id == results[0]["id"]
    again = post(api, read("sgas_ur_bad_exit_code.xml")).json()["results"]
    assert [r["status"] for r in again] == ["duplicate"]
    assert UsageRecord.objects.count() == 1
    assert IngestBatch.objects.filter(source=IngestBatch.Source.OGF_UR).count() == 2


def test_a_local_user_maps_through_the_vouchers_slurm_users(grid):
    _dc, voucher, api = grid
    compute_voucher_set_slurm_account(
        actor=None, voucher=voucher, slurm_account="arc", users=["gridtest"]
    )
    results = post(api, read("apel_emi-car_arc_usagerecords.xml")).json()["results"]
    assert [r["status"] for r in results] == ["accepted"]
    assert UsageRecord.objects.get().voucher == voucher


def test_a_user_of_two_vouchers_is_ambiguous(grid):
    dc, voucher, api = grid
    compute_voucher_set_slurm_account(
        actor=None, voucher=voucher, slurm_account="arc", users=["gridtest"]
    )
    second = issue(dc, value=Decimal("1000"), issued_at=LONG_AGO)
    compute_voucher_set_slurm_account(
        actor=None, voucher=second, slurm_account="arc-2", users=["gridtest"]
    )
    results = post(api, read("apel_emi-car_arc_usagerecords.xml")).json()["results"]
    assert [(r["status"], r["reason"]) for r in results] == [("rejected", "ambiguous_user")]


def test_projects_and_zero_usage(grid):
    dc, voucher, api = grid
    compute_voucher_set_slurm_account(actor=None, voucher=voucher, slurm_account="mscfops")
    results = post(api, read("gracc_osg_gratia_JobUsageRecord02.xml")).json()["results"]
    assert [r["status"] for r in results] == ["accepted"]
    assert UsageRecord.objects.get().quantity == Decimal("0.001111")  # 4 processors × 1 s
    unicore = issue(dc, value=Decimal("1000"), issued_at=LONG_AGO)
    compute_voucher_set_slurm_account(actor=None, voucher=unicore, slurm_account="users")
    results = post(api, read("apel_emi-car_unicore_usagerecord.xml")).json()["results"]
    assert [(r["status"], r["reason"]) for r in results] == [("rejected", "no_usage")]


def test_records_without_a_voucher_are_reported(grid):
    _dc, _voucher, api = grid
    results = post(api, read("sgas_usagerecords_container.xml")).json()["results"]
    assert [(r["status"], r["reason"]) for r in results] == [("rejected", "unknown_voucher")] * 2
    assert not UsageRecord.objects.exists()


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"<not-closed>", "not_usage_record"),
        (b"", "not_usage_record"),
        (b'<UsageRecords xmlns="http://schema.ogf.org/urf/2003/09/urf"/>', "no_records"),
    ],
)
def test_a_malformed_document_is_a_clear_400(grid, data, code):
    _dc, _voucher, api = grid
    response = post(api, data)
    assert response.status_code == 400
    assert response.json()["code"] == code and response.json()["message"]


def test_the_command_prints_a_summary(grid):
    dc, voucher, _api = grid
    compute_voucher_set_slurm_account(actor=None, voucher=voucher, slurm_account="nova")
    path = str(CORPUS / "gracc_osg_gratia_JobUsageRecord01.xml")
    out = StringIO()
    call_command("import_ur", path, "--data-centre", dc.code, stdout=out)
    assert any(line.startswith("accepted: 1 ") for line in out.getvalue().splitlines())
    assert UsageRecord.objects.get().quantity == Decimal("1.000000")  # PT1H × 1 processor
    out = StringIO()
    call_command("import_ur", path, "--data-centre", dc.code, stdout=out)
    assert any(line.startswith("duplicates: 1 ") for line in out.getvalue().splitlines())
    out = StringIO()
    minimal = str(CORPUS / "sgas_ur1_jobusagerecord_minimal.xml")
    call_command("import_ur", minimal, "--data-centre", dc.code, stdout=out)
    assert "  unknown_voucher: 1" in out.getvalue().splitlines()
    assert "no usable usage records in the file" in out.getvalue()
    with pytest.raises(CommandError, match="OGF|usage record"):
        call_command(
            "import_ur",
            str(CORPUS.parent / "apel" / "sync-message_v0.1.txt"),
            "--data-centre",
            dc.code,
        )
