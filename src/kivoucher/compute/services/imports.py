"""`kivoucher import-sacct` and the sacct upload: a Slurm accounting file through the
usage ingest path.

The file is read in chunks and parsed line by line, within the limits of every
upload: at most `KIVOUCHER_MAX_UPLOAD_BYTES` and at most as many jobs as the usage
API takes in one request (`ingest.MAX_RECORDS`).
"""

import codecs
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kivoucher.compute.models import DataCentre, IngestBatch
from kivoucher.compute.sacct import NotSacctOutput, TooManyJobs, sacct_parse
from kivoucher.compute.services import ingest
from kivoucher.compute.services.ingest import IngestOutcome, RecordResult, usage_ingest
from kivoucher.core.errors import DomainError

CHUNK = 64 * 1024


@dataclass
class ImportSummary:
    outcome: IngestOutcome
    skipped: list[tuple[str, str]]

    @property
    def accepted(self) -> int:
        return self.outcome.batch.accepted

    @property
    def duplicates(self) -> int:
        return self.outcome.batch.duplicates

    @property
    def rejected(self) -> int:
        return self.outcome.batch.rejected

    def lines(self) -> list[str]:
        batch = self.outcome.batch
        out = [
            f"accepted: {batch.accepted} (charged {batch.charged} EUR, uncovered "
            f"{batch.uncovered} EUR)",
            f"duplicates: {batch.duplicates} (already imported, charged nothing)",
            f"rejected: {batch.rejected}",
        ]
        for reason, count in sorted(
            Counter(r.reason for r in self.outcome.results if r.reason).items()
        ):
            out.append(f"  {reason}: {count}")
        out.append(f"skipped: {len(self.skipped)}")
        for why, count in sorted(Counter(w for _j, w in self.skipped).items()):
            out.append(f"  {why}: {count}")
        return out


def _too_large() -> DomainError:
    return DomainError(
        _("The file is too large: at most %(limit)s are allowed.")
        % {"limit": filesizeformat(settings.KIVOUCHER_MAX_UPLOAD_BYTES)},
        code="file_too_large",
        status=413,
    )


def _not_utf8() -> DomainError:
    return DomainError(_("The file is not UTF-8 text."), code="not_sacct")


def file_lines(file) -> Iterator[str]:
    """The lines of a binary file (an upload, an open file), decoded as UTF-8 chunk by
    chunk; a file above the upload limit is refused before or while it is read."""
    limit = settings.KIVOUCHER_MAX_UPLOAD_BYTES
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise _too_large()
    if hasattr(file, "seek"):
        file.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    read, pending = 0, []
    while chunk := file.read(CHUNK):
        read += len(chunk)
        if read > limit:
            raise _too_large()
        try:
            text = decoder.decode(chunk)
        except UnicodeDecodeError:
            raise _not_utf8() from None
        if "\n" not in text:  # a long line: keep the pieces, join them once
            pending.append(text)
            continue
        first, *middle, last = text.split("\n")
        yield "".join([*pending, first])
        yield from middle
        pending = [last]
    try:
        pending.append(decoder.decode(b"", final=True))
    except UnicodeDecodeError:
        raise _not_utf8() from None
    if tail := "".join(pending):
        yield tail


def sacct_import(
    *,
    actor,
    data_centre: DataCentre,
    file=None,
    text: str | None = None,
    filename: str = "",
    columns: list[str] | None = None,
    delimiter: str = "|",
) -> ImportSummary:
    """Import a sacct file (`file`, binary, read in chunks) or its `text`."""
    if (file is None) == (text is None):
        raise TypeError("pass either file or text")
    limit = ingest.MAX_RECORDS
    lines = file_lines(file) if file is not None else iter(text.split("\n"))
    try:
        parsed = sacct_parse(
            lines, data_centre=data_centre, columns=columns, delimiter=delimiter, max_records=limit
        )
    except NotSacctOutput as exc:
        raise DomainError(str(exc), code="not_sacct")
    except TooManyJobs:
        raise DomainError(
            _(
                "The file has more than %(n)s jobs, the most one upload takes: split it by "
                "time (sacct --starttime/--endtime)."
            )
            % {"n": number_format(limit, force_grouping=True)},
            code="too_many_records",
            status=413,
        ) from None
    pre = [RecordResult(job, "rejected", reason=reason) for job, reason in parsed.rejected]
    outcome = usage_ingest(
        data_centre=data_centre,
        records=parsed.records,
        source=IngestBatch.Source.SACCT,
        actor=actor,
        filename=filename,
        pre_rejected=pre,
    )
    return ImportSummary(outcome=outcome, skipped=parsed.skipped)


