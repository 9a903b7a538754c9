"""Gaia-X credentials, verified offline.

Two encodings are read: JSON-LD verifiable credentials with a JsonWebSignature2020
proof (a detached JWS with an unencoded payload, `b64: false`, over the SHA-256 of
the URDNA2015-normalised credential without its proof, as the Gaia-X tooling signs
them) and VC-JWT (a compact JWS whose payload is the credential). Signatures are
checked only against keys pinned at onboarding; JSON-LD contexts come from the
small set bundled here, so nothing is fetched from the network at run time. An
unknown context makes the signature check fail, it is never downloaded.

Integrity hashes of the compliance credential are `sha256-<hex>` (Gaia-X 22.10,
`gx:integrity`) or `sha256-<base64>` (SRI, `digestSRI` of the Loire evidence) of the
credential canonicalised with RFC 8785 (JCS).
"""

import base64
import hashlib
import json
import math
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from jwcrypto import jwk, jws
from jwcrypto.common import JWException, json_decode
from pyld import jsonld

VC = "https://www.w3.org/2018/credentials#"
SEC = "https://w3id.org/security#"
XSD_DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"
GX_TAGUS = (
    "https://registry.lab.gaia-x.eu/development/api/trusted-shape-registry/v1/shapes/jsonld/"
    "trustframework#"
)

_VC_TERMS = {
    "@version": 1.1,
    "id": "@id",
    "type": "@type",
    "VerifiableCredential": VC + "VerifiableCredential",
    "VerifiablePresentation": VC + "VerifiablePresentation",
    "credentialSubject": {"@id": VC + "credentialSubject", "@type": "@id"},
    "issuer": {"@id": VC + "issuer", "@type": "@id"},
    "issuanceDate": {"@id": VC + "issuanceDate", "@type": XSD_DATETIME},
    "expirationDate": {"@id": VC + "expirationDate", "@type": XSD_DATETIME},
    "validFrom": {"@id": VC + "validFrom", "@type": XSD_DATETIME},
    "validUntil": {"@id": VC + "validUntil", "@type": XSD_DATETIME},
    "evidence": {"@id": VC + "evidence", "@type": "@id"},
    "credentialStatus": {"@id": VC + "credentialStatus", "@type": "@id"},
    "proof": {"@id": SEC + "proof", "@type": "@id", "@container": "@graph"},
}
_JWS_2020_TERMS = {
    "@version": 1.1,
    "JsonWebSignature2020": SEC + "JsonWebSignature2020",
    "JsonWebKey2020": SEC + "JsonWebKey2020",
    "jws": SEC + "jws",
    "created": {"@id": "http://purl.org/dc/terms/created", "@type": XSD_DATETIME},
    "proofPurpose": {"@id": SEC + "proofPurpose", "@type": "@vocab"},
    "assertionMethod": {"@id": SEC + "assertionMethod", "@type": "@id"},
    "verificationMethod": {"@id": SEC + "verificationMethod", "@type": "@id"},
}
# Contexts bundled for offline normalisation (written for this platform: the terms
# a Gaia-X credential of 22.10 "Tagus" or "Loire" uses, mapped to their IRIs).
CONTEXTS = {
    "https://www.w3.org/2018/credentials/v1": {"@context": _VC_TERMS},
    "https://www.w3.org/ns/credentials/v2": {"@context": _VC_TERMS},
    "https://w3id.org/security/suites/jws-2020/v1": {"@context": _JWS_2020_TERMS},
    GX_TAGUS: {"@context": {"gx": GX_TAGUS}},
    GX_TAGUS.replace("/development/", "//main/"): {"@context": {"gx": GX_TAGUS}},
    "https://w3id.org/gaia-x/development": {
        "@context": {"@vocab": "https://w3id.org/gaia-x/development#"}
    },
}

EU_COUNTRIES = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR EL HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
)
JWT_CLAIMS = ("iat", "nbf", "exp", "jti")


class OfflineContextError(Exception):
    pass


def document_loader(url: str, options=None) -> dict:
    key = url.rstrip()
    if key not in CONTEXTS:
        raise OfflineContextError(f"JSON-LD context not available offline: {url}")
    return {"contextUrl": None, "documentUrl": url, "document": CONTEXTS[key]}


def _offline_cause(exc: BaseException) -> OfflineContextError | None:
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, OfflineContextError):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__ or getattr(exc, "cause", None)
    return None


def normalise(document: dict) -> str:
    """URDNA2015 N-Quads, with bundled contexts only (an unknown one raises)."""
    try:
        return _normalise(document)
    except jsonld.JsonLdError as exc:
        offline = _offline_cause(exc)
        if offline is not None:
            raise offline from exc
        raise


def _normalise(document: dict) -> str:
    return jsonld.normalize(
        document,
        {
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
            "documentLoader": document_loader,
        },
    )


