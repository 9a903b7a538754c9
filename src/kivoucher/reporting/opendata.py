"""The open-data catalogue of the public statistics: a DCAT-AP.de description as JSON-LD
(`/statistics/catalog.jsonld`) that GovData, the national open-data portal, harvests.

One dcat:Catalog with one dcat:Dataset (the programme statistics) and a
dcat:Distribution per file: all figures as JSON, and each table as CSV, each under the
Datenlizenz Deutschland – Namensnennung – 2.0 with the attribution the licence asks for.
Titles and descriptions in German and English (language-tagged literals).

The publisher and the contact point come from settings (KIVOUCHER_OPERATOR_NAME,
KIVOUCHER_OPERATOR_EMAIL, KIVOUCHER_OPERATOR_URL), the GovData provider id from
KIVOUCHER_DCAT_CONTRIBUTOR_ID (GovData assigns it when the operator registers there).
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kivoucher.core.site import absolute_url
from kivoucher.reporting import selectors
from kivoucher.reporting.public import (
    LICENCE_DCAT,
    TABLE_TITLES,
    PublicStatistics,
    licence_attribution,
)

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcterms": "http://purl.org/dc/terms/",
    "dcatde": "http://dcat-ap.de/def/dcatde/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
EU = "http://publications.europa.eu/resource/authority"
MEDIA_TYPES = "https://www.iana.org/assignments/media-types"
DEFAULT_OPERATOR = "Projektträger KI-Voucher"
DEFAULT_CONTRIBUTOR = "http://dcat-ap.de/def/contributors/kiVoucher"
LANGUAGES = ("de", "en")


def operator() -> dict:
    """Who publishes the data and whom to ask about it (settings, with plain defaults)."""
    return {
        "name": getattr(settings, "KIVOUCHER_OPERATOR_NAME", "") or DEFAULT_OPERATOR,
        "email": getattr(settings, "KIVOUCHER_OPERATOR_EMAIL", "") or settings.DEFAULT_FROM_EMAIL,
        "url": getattr(settings, "KIVOUCHER_OPERATOR_URL", "") or absolute_url("/"),
        "contributor": getattr(settings, "KIVOUCHER_DCAT_CONTRIBUTOR_ID", "")
        or DEFAULT_CONTRIBUTOR,
    }


def _texts(make) -> list[dict]:
    """A text in every language of the site, as language-tagged JSON-LD literals."""
    out = []
    for code in LANGUAGES:
        with translation.override(code):
            out.append({"@value": str(make()), "@language": code})
    return out


def _id(url: str) -> dict:
    return {"@id": url}


def _datetime(value) -> dict:
    return {"@value": value.isoformat(timespec="seconds"), "@type": "xsd:dateTime"}


def _distribution(
    *, url: str, title, file_type: str, media_type: str, modified, attribution: list
) -> dict:
    return {
        "@id": url,
        "@type": "dcat:Distribution",
        "dcterms:title": _texts(title),
        "dcat:accessURL": _id(url),
        "dcat:downloadURL": _id(url),
        "dcterms:format": _id(f"{EU}/file-type/{file_type}"),
        "dcat:mediaType": _id(f"{MEDIA_TYPES}/{media_type}"),
        "dcterms:license": _id(LICENCE_DCAT),
        "dcatde:licenseAttributionByText": attribution,
        "dcterms:modified": _datetime(modified),
    }


def catalogue(stats: PublicStatistics) -> dict:
    """The DCAT-AP.de catalogue of the public statistics as a JSON-LD document.
    Four queries besides the statistics (`selectors.open_data_dates`)."""
    who = operator()
    dates = selectors.open_data_dates()
    modified = dates["modified"] or stats.generated_at
    start = dates["start"] or timezone.localdate(stats.generated_at)
    page = absolute_url(reverse("statistics"))
    catalogue_url = absolute_url(reverse("statistics-catalog"))
    publisher = {"@id": who["url"], "@type": "foaf:Agent", "foaf:name": who["name"]}
    attribution = _texts(licence_attribution)
    distributions = [
        _distribution(
            url=absolute_url(reverse("statistics-json")),
            title=lambda: _("All figures of the programme statistics (JSON)"),
            file_type="JSON",
            media_type="application/json",
            modified=modified,
            attribution=attribution,
        )
    ]
    for table in stats.tables:
        distributions.append(
            _distribution(
                url=absolute_url(reverse("statistics-csv", args=[table.key])),
                title=_table_title(table.key),
                file_type="CSV",
                media_type="text/csv",
                modified=modified,
                attribution=attribution,
            )
        )
    dataset = {
        "@id": f"{catalogue_url}#statistics",
        "@type": "dcat:Dataset",
        "dcterms:identifier": f"{catalogue_url}#statistics",
        "dcterms:title": _texts(lambda: _("KI-Voucher programme statistics")),
        "dcterms:description": _texts(
            lambda: _(
                "Budgets and approvals of the federal KI-Voucher funding programme: budget "
                "per programme line, approvals by federal state, size class, sector and "
                "programme. Aggregated; cells with fewer than five companies are not shown."
            )
        ),
        "dcat:keyword": _texts(lambda: _("artificial intelligence"))
        + _texts(lambda: _("funding programme"))
        + _texts(lambda: _("grants")),
        "dcat:theme": [_id(f"{EU}/data-theme/ECON"), _id(f"{EU}/data-theme/TECH")],
        "dcterms:publisher": publisher,
        "dcatde:contributorID": _id(who["contributor"]),
        "dcat:contactPoint": {
            "@type": "vcard:Organization",
            "vcard:fn": who["name"],
            "vcard:hasEmail": _id(f"mailto:{who['email']}"),
            "vcard:hasURL": _id(who["url"]),
        },
        "dcat:landingPage": _id(page),
        "dcterms:language": [_id(f"{EU}/language/DEU"), _id(f"{EU}/language/ENG")],
        "dcterms:spatial": _id(f"{EU}/country/DEU"),
        "dcatde:politicalGeocodingLevelURI": _id(
            "http://dcat-ap.de/def/politicalGeocoding/Level/federal"
        ),
        "dcterms:temporal": {
            "@type": "dcterms:PeriodOfTime",
            "dcat:startDate": {"@value": start.isoformat(), "@type": "xsd:date"},
            "dcat:endDate": {
                "@value": timezone.localdate(stats.generated_at).isoformat(),
                "@type": "xsd:date",
            },
        },
        "dcterms:accrualPeriodicity": _id(f"{EU}/frequency/UPDATE_CONT"),
        "dcterms:modified": _datetime(modified),
        "dcat:distribution": distributions,
    }
    return {
        "@context": CONTEXT,
        "@id": catalogue_url,
        "@type": "dcat:Catalog",
        "dcterms:title": _texts(lambda: _("Open data of the KI-Voucher funding programme")),
        "dcterms:description": _texts(
            lambda: _("The public statistics of the KI-Voucher funding programme as open data.")
        ),
        "dcterms:publisher": publisher,
        "foaf:homepage": _id(page),
        "dcterms:language": [_id(f"{EU}/language/DEU"), _id(f"{EU}/language/ENG")],
        "dcterms:modified": _datetime(modified),
        "dcat:dataset": [dataset],
    }


def _table_title(key: str):
    """The table's title with its format, in the language active when it is called."""
    return lambda: _("%(title)s (CSV)") % {"title": TABLE_TITLES[key]}