# --- Grid accounting: EGI APEL messages and OGF Usage Records ------------------------


@dataclass
class AccountingImport:
    """The outcome of an APEL or UR import: one result per record of the file, in the
    file's order (records rejected before the ingest among the ingest's)."""

    outcome: IngestOutcome
    results: list[RecordResult]

    @property
    def accepted(self) -> int:
        return self.outcome.batch.accepted

    @property
    def duplicates(self) -> int:
        return self.outcome.batch.duplicates

    @property
    def rejected(self) -> int:
        return self.outcome.batch.rejected

    def lines(self) -> list[str]:
        batch = self.outcome.batch
        out = [
            f"records: {len(self.results)}",
            f"accepted: {batch.accepted} (charged {batch.charged} EUR, uncovered "
            f"{batch.uncovered} EUR)",
            f"duplicates: {batch.duplicates} (already imported, charged nothing)",
            f"rejected: {batch.rejected}",
        ]
        for reason, count in sorted(Counter(r.reason for r in self.results if r.reason).items()):
            out.append(f"  {reason}: {count}")
        if not batch.accepted and not batch.duplicates:
            out.append("no usable usage records in the file")
        return out


def _read_limited(file) -> bytes:
    limit = settings.KIVOUCHER_MAX_UPLOAD_BYTES
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise _too_large()
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(limit + 1)
    if len(data) > limit:
        raise _too_large()
    return data


def accounting_import(
    *,
    actor,
    data_centre: DataCentre,
    fmt: str,
    file=None,
    data: bytes | str | None = None,
    filename: str = "",
) -> AccountingImport:
    """Import an APEL message (`fmt="apel"`) or an OGF usage record document
    (`fmt="ogf_ur"`) from a binary `file` or its `data`, through the usage ingest.

    A file that is not of the format, or holds no record at all, is a DomainError
    (`not_apel`, `not_usage_record`, `no_records`); more records than one request
    takes is 413 `too_many_records`."""
    from kivoucher.compute.accounting import NotAccountingFile, Rejected, usage_records
    from kivoucher.compute.apel import parse_apel
    from kivoucher.compute.ogf_ur import parse_ur

    if (file is None) == (data is None):
        raise TypeError("pass either file or data")
    if file is not None:
        data = _read_limited(file)
    elif isinstance(data, str):
        data = data.encode()
    if len(data) > settings.KIVOUCHER_MAX_UPLOAD_BYTES:
        raise _too_large()
    code = "not_apel" if fmt == "apel" else "not_usage_record"
    try:
        if fmt == "apel":
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                raise DomainError(_("The file is not UTF-8 text."), code=code) from None
            items = parse_apel(text)
            source = IngestBatch.Source.APEL
        else:
            items = parse_ur(data)
            source = IngestBatch.Source.OGF_UR
    except NotAccountingFile as exc:
        message = (
            _("This is not an APEL accounting message: %(why)s.")
            if fmt == "apel"
            else _("This is not an OGF usage record document: %(why)s.")
        )
        raise DomainError(message % {"why": str(exc)}, code=code) from None
    if not items:
        raise DomainError(_("The file holds no usage records."), code="no_records")
    limit = ingest.MAX_RECORDS
    if len(items) > limit:
        raise DomainError(
            _("The file has more than %(n)s records, the most one upload takes: split it.")
            % {"n": number_format(limit, force_grouping=True)},
            code="too_many_records",
            status=413,
        )
    mapped = usage_records(items, data_centre=data_centre)
    records = [m for m in mapped if not isinstance(m, Rejected)]
    pre = [
        RecordResult(m.identity, "rejected", reason=m.reason)
        for m in mapped
        if isinstance(m, Rejected)
    ]
    outcome = usage_ingest(
        data_centre=data_centre,
        records=records,
        source=source,
        actor=actor,
        filename=filename,
        pre_rejected=pre,
    )
    # The ingest answers the pre-rejected first, then the records: back to file order.
    early, charged = iter(outcome.results[: len(pre)]), iter(outcome.results[len(pre) :])
    results = [next(early) if isinstance(m, Rejected) else next(charged) for m in mapped]
    return AccountingImport(outcome=outcome, results=results)
