"""Signing secrets and the Standard Webhooks signature.

A secret is `whsec_` + base64 of 32 random bytes; the bytes are the HMAC key. It
must stay usable for signing, so it is not hashed but encrypted at rest (Fernet,
AES-128-CBC with HMAC-SHA256) with a key derived from `SECRET_KEY`: a copy of the
database alone does not reveal the secrets. Changing `SECRET_KEY` makes the stored
secrets unreadable; the owners then rotate them.

The signature (https://www.standardwebhooks.com): `v1,` + base64 of
HMAC-SHA256(key, f"{msg_id}.{timestamp}.{body}"); several are separated by spaces.
"""

import base64
import hashlib
import hmac
import secrets as random

from cryptography.fernet import Fernet
from django.conf import settings

PREFIX = "whsec_"
SECRET_BYTES = 32


def secret_generate() -> str:
    return PREFIX + base64.b64encode(random.token_bytes(SECRET_BYTES)).decode()


def _fernet() -> Fernet:
    digest = hashlib.sha256(b"kivoucher.webhooks.secret:" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def secret_encrypt(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def secret_decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(PREFIX))


def signature(*, secret: str, msg_id: str, timestamp: int, body: str) -> str:
    """One `v1,...` signature of a message."""
    mac = hmac.new(_key(secret), f"{msg_id}.{timestamp}.{body}".encode(), hashlib.sha256)
    return "v1," + base64.b64encode(mac.digest()).decode()


def signature_header(*, secrets: list[str], msg_id: str, timestamp: int, body: str) -> str:
    """The `webhook-signature` header: one signature per secret, space-separated."""
    return " ".join(
        signature(secret=s, msg_id=msg_id, timestamp=timestamp, body=body) for s in secrets
    )
