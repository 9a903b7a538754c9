"""Cells of CSV and XLSX exports that a spreadsheet program opens as data, never as code.

A text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is
read by Excel and LibreOffice as a formula (`=HYPERLINK(...)`, `=cmd|...`): a
company name or a data centre's record id would run on the reader's machine.
Following OWASP ("CSV injection"), such a cell is written with a leading
apostrophe, which makes it text. Numbers stay numbers: only strings are
touched, and a string that is a plain decimal number (`-12.50`, the way
amounts are written into CSV) is no formula and stays as it is.

Every export writes through `csv_writer` or `xlsx_row`; a test fails on a CSV
or XLSX writer elsewhere.
"""

import csv
import re
from collections.abc import Iterable
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def cell_safe(value: Any) -> Any:
    """The value as a spreadsheet cell that is never a formula."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_START)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def row_safe(row: Iterable[Any]) -> list[Any]:
    return [cell_safe(value) for value in row]


class SafeCsvWriter:
    """`csv.writer` whose rows are made safe cell by cell (see `cell_safe`)."""

    def __init__(self, out, **kwargs) -> None:
        self._writer = csv.writer(out, **kwargs)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow(row_safe(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out, **kwargs) -> SafeCsvWriter:
    """The one CSV writer of the exports; takes the arguments of `csv.writer`."""
    return SafeCsvWriter(out, **kwargs)


def xlsx_row(row: Iterable[Any]) -> list[Any]:
    """A row for `openpyxl`'s `sheet.append`: a string starting with `=` would
    otherwise be stored as a formula."""
    return row_safe(row)
