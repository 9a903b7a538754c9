"""A small camt.053.001.02 writer for the tests: the bank's statement of an exported
pain.001 file (each credit transfer booked as its own debit), returns and incoming
credits, as real ISO 20022 XML."""

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from decimal import Decimal

PAIN = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"
CAMT = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"


@dataclass
class Booking:
    amount: Decimal
    credit: bool
    reference: str  # the bank's own reference (AcctSvcrRef)
    end_to_end_id: str = "NOTPROVIDED"
    remittance: str = ""
    name: str = ""
    iban: str = ""
    return_code: str = ""  # a returned credit transfer (RtrInf/Rsn/Cd)
    booked_on: str = "2026-12-01"


def bookings_of_pain001(xml: str, *, prefix: str = "BNK") -> list[Booking]:
    """Every credit transfer of a pain.001 document, booked as a debit."""
    root = ET.fromstring(xml)
    ns = {"p": PAIN}
    bookings = []
    for i, tx in enumerate(root.iterfind(".//p:CdtTrfTxInf", ns), start=1):
        bookings.append(
            Booking(
                amount=Decimal(tx.find("p:Amt/p:InstdAmt", ns).text),
                credit=False,
                reference=f"{prefix}{i:06d}",
                end_to_end_id=tx.find("p:PmtId/p:EndToEndId", ns).text,
                remittance=tx.findtext("p:RmtInf/p:Ustrd", "", ns),
                name=tx.findtext("p:Cdtr/p:Nm", "", ns),
                iban=tx.findtext("p:CdtrAcct/p:Id/p:IBAN", "", ns),
            )
        )
    return bookings


def _sub(parent, tag, text=None, **attrs):
    node = ET.SubElement(parent, tag, attrs)
    if text is not None:
        node.text = str(text)
    return node


def camt053(bookings: list[Booking], *, message_id: str = "STMT-1", iban="DE12500105170648489890"):
    """The statement as bytes (camt.053.001.02, one `Stmt`)."""
    ET.register_namespace("", CAMT)
    doc = ET.Element(f"{{{CAMT}}}Document")
    q = lambda tag: f"{{{CAMT}}}{tag}"  # noqa: E731
    stmt_root = _sub(doc, q("BkToCstmrStmt"))
    header = _sub(stmt_root, q("GrpHdr"))
    _sub(header, q("MsgId"), message_id)
    _sub(header, q("CreDtTm"), "2026-12-02T06:00:00+01:00")
    stmt = _sub(stmt_root, q("Stmt"))
    _sub(stmt, q("Id"), f"{message_id}-1")
    _sub(stmt, q("CreDtTm"), "2026-12-02T06:00:00+01:00")
    acct = _sub(stmt, q("Acct"))
    _sub(_sub(acct, q("Id")), q("IBAN"), iban)
    for b in bookings:
        ntry = _sub(stmt, q("Ntry"))
        _sub(ntry, q("Amt"), f"{b.amount:.2f}", Ccy="EUR")
        _sub(ntry, q("CdtDbtInd"), "CRDT" if b.credit else "DBIT")
        if b.return_code:
            _sub(ntry, q("RvslInd"), "false")
        _sub(ntry, q("Sts"), "BOOK")
        _sub(_sub(ntry, q("BookgDt")), q("Dt"), b.booked_on)
        _sub(_sub(ntry, q("ValDt")), q("Dt"), b.booked_on)
        _sub(ntry, q("AcctSvcrRef"), b.reference)
        code = _sub(_sub(ntry, q("BkTxCd")), q("Domn"))
        _sub(code, q("Cd"), "PMNT")
        family = _sub(code, q("Fmly"))
        _sub(family, q("Cd"), "RCDT" if b.credit and not b.return_code else "ICDT")
        _sub(family, q("SubFmlyCd"), "RRTN" if b.return_code else "ESCT")
        tx = _sub(_sub(ntry, q("NtryDtls")), q("TxDtls"))
        refs = _sub(tx, q("Refs"))
        _sub(refs, q("AcctSvcrRef"), b.reference)
        _sub(refs, q("EndToEndId"), b.end_to_end_id)
        _sub(_sub(_sub(tx, q("AmtDtls")), q("TxAmt")), q("Amt"), f"{b.amount:.2f}", Ccy="EUR")
        parties = _sub(tx, q("RltdPties"))
        party, account = ("Dbtr", "DbtrAcct") if b.credit else ("Cdtr", "CdtrAcct")
        if b.name:
            _sub(_sub(parties, q(party)), q("Nm"), b.name)
        if b.iban:
            _sub(_sub(_sub(parties, q(account)), q("Id")), q("IBAN"), b.iban)
        if b.remittance:
            _sub(_sub(tx, q("RmtInf")), q("Ustrd"), b.remittance)
        if b.return_code:
            _sub(_sub(_sub(tx, q("RtrInf")), q("Rsn")), q("Cd"), b.return_code)
    return ET.tostring(doc, encoding="utf-8", xml_declaration=True)
