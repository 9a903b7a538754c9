"""Open data (issue 19): the Atom feed of new calls, the licence of the public
statistics, and their DCAT-AP.de catalogue (JSON-LD) that GovData harvests."""

from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from defusedxml import ElementTree
from django.utils import timezone
from pyld import jsonld

from kivoucher.programmes.models import Call
from kivoucher.programmes.services import call_create
from kivoucher.reporting.public import LICENCE_URL, MIN_COMPANIES, public_statistics
from tests.factories import ProgrammeFactory, make_call
from tests.reporting.factories import company, grant

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
DCATDE = "http://dcat-ap.de/def/dcatde/"
DL_BY_DE = "http://dcat-ap.de/def/licenses/dl-by-de/2.0"


def _call(name, *, opens, closes, budget="10000"):
    now = timezone.now()
    return call_create(
        actor=None,
        programme=ProgrammeFactory(),
        name=name,
        opens_at=now + timedelta(days=opens),
        closes_at=now + timedelta(days=closes),
        budget=Decimal(budget),
    )


def _feed(client, **headers):
    response = client.get("/calls/feed/", **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return response, ElementTree.fromstring(response.content)


def test_the_feed_is_atom_with_the_open_and_announced_calls_newest_first(client):
    older = make_call(name="Erster Aufruf")
    newer = _call("Aufruf <Herbst> & Winter", opens=10, closes=40, budget="250000")
    closed = _call("Geschlossen", opens=-40, closes=-10)
    Call.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=3))
    _response, feed = _feed(client)
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}id").text.endswith("/calls/feed/")
    assert feed.find(f"{ATOM}updated").text
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    entries = feed.findall(f"{ATOM}entry")
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert titles == ["Aufruf <Herbst> & Winter", "Erster Aufruf"]  # newest first, no closed
    assert closed.name not in titles
    first = entries[0]
    link = first.find(f"{ATOM}link").get("href")
    assert urlsplit(link).path == "/calls/" and urlsplit(link).fragment == f"call-{newer.pk}"
    assert first.find(f"{ATOM}updated").text.startswith(str(timezone.now().year))
    assert first.find(f"{ATOM}id").text == link
    summary = first.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert "250.000,00" in summary.text and "KI-Voucher" in summary.text
    # the row the entry links to is on the calls page
    assert f'id="call-{newer.pk}"' in client.get("/calls/").text


def test_the_feed_speaks_the_language_of_the_request(client):
    make_call()
    response, feed = _feed(client)
    assert feed.get(XML_LANG) == "de" and response["Content-Language"] == "de"
    response, feed = _feed(client, HTTP_ACCEPT_LANGUAGE="en")
    assert feed.get(XML_LANG) == "en" and response["Content-Language"] == "en"
    assert "Accept-Language" in response["Vary"]
    client.cookies["django_language"] = "en"
    _response, feed = _feed(client)
    assert feed.get(XML_LANG) == "en"


@pytest.mark.parametrize("path", ["/", "/calls/"])
def test_the_start_page_and_the_calls_page_announce_the_feed(client, path):
    head = client.get(path).text.split("</head>")[0]
    assert '<link rel="alternate" type="application/atom+xml" href="/calls/feed/"' in head


@pytest.fixture
def figures():
    programme = ProgrammeFactory()
    for i in range(MIN_COMPANIES + 1):
        grant(programme, company("SN"), "1000.00", f"sn{i}")
    make_call(programme=programme)
    return programme


def test_the_open_data_carry_their_licence(client, figures):
    data = client.get("/statistics/data.json")
    assert data.json()["license"]["url"] == LICENCE_URL
    assert "Namensnennung" in data.json()["license"]["name"]
    assert data.json()["license"]["attribution"].endswith("/statistics/)")
    assert data["Link"] == f'<{LICENCE_URL}>; rel="license"'
    assert client.get("/api/v1/public/statistics").json()["license"]["url"] == LICENCE_URL
    csv_file = client.get("/statistics/budget.csv")
    assert csv_file["Link"] == f'<{LICENCE_URL}>; rel="license"'
    page = client.get("/statistics/").text
    assert f'<a href="{LICENCE_URL}" rel="license"' in page
    assert "Datenlizenz Deutschland – Namensnennung – 2.0" in page


def _expanded(client):
    response = client.get("/statistics/catalog.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    # the document's context is inline: expansion needs no network
    return jsonld.expand(response.json())


def _nodes(expanded, kind):
    """Every node of type `kind` anywhere in the expanded document."""
    found = []

    def walk(value):
        if isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            if kind in value.get("@type", []):
                found.append(value)
            for item in value.values():
                walk(item)

    walk(expanded)
    return found


def _ids(node, term):
    return [v["@id"] for v in node.get(term, [])]


def test_the_catalogue_is_dcat_ap_de_json_ld(client, figures):
    expanded = _expanded(client)
    catalogues = _nodes(expanded, f"{DCAT}Catalog")
    assert len(catalogues) == 1
    datasets = _nodes(expanded, f"{DCAT}Dataset")
    assert len(datasets) == 1
    dataset = datasets[0]
    assert {v["@language"] for v in dataset[f"{DCT}title"]} == {"de", "en"}
    assert _ids(dataset, f"{DCAT}theme")[0].endswith("/data-theme/ECON")
    assert _ids(dataset, f"{DCT}spatial") == [
        "http://publications.europa.eu/resource/authority/country/DEU"
    ]
    assert _ids(dataset, f"{DCATDE}contributorID")[0].startswith(
        "http://dcat-ap.de/def/contributors/"
    )
    assert dataset[f"{DCT}publisher"][0]["http://xmlns.com/foaf/0.1/name"][0]["@value"]
    contact = dataset[f"{DCAT}contactPoint"][0]
    assert _ids(contact, "http://www.w3.org/2006/vcard/ns#hasEmail")[0].startswith("mailto:")
    modified = dataset[f"{DCT}modified"][0]
    assert modified["@type"] == "http://www.w3.org/2001/XMLSchema#dateTime"
    period = dataset[f"{DCT}temporal"][0]
    assert period[f"{DCAT}startDate"][0]["@value"] <= period[f"{DCAT}endDate"][0]["@value"]

    distributions = _nodes(expanded, f"{DCAT}Distribution")
    tables = [t.key for t in public_statistics().tables]
    assert len(distributions) == 1 + len(tables)  # JSON, and a CSV per table
    media = sorted(_ids(d, f"{DCAT}mediaType")[0].rsplit("/", 1)[-1] for d in distributions)
    assert media == sorted(["json"] + ["csv"] * len(tables))
    for distribution in distributions:
        assert _ids(distribution, f"{DCT}license") == [DL_BY_DE]
        attribution = distribution[f"{DCATDE}licenseAttributionByText"]
        assert {v["@language"] for v in attribution} == {"de", "en"}
        (url,) = _ids(distribution, f"{DCAT}downloadURL")
        assert url.startswith("http") and _ids(distribution, f"{DCAT}accessURL") == [url]


def test_every_download_of_the_catalogue_answers(client, figures):
    distributions = _nodes(_expanded(client), f"{DCAT}Distribution")
    assert distributions
    for distribution in distributions:
        (url,) = _ids(distribution, f"{DCAT}downloadURL")
        response = client.get(urlsplit(url).path)
        assert response.status_code == 200, url
        media = _ids(distribution, f"{DCAT}mediaType")[0].split("media-types/")[1]
        assert response["Content-Type"].startswith(media), url
