# ruff: noqa: E501 (a table of German sentences, one a line)
"""German explanations of the e-invoice rules, for bookkeepers.

The CEN rule texts are English and technical ("BT-115 = BT-112 - BT-113 + BT-114"); the
XRechnung texts are German but name business terms in English. Each finding is shown as
a German sentence a bookkeeper understands (a specific one for the common rules, else
one per rule family), followed by the rule id and the rule's original text, so that the
sender's software vendor can look the rule up.

These texts are German by law and purpose (the German e-invoice rules); they are not
run through gettext.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kivoucher.einvoices.validation import Finding

# The most common rules, explained one by one.
RULES = {
    # The platform's own checks
    "KIV-XML-01": "Die Datei ist kein lesbares XML-Dokument (sie ist beschädigt, unvollständig oder gar keine E-Rechnung, z. B. ein PDF ohne eingebettete XML-Daten).",
    "KIV-XML-02": "Die Datei enthält eine Dokumenttyp-Definition (DOCTYPE); E-Rechnungen dürfen keine enthalten. Bitte die Rechnung ohne DOCTYPE-Zeile erneut erzeugen.",
    "KIV-XML-03": "Die Datei ist XML, aber keine E-Rechnung im Format XRechnung/ZUGFeRD (erwartet wird eine UBL-Rechnung, eine UBL-Gutschrift oder eine CII-Rechnung).",
    "KIV-PROFILE-01": "Die Rechnung nutzt ein ZUGFeRD-Profil (MINIMUM oder BASIC WL), das keine vollständige Rechnung nach EN 16931 ist. Bitte mindestens das Profil EN 16931 (COMFORT) oder XRechnung verwenden.",
    # EN 16931 core: mandatory content
    "BR-01": "Die Kennung der Rechnungsspezifikation (z. B. XRechnung 3.0) fehlt.",
    "BR-02": "Die Rechnungsnummer fehlt.",
    "BR-03": "Das Rechnungsdatum fehlt.",
    "BR-04": "Die Rechnungsart (Code, z. B. 380 für Rechnung) fehlt.",
    "BR-05": "Die Währung der Rechnung fehlt.",
    "BR-06": "Der Name des Verkäufers (Rechnungsstellers) fehlt.",
    "BR-07": "Der Name des Käufers (Rechnungsempfängers) fehlt.",
    "BR-08": "Die Anschrift des Verkäufers fehlt.",
    "BR-09": "In der Anschrift des Verkäufers fehlt der Ländercode (z. B. DE).",
    "BR-10": "Die Anschrift des Käufers fehlt.",
    "BR-11": "In der Anschrift des Käufers fehlt der Ländercode (z. B. DE).",
    "BR-12": "Die Summe der Nettobeträge aller Rechnungspositionen fehlt.",
    "BR-13": "Der Rechnungsgesamtbetrag ohne Umsatzsteuer fehlt.",
    "BR-14": "Der Rechnungsgesamtbetrag einschließlich Umsatzsteuer fehlt.",
    "BR-15": "Der fällige Zahlbetrag fehlt.",
    "BR-16": "Die Rechnung enthält keine einzige Rechnungsposition.",
    "BR-21": "Eine Rechnungsposition hat keine Positionsnummer.",
    "BR-22": "Bei einer Rechnungsposition fehlt die Menge.",
    "BR-23": "Bei einer Rechnungsposition fehlt die Mengeneinheit.",
    "BR-24": "Bei einer Rechnungsposition fehlt der Nettobetrag.",
    "BR-25": "Bei einer Rechnungsposition fehlt die Bezeichnung der Leistung.",
    "BR-26": "Bei einer Rechnungsposition fehlt der Nettopreis.",
    "BR-27": "Ein Nettopreis einer Position ist negativ; Preise dürfen nicht negativ sein (Abzüge als Menge oder Nachlass angeben).",
    "BR-29": "Das Ende des Abrechnungszeitraums liegt vor seinem Beginn.",
    "BR-61": "Bei Zahlung per Überweisung fehlt die Kontonummer (IBAN) des Zahlungsempfängers.",
    # EN 16931: calculations and dependencies
    "BR-CO-09": "Eine Umsatzsteuer-Identifikationsnummer beginnt nicht mit einem gültigen Länderkürzel (z. B. DE).",
    "BR-CO-10": "Die Summe der Positionsbeträge stimmt nicht mit der Summe der einzelnen Rechnungspositionen überein.",
    "BR-CO-11": "Die Summe der Nachlässe auf Rechnungsebene stimmt nicht mit den einzelnen Nachlässen überein.",
    "BR-CO-12": "Die Summe der Zuschläge auf Rechnungsebene stimmt nicht mit den einzelnen Zuschlägen überein.",
    "BR-CO-13": "Der Nettogesamtbetrag stimmt nicht: er muss die Summe der Positionen abzüglich Nachlässen zuzüglich Zuschlägen sein.",
    "BR-CO-14": "Der ausgewiesene Umsatzsteuerbetrag stimmt nicht mit der Summe der Steuerbeträge je Steuersatz überein.",
    "BR-CO-15": "Der Bruttobetrag stimmt nicht: er muss Nettobetrag plus Umsatzsteuer sein.",
    "BR-CO-16": "Der Zahlbetrag stimmt nicht: er muss Bruttobetrag minus bereits gezahlter Beträge plus Rundungsbetrag sein.",
    "BR-CO-17": "Ein Umsatzsteuerbetrag ist falsch berechnet: er muss Bemessungsgrundlage mal Steuersatz sein, auf zwei Nachkommastellen gerundet.",
    "BR-CO-18": "Die Aufschlüsselung der Umsatzsteuer nach Steuersätzen (mindestens eine) fehlt.",
    "BR-CO-25": "Bei einem positiven Zahlbetrag fehlen das Fälligkeitsdatum oder die Zahlungsbedingungen.",
    "BR-CO-26": "Der Verkäufer ist nicht eindeutig gekennzeichnet: es fehlt seine Umsatzsteuer-Identifikationsnummer, eine Registernummer oder eine andere Kennung.",
    # XRechnung (German CIUS)
    "BR-DE-1": "Die Zahlungsanweisungen (Zahlungsart und, bei Überweisung, die Bankverbindung) fehlen.",
    "BR-DE-2": "Die Kontaktangaben des Verkäufers (Ansprechpartner, Telefon, E-Mail) fehlen.",
    "BR-DE-3": "Der Ort in der Anschrift des Verkäufers fehlt.",
    "BR-DE-4": "Die Postleitzahl in der Anschrift des Verkäufers fehlt.",
    "BR-DE-5": "Der Ansprechpartner des Verkäufers fehlt.",
    "BR-DE-6": "Die Telefonnummer des Ansprechpartners beim Verkäufer fehlt.",
    "BR-DE-7": "Die E-Mail-Adresse des Ansprechpartners beim Verkäufer fehlt.",
    "BR-DE-8": "Der Ort in der Anschrift des Käufers fehlt.",
    "BR-DE-9": "Die Postleitzahl in der Anschrift des Käufers fehlt.",
    "BR-DE-10": "Bei der Lieferanschrift fehlt der Ort.",
    "BR-DE-11": "Bei der Lieferanschrift fehlt die Postleitzahl.",
    "BR-DE-14": "Bei einer Umsatzsteuer-Aufschlüsselung fehlt der Steuersatz.",
    "BR-DE-15": "Die Käuferreferenz (Leitweg-ID bzw. das vom Empfänger vorgegebene Zeichen) fehlt.",
    "BR-DE-16": "Bei umsatzsteuerpflichtigen Leistungen fehlt die Umsatzsteuer-Identifikationsnummer oder die Steuernummer des Verkäufers.",
    "BR-DE-17": "Die Rechnungsart ist für XRechnung nicht zulässig (erlaubt sind u. a. 380 Rechnung, 381 Gutschrift/Rechnungskorrektur, 384 korrigierte Rechnung, 389 Gutschrift im Gutschriftverfahren).",
    "BR-DE-18": "Die Skontoangaben in den Zahlungsbedingungen haben nicht das vorgeschriebene Format.",
    "BR-DE-19": "Die angegebene IBAN des Zahlungsempfängers ist nicht gültig.",
    "BR-DE-20": "Die angegebene IBAN des Lastschriftkontos ist nicht gültig.",
    "BR-DE-21": "Die Rechnung nennt nicht die Kennung des Standards XRechnung in der vorgeschriebenen Form.",
    "BR-DE-22": "Zwei angehängte Dokumente haben denselben Dateinamen.",
    "BR-DE-23-a": "Bei Zahlung per Überweisung fehlt die Bankverbindung.",
    "BR-DE-23-b": "Bei Zahlung per Überweisung dürfen keine Karten- oder Lastschriftangaben enthalten sein.",
    "BR-DE-26": "Bei einer korrigierten Rechnung fehlt der Verweis auf die ursprüngliche Rechnung.",
    "BR-DE-27": "Die Telefonnummer des Verkäufers enthält weniger als drei Ziffern.",
    "BR-DE-28": "Die E-Mail-Adresse des Verkäufers ist nicht gültig.",
}

# One lead sentence per rule family, for the rules without their own explanation.
FAMILIES = [
    (r"^KIV-", "Die Datei kann nicht als E-Rechnung gelesen werden."),
    (
        r"^BR-DE-",
        "Eine Vorgabe der XRechnung (Pflichtangaben für Rechnungen an die öffentliche Verwaltung in Deutschland) ist nicht erfüllt.",
    ),
    (
        r"^BR-CO-",
        "Beträge oder Angaben der Rechnung passen nicht zueinander (Rechen- und Abhängigkeitsregel der EN 16931).",
    ),
    (
        r"^BR-CL-",
        "Ein Code in der Rechnung (z. B. Währung, Land, Einheit, Steuerkategorie) steht nicht in der vorgeschriebenen Codeliste.",
    ),
    (r"^BR-DEC-", "Ein Betrag hat mehr Nachkommastellen als erlaubt (höchstens zwei)."),
    (
        r"^BR-(S|Z|E|AE|K|G|O|IC|IG|IP|AF|AG|B)-",
        "Die Angaben zur Umsatzsteuer (Steuerkategorie, Steuersatz, Befreiungsgrund oder Umsatzsteuer-Identifikationsnummern) passen nicht zueinander.",
    ),
    (
        r"^BR-\d",
        "Eine Pflichtangabe einer Rechnung nach der europäischen Norm EN 16931 fehlt oder ist unvollständig.",
    ),
    (
        r"^(UBL|CII)-(SR|DT)-",
        "Die Rechnung nutzt ein Element, das die EN 16931 in diesem Format nicht oder nur einmal vorsieht (Syntaxregel).",
    ),
    (
        r"^PEPPOL-",
        "Eine ergänzende Prüfregel der XRechnung (aus Peppol übernommen) ist nicht erfüllt.",
    ),
    (r"^BR-TMP-|^BR-DE-TMP-", "Hinweis der XRechnung zu einer Angabe, die künftig verlangt wird."),
]
FALLBACK = "Eine Regel der E-Rechnungsnorm ist nicht erfüllt."
SEVERITY_WORDS = {"fatal": "Fehler", "warning": "Warnung", "information": "Hinweis"}


def lead(rule_id: str) -> str:
    """The German sentence for a rule id (its own, else its family's)."""
    if rule_id in RULES:
        return RULES[rule_id]
    for pattern, sentence in FAMILIES:
        if re.match(pattern, rule_id):
            return sentence
    return FALLBACK


def explain(finding: Finding) -> str:
    """`<German sentence> (Regel BR-CO-16: <original text>)`."""
    original = f": {finding.text}" if finding.text else ""
    return f"{lead(finding.rule_id)} (Regel {finding.rule_id}{original})"