def _number(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        raise ValueError("JCS has no representation for NaN or infinity")
    if value == int(value) and abs(value) < 1e21:
        return str(int(value))
    return repr(value)


def jcs(value) -> bytes:
    """RFC 8785 JSON canonicalisation (keys sorted by UTF-16 code units)."""

    def enc(v) -> str:
        if v is None:
            return "null"
        if isinstance(v, bool | int | float):
            return _number(v)
        if isinstance(v, str):
            return json.dumps(v, ensure_ascii=False)
        if isinstance(v, list):
            return "[" + ",".join(enc(i) for i in v) + "]"
        if isinstance(v, dict):
            keys = sorted(v, key=lambda k: k.encode("utf-16-be"))
            return (
                "{"
                + ",".join(json.dumps(k, ensure_ascii=False) + ":" + enc(v[k]) for k in keys)
                + "}"
            )
        raise TypeError(type(v))

    return enc(value).encode()


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class CredentialFormatError(ValueError):
    pass


@dataclass
class ParsedCredential:
    fmt: str  # "jsonld" | "vc_jwt"
    document: dict  # the credential (for VC-JWT: the decoded payload credential)
    jwt: str | None = None
    header: dict = field(default_factory=dict)

    @property
    def credential_id(self) -> str:
        return str(self.document.get("id", ""))

    @property
    def issuer(self) -> str:
        issuer = self.document.get("issuer", "")
        return str(issuer.get("id", "")) if isinstance(issuer, dict) else str(issuer)

    def _time(self, *names) -> datetime | None:
        for name in names:
            value = self.document.get(name)
            if isinstance(value, str):
                try:
                    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
                except ValueError:
                    continue
                return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed
        return None

    @property
    def valid_from(self) -> datetime | None:
        return self._time("validFrom", "issuanceDate")

    @property
    def valid_until(self) -> datetime | None:
        return self._time("validUntil", "expirationDate")

    @property
    def subjects(self) -> list[dict]:
        subject = self.document.get("credentialSubject", [])
        items = subject if isinstance(subject, list) else [subject]
        return [s for s in items if isinstance(s, dict)]


def _looks_like_jwt(text: str) -> bool:
    parts = text.strip().split(".")
    return len(parts) == 3 and all(parts[:2]) and text.strip().startswith("ey")


def credential_parse(raw) -> ParsedCredential:
    """A JSON-LD credential, a compact VC-JWT, or a {"jwtCredential": ...} wrapper."""
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8")
    if isinstance(raw, str):
        text = raw.strip()
        if _looks_like_jwt(text):
            return _parse_jwt(text)
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CredentialFormatError(f"neither JSON nor a VC-JWT: {exc}")
    if isinstance(raw, dict) and isinstance(raw.get("jwtCredential"), str):
        return _parse_jwt(raw["jwtCredential"])
    if not isinstance(raw, dict):
        raise CredentialFormatError("a credential is a JSON object")
    types = raw.get("type", [])
    types = types if isinstance(types, list) else [types]
    if "VerifiableCredential" not in types:
        raise CredentialFormatError("not a VerifiableCredential")
    return ParsedCredential(fmt="jsonld", document=raw)


def _parse_jwt(token: str) -> ParsedCredential:
    try:
        header_b64, payload_b64, _sig = token.strip().split(".")
        header = json.loads(_b64url_decode(header_b64))
        payload = json.loads(_b64url_decode(payload_b64))
    except (ValueError, json.JSONDecodeError) as exc:
        raise CredentialFormatError(f"malformed VC-JWT: {exc}")
    if not isinstance(payload, dict):
        raise CredentialFormatError("the VC-JWT payload is not an object")
    if isinstance(payload.get("vc"), dict):  # VC Data Model 1.1 JWT encoding
        document = dict(payload["vc"])
        document.setdefault("issuer", payload.get("iss", ""))
    else:
        document = {k: v for k, v in payload.items() if k not in JWT_CLAIMS}
    return ParsedCredential(fmt="vc_jwt", document=document, jwt=token.strip(), header=header)


def _proof_payload(document: dict) -> bytes:
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    return hashlib.sha256(normalise(unsigned).encode()).hexdigest().encode()


def verify_signature(credential: ParsedCredential, keys: dict[str, dict]) -> tuple[bool, str]:
    """(passed, detail) against the pinned keys {verification method id: public JWK}."""
    try:
        if credential.fmt == "vc_jwt":
            kid = credential.header.get("kid", "")
            if kid not in keys:
                return False, f"key {kid or '(none)'} is not pinned"
            token = jws.JWS()
            token.deserialize(credential.jwt)
            token.verify(jwk.JWK(**keys[kid]))
            return True, f"VC-JWT {credential.header.get('alg')} signature by {kid}"
        proof = credential.document.get("proof")
        if not isinstance(proof, dict) or proof.get("type") != "JsonWebSignature2020":
            return False, "no JsonWebSignature2020 proof"
        kid = proof.get("verificationMethod", "")
        if kid not in keys:
            return False, f"key {kid or '(none)'} is not pinned"
        header_b64, _empty, signature_b64 = str(proof.get("jws", "")).split(".")
        header = json_decode(_b64url_decode(header_b64))
        if header.get("b64") is not False:
            return False, "the proof's JWS must have an unencoded payload (b64: false)"
        token = jws.JWS()
        token.deserialize(
            json.dumps({"protected": header_b64, "signature": signature_b64}),
        )
        token.verify(jwk.JWK(**keys[kid]), detached_payload=_proof_payload(credential.document))
        return True, f"JsonWebSignature2020 {header.get('alg')} by {kid}"
    except OfflineContextError as exc:
        return False, str(exc)
    except (JWException, ValueError, TypeError, KeyError) as exc:
        return False, f"signature invalid: {exc.__class__.__name__}"
    except Exception as exc:  # pyld raises its own error classes for bad JSON-LD
        return False, f"signature invalid: {exc.__class__.__name__}"


def sign_jsonld(document: dict, key: jwk.JWK, kid: str, alg: str) -> dict:
    """Add a JsonWebSignature2020 proof (as a Gaia-X signer does); tests and demo use it."""
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    token = jws.JWS(_proof_payload(unsigned))
    token.add_signature(
        key, alg=alg, protected=json.dumps({"alg": alg, "b64": False, "crit": ["b64"]})
    )
    compact = token.serialize(compact=True)
    header_b64, _payload, signature_b64 = compact.split(".")
    proof = {
        "type": "JsonWebSignature2020",
        "created": timezone.now().isoformat(),
        "proofPurpose": "assertionMethod",
        "verificationMethod": kid,
        "jws": f"{header_b64}..{signature_b64}",
    }
    return {**unsigned, "proof": proof}


def sign_vc_jwt(document: dict, key: jwk.JWK, kid: str, alg: str) -> str:
    token = jws.JWS(json.dumps(document).encode())
    token.add_signature(key, alg=alg, protected=json.dumps({"alg": alg, "kid": kid, "typ": "JWT"}))
    return token.serialize(compact=True)


def _digests(credential: ParsedCredential) -> set[bytes]:
    unsigned = {k: v for k, v in credential.document.items() if k != "proof"}
    candidates = {jcs(unsigned), jcs(credential.document)}
    if credential.jwt:
        candidates.add(credential.jwt.encode())
    return {hashlib.sha256(c).digest() for c in candidates}


def integrity_matches(credential: ParsedCredential, expected: str) -> bool:
    if not isinstance(expected, str) or not expected.startswith("sha256-"):
        return False
    value = expected[len("sha256-") :]
    try:
        digest = bytes.fromhex(value) if len(value) == 64 else base64.b64decode(value)
    except ValueError:
        return False
    return digest in _digests(credential)


def _get(obj, name: str):
    if not isinstance(obj, dict):
        return None
    for key in (name, f"gx:{name}"):
        if key in obj:
            return obj[key]
    return None


def _id(value) -> str:
    if isinstance(value, dict):
        return str(value.get("id") or value.get("@id") or "")
    return str(value or "")


def compliance_entries(credential: ParsedCredential) -> list[dict]:
    """What a compliance credential vouches for: [{"id", "integrity", "type"}]."""
    entries = []
    for subject in credential.subjects:  # Gaia-X 22.10: gx:compliance subjects
        integrity = _get(subject, "integrity")
        if integrity:
            entries.append(
                {
                    "id": _id(subject),
                    "integrity": integrity,
                    "type": subject.get("gx:type") or subject.get("type") or "",
                }
            )
    evidence = credential.document.get("evidence", [])
    for item in evidence if isinstance(evidence, list) else [evidence]:  # Loire: digestSRI
        if isinstance(item, dict) and item.get("digestSRI"):
            entries.append(
                {"id": _id(item), "integrity": item["digestSRI"], "type": item.get("type", "")}
            )
    return entries


def subject_of(credential: ParsedCredential) -> dict:
    return credential.subjects[0] if credential.subjects else {}


def provided_by(offering: ParsedCredential) -> str:
    return _id(_get(subject_of(offering), "providedBy"))


def country_of(credential: ParsedCredential) -> str:
    """The country of a participant's legal or headquarter address, or of an offering's
    location."""
    subject = subject_of(credential)
    for name in ("headquarterAddress", "legalAddress", "location", "address"):
        address = _get(subject, name)
        if isinstance(address, list):
            address = address[0] if address else None
        if isinstance(address, str) and len(address) >= 2:
            return address[:2].upper()
        for key in ("addressCountryCode", "countryCode", "countrySubdivisionCode", "country"):
            value = _get(address, key)
            if isinstance(value, str) and len(value) >= 2:
                return value[:2].upper()
    return ""


def public_jwk(data: dict) -> dict:
    """Validate a JWK and keep only its public part."""
    key = jwk.JWK(**data)
    return json.loads(key.export_public())
