"""The de-minimis register export: every de-minimis award of the platform and every
later reduction of one, with the fields of the EU transparency / central register
(Regulation (EU) 2023/2831, Art. 6: from 1 January 2026 de-minimis aid is recorded in
a central register at national or Union level), as CSV and XLSX.

One row per award (the amount granted, before any reduction) and one row per reduction
(a negative amount, naming the award it reduces in `award_reference`): the rows of an
award add up to the award as it stands.

Fields:
- beneficiary_id: the organisation's VAT identification number; where it has none,
  its commercial register entry ("<court> <number>"); `beneficiary_id_type` says which
  ("VAT" or "REGISTER");
- beneficiary_name; beneficiary_country "DE";
- aid_measure: the programme's name, aid_measure_code its code;
- aid_instrument: "grant" (Zuschuss), the only instrument of the programme;
- amount_eur: the gross grant equivalent, which for a grant is its nominal amount;
- granted_on: the date of the grant decision (for a reduction: the day it was made);
- granting_authority: settings.KIVOUCHER_GRANTING_AUTHORITY;
- entry_type "award" or "reduction", reference (the platform's reference of the
  award or the reduction), award_reference.
"""

import csv
import io
from decimal import Decimal

from django.conf import settings
from openpyxl import Workbook

from kivoucher.core.spreadsheet import csv_writer, xlsx_row
from kivoucher.programmes.models import AidAward, AidAwardReduction

COLUMNS = [
    "entry_type",
    "reference",
    "award_reference",
    "beneficiary_id",
    "beneficiary_id_type",
    "beneficiary_name",
    "beneficiary_country",
    "aid_measure",
    "aid_measure_code",
    "aid_instrument",
    "amount_eur",
    "granted_on",
    "granting_authority",
]


def _beneficiary(organisation) -> tuple[str, str]:
    if organisation.vat_id:
        return organisation.vat_id, "VAT"
    entry = " ".join(p for p in (organisation.register_court, organisation.register_number) if p)
    return entry, "REGISTER"


def register_rows() -> list[dict]:
    """Awards and reductions, ordered by date, each a dict of COLUMNS."""
    authority = settings.KIVOUCHER_GRANTING_AUTHORITY
    awards = (
        AidAward.objects.filter(source=AidAward.Source.PLATFORM, is_de_minimis=True)
        .select_related("organisation", "programme")
        .order_by("granted_on", "pk")
    )
    reductions: dict[int, list[AidAwardReduction]] = {}
    for reduction in AidAwardReduction.objects.filter(award__in=awards).order_by(
        "reduced_on", "pk"
    ):
        reductions.setdefault(reduction.award_id, []).append(reduction)
    rows = []
    for award in awards:
        beneficiary_id, id_type = _beneficiary(award.organisation)
        common = {
            "beneficiary_id": beneficiary_id,
            "beneficiary_id_type": id_type,
            "beneficiary_name": award.organisation.name,
            "beneficiary_country": "DE",
            "aid_measure": award.programme.name if award.programme else award.granting_body,
            "aid_measure_code": award.programme.code if award.programme else "",
            "aid_instrument": "grant",
            "granting_authority": authority,
            "award_reference": award.reference,
        }
        own = reductions.get(award.pk, [])
        granted = award.amount + sum((r.amount for r in own), Decimal("0"))
        rows.append(
            {
                **common,
                "entry_type": "award",
                "reference": award.reference,
                "amount_eur": granted,
                "granted_on": award.granted_on,
            }
        )
        for reduction in own:
            rows.append(
                {
                    **common,
                    "entry_type": "reduction",
                    "reference": reduction.reference,
                    "amount_eur": -reduction.amount,
                    "granted_on": reduction.reduced_on,
                }
            )
    rows.sort(key=lambda r: (r["granted_on"], r["entry_type"] != "award", r["reference"]))
    return rows


def register_csv() -> str:
    out = io.StringIO()
    writer = csv_writer(out, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for row in register_rows():
        writer.writerow(
            [
                f"{row[c]:.2f}"
                if c == "amount_eur"
                else row[c].isoformat()
                if c == "granted_on"
                else row[c]
                for c in COLUMNS
            ]
        )
    return out.getvalue()


def register_xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "de-minimis"
    sheet.append(xlsx_row(COLUMNS))
    for row in register_rows():
        sheet.append(xlsx_row([row[c] for c in COLUMNS]))
        sheet.cell(
            row=sheet.max_row, column=COLUMNS.index("amount_eur") + 1
        ).number_format = "#,##0.00"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
