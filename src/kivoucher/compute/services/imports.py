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
