"""Validate an incoming or outgoing e-invoice against the official rules.

`validate_invoice(xml)` answers a `ValidationReport`: the syntax (UBL or CII), whether the
invoice claims XRechnung, and the findings of

1. the platform's own checks (well-formed XML, no DTD, a known root element, not a
   ZUGFeRD profile below EN 16931): rule ids `KIV-*`;
2. the CEN EN 16931 business rules (XSLT published by CEN, `rules/en16931/`);
3. where the invoice claims XRechnung (its CustomizationID / guideline contains
   `xrechnung`), the XRechnung rules of KoSIT (Schematron, `rules/xrechnung/`, compiled
   to XSLT with SchXslt `rules/schxslt/pipeline-for-svrl.xsl` at first use).

The rule sets ship in the package with their licences (`rules/SOURCES.md`). They run in
Saxon-HE (`saxonche`): one processor per process, each stylesheet compiled once, at
first use, and kept in memory. Saxon's objects are not documented as safe to share
between threads, so every call into Saxon holds one process-wide lock; a validation
takes a few milliseconds.

The input is parsed by lxml first, without network, entity expansion or a DTD (a
document with a DOCTYPE is refused), and Saxon is handed that parsed document's text:
Saxon never reads the raw upload.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from lxml import etree

RULES = Path(__file__).resolve().parent / "rules"

NS_UBL_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
NS_UBL_CREDIT_NOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
NS_CII = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
NS_CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
NS_RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
NS_SVRL = "http://purl.oclc.org/dsdl/svrl"

ROOTS = {
    f"{{{NS_UBL_INVOICE}}}Invoice": "UBL",
    f"{{{NS_UBL_CREDIT_NOTE}}}CreditNote": "UBL",
    f"{{{NS_CII}}}CrossIndustryInvoice": "CII",
}
# Prefixes for the places shown to people (the rules write full namespace URIs).
PREFIXES = {
    NS_UBL_INVOICE: "ubl",
    NS_UBL_CREDIT_NOTE: "cn",
    NS_CBC: "cbc",
    "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2": "cac",
    "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2": "ext",
    NS_CII: "rsm",
    NS_RAM: "ram",
    "urn:un:unece:uncefact:data:standard:QualifiedDataType:100": "qdt",
    "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100": "udt",
}
# ZUGFeRD / Factur-X profiles below EN 16931: not an invoice in the sense of the norm
# (nor, since 2025, of § 14 UStG).
PROFILES_BELOW_EN16931 = ("urn:factur-x.eu:1p0:minimum", "urn:factur-x.eu:1p0:basicwl")

# The platform's own checks.
NOT_XML = "KIV-XML-01"
DTD_FORBIDDEN = "KIV-XML-02"
UNKNOWN_ROOT = "KIV-XML-03"
PROFILE_BELOW_EN16931 = "KIV-PROFILE-01"

Severity = Literal["fatal", "warning", "information"]
SEVERITIES = ("fatal", "warning", "information")


@dataclass(frozen=True)
class Finding:
    """One violated rule: its id (`BR-CO-16`), severity, the rule's own text (English
    for the CEN rules, German for XRechnung) and where in the invoice (an XPath)."""

    rule_id: str
    severity: Severity
    text: str
    location: str

    @property
    def explanation(self) -> str:
        """German explanation for a bookkeeper (lead sentence, rule id, original text)."""
        from kivoucher.einvoices.explanations import explain

        return explain(self)

    def as_dict(self) -> dict:
        return {
            "rule_id": self.rule_id,
            "severity": self.severity,
            "text": self.text,
            "location": self.location,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Finding:
        return cls(
            rule_id=data["rule_id"],
            severity=data["severity"],
            text=data["text"],
            location=data.get("location", ""),
        )


@dataclass(frozen=True)
class ValidationReport:
    """The result of `validate_invoice`. `syntax` is "UBL" or "CII" ("" when the
    document is no invoice at all); `ok` means no fatal finding."""

    syntax: str
    is_xrechnung: bool
    findings: list[Finding] = field(default_factory=list)
    customization_id: str = ""

    @property
    def fatal(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "fatal"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def information(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "information"]

    @property
    def ok(self) -> bool:
        return not self.fatal

    def rule_ids(self, severity: str | None = None) -> list[str]:
        return [f.rule_id for f in self.findings if severity is None or f.severity == severity]

    def as_dict(self) -> dict:
        """What an upload stores (JSON)."""
        return {
            "syntax": self.syntax,
            "is_xrechnung": self.is_xrechnung,
            "customization_id": self.customization_id,
            "findings": [f.as_dict() for f in self.findings],
        }

    @classmethod
    def from_dict(cls, data: dict | None) -> ValidationReport:
        data = data or {}
        return cls(
            syntax=data.get("syntax", ""),
            is_xrechnung=bool(data.get("is_xrechnung")),
            findings=[Finding.from_dict(f) for f in data.get("findings", [])],
            customization_id=data.get("customization_id", ""),
        )


class _Engine:
    """Saxon and the compiled rule sets of one process (built lazily, under `_LOCK`)."""

    def __init__(self):
        from saxonche import PySaxonProcessor

        self.processor = PySaxonProcessor(license=False)
        self.xslt = self.processor.new_xslt30_processor()
        self._stylesheets = {}

    def stylesheet(self, name: str):
        if name not in self._stylesheets:
            self._stylesheets[name] = self._compile(name)
        return self._stylesheets[name]

    def _compile(self, name: str):
        kind, syntax = name.split("-")
        if kind == "en16931":
            path = RULES / "en16931" / f"EN16931-{syntax.upper()}-validation.xslt"
            return self.xslt.compile_stylesheet(stylesheet_file=str(path))
        # XRechnung: Schematron, compiled by SchXslt to XSLT (kept in memory).
        pipeline = self.stylesheet("schxslt-pipeline")
        source = RULES / "xrechnung" / syntax / f"XRechnung-{syntax.upper()}-validation.sch"
        schematron = self.processor.parse_xml(xml_file_name=str(source))
        compiled = pipeline.transform_to_string(xdm_node=schematron)
        return self.xslt.compile_stylesheet(stylesheet_text=compiled)

    def run(self, names: list[str], text: str) -> list[str]:
        document = self.processor.parse_xml(xml_text=text)
        return [self.stylesheet(n).transform_to_string(xdm_node=document) for n in names]


_LOCK = threading.Lock()
_ENGINE: _Engine | None = None


def _engine() -> _Engine:
    global _ENGINE
    if _ENGINE is None:
        engine = _Engine()
        engine._stylesheets["schxslt-pipeline"] = engine.xslt.compile_stylesheet(
            stylesheet_file=str(RULES / "schxslt" / "pipeline-for-svrl.xsl")
        )
        _ENGINE = engine
    return _ENGINE


def warm_up(syntaxes: tuple[str, ...] = ("ubl", "cii")) -> None:
    """Compile the rule sets now (e.g. at worker start) instead of at the first invoice."""
    with _LOCK:
        engine = _engine()
        for syntax in syntaxes:
            engine.stylesheet(f"en16931-{syntax}")
            engine.stylesheet(f"xrechnung-{syntax}")


_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}


def _parse(xml: bytes) -> tuple[etree._Element | None, Finding | None]:
    parser = etree.XMLParser(**_PARSER_OPTIONS)
    try:
        root = etree.fromstring(xml, parser=parser)  # noqa: S320 (entities and network off)
    except (etree.XMLSyntaxError, ValueError) as error:
        return None, Finding(NOT_XML, "fatal", f"Not well-formed XML: {error}", "")
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        return None, Finding(DTD_FORBIDDEN, "fatal", "A DOCTYPE / DTD is not allowed.", "")
    return root, None


def _customization_id(root: etree._Element, syntax: str) -> str:
    if syntax == "UBL":
        values = root.xpath("cbc:CustomizationID/text()", namespaces={"cbc": NS_CBC})
    else:
        values = root.xpath(
            "rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter"
            "/ram:ID/text()",
            namespaces={"rsm": NS_CII, "ram": NS_RAM},
        )
    return values[0].strip() if values else ""


_Q_NAME = re.compile(r"Q\{([^}]*)\}")
_STAR_NAME = re.compile(r"\*:([\w.-]+)\[namespace-uri\(\)='([^']*)'\]")


def readable_location(location: str) -> str:
    """`/*:Invoice[namespace-uri()='urn:…Invoice-2'][1]/…` or `/Q{urn:…}Invoice[1]/…`
    → `/ubl:Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount` (first positions left out)."""

    def star(match: re.Match) -> str:
        prefix = PREFIXES.get(match.group(2))
        return f"{prefix}:{match.group(1)}" if prefix else match.group(1)

    def q(match: re.Match) -> str:
        prefix = PREFIXES.get(match.group(1))
        return f"{prefix}:" if prefix else ""

    location = _STAR_NAME.sub(star, location)
    location = _Q_NAME.sub(q, location)
    return location.replace("[1]", "")


_LEADING_ID = re.compile(r"^\s*\[[^\]]+\]\s*-?\s*")


def _findings_from_svrl(svrl: str) -> list[Finding]:
    document = etree.fromstring(svrl.encode())  # noqa: S320 (Saxon's own output)
    findings = []
    for node in document.iter(f"{{{NS_SVRL}}}failed-assert", f"{{{NS_SVRL}}}successful-report"):
        flag = (node.get("flag") or "fatal").lower()
        severity = flag if flag in SEVERITIES else "fatal"
        text = " ".join((node.findtext(f"{{{NS_SVRL}}}text") or "").split())
        rule_id = node.get("id") or ""
        findings.append(
            Finding(
                rule_id=rule_id,
                severity=severity,
                text=_LEADING_ID.sub("", text),
                location=readable_location(node.get("location") or ""),
            )
        )
    return findings


def validate_invoice(xml: bytes) -> ValidationReport:
    """Validate one e-invoice (UBL Invoice / CreditNote or UN/CEFACT CII, as bytes)."""
    root, problem = _parse(xml)
    if problem is not None:
        return ValidationReport(syntax="", is_xrechnung=False, findings=[problem])
    syntax = ROOTS.get(root.tag)
    if syntax is None:
        text = (
            f"Unknown root element {root.tag!r}: expected a UBL Invoice or CreditNote "
            "or a CII CrossIndustryInvoice."
        )
        return ValidationReport(
            syntax="",
            is_xrechnung=False,
            findings=[Finding(UNKNOWN_ROOT, "fatal", text, f"/{root.tag}")],
        )
    customization_id = _customization_id(root, syntax)
    is_xrechnung = "xrechnung" in customization_id.lower()
    findings = []
    if any(customization_id.lower().endswith(p) for p in PROFILES_BELOW_EN16931):
        findings.append(
            Finding(
                PROFILE_BELOW_EN16931,
                "fatal",
                f"The profile {customization_id} is not an invoice under EN 16931.",
                "",
            )
        )
    names = [f"en16931-{syntax.lower()}"]
    if is_xrechnung:
        names.append(f"xrechnung-{syntax.lower()}")
    text = etree.tostring(root, encoding="unicode")
    with _LOCK:
        outputs = _engine().run(names, text)
    for output in outputs:
        findings.extend(_findings_from_svrl(output))
    return ValidationReport(
        syntax=syntax,
        is_xrechnung=is_xrechnung,
        findings=findings,
        customization_id=customization_id,
    )
