"""`kivoucher import-sacct`: a Slurm accounting file through the usage ingest path."""

from collections import Counter
from dataclasses import dataclass

from kivoucher.compute.models import DataCentre, IngestBatch
from kivoucher.compute.sacct import NotSacctOutput, sacct_parse
from kivoucher.compute.services.ingest import IngestOutcome, RecordResult, usage_ingest
from kivoucher.core.errors import DomainError


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


def sacct_import(
    *,
    actor,
    data_centre: DataCentre,
    text: str,
    filename: str = "",
    columns: list[str] | None = None,
    delimiter: str = "|",
) -> ImportSummary:
    try:
        parsed = sacct_parse(text, data_centre=data_centre, columns=columns, delimiter=delimiter)
    except NotSacctOutput as exc:
        raise DomainError(str(exc), code="not_sacct")
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
