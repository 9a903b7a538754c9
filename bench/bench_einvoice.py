"""E-invoice validation: milliseconds per invoice against the official rules.

`kivoucher.einvoices.validation.validate_invoice` (CEN EN 16931 XSLT, and the XRechnung
Schematron where the invoice claims XRechnung, in Saxon-HE) over every invoice of the
shared corpus `xrechnung` (KoSIT test suite and FeRD ZUGFeRD samples, UBL and CII),
against a baseline measured in the same run: a plain lxml parse of the same bytes (the
least any validation does). The first call in the process compiles the rule sets; it
is reported apart and left out of the medians. Prints the median ms per invoice of
`BENCH_RUNS` (default 5) passes over the corpus; the target is a few milliseconds.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from lxml import etree  # noqa: E402
from tests.corpora import corpus  # noqa: E402

from kivoucher.einvoices.validation import validate_invoice  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def main() -> None:
    invoices = [p.read_bytes() for p in sorted(corpus("xrechnung").glob("*.xml"))]
    started = time.perf_counter()
    validate_invoice(invoices[0])
    first = time.perf_counter() - started
    started = time.perf_counter()
    for syntax_sample in invoices:
        validate_invoice(syntax_sample)
    warm = time.perf_counter() - started
    print(f"first call (compiles the rules for one syntax): {first * 1000:.0f} ms")
    print(f"first pass over {len(invoices)} invoices (compiles the rest): {warm * 1000:.0f} ms")

    per_invoice, per_parse = [], []
    for _ in range(RUNS):
        for xml in invoices:
            started = time.perf_counter()
            etree.fromstring(xml)  # noqa: S320 (the corpus, a baseline)
            per_parse.append(time.perf_counter() - started)
            started = time.perf_counter()
            validate_invoice(xml)
            per_invoice.append(time.perf_counter() - started)
    validation = statistics.median(per_invoice) * 1000
    parse = statistics.median(per_parse) * 1000
    worst = max(per_invoice) * 1000
    print(
        f"validation: {validation:.2f} ms per invoice (median of {len(per_invoice)}; "
        f"slowest {worst:.1f} ms)"
    )
    print(f"baseline lxml parse of the same bytes: {parse:.3f} ms per invoice")
    print(f"ratio validation / parse: {validation / parse:.0f}")
    verdict = "met" if validation < 10 else "missed"
    print(f"target: a few ms per invoice (< 10 ms): {verdict}")


if __name__ == "__main__":
    main()
