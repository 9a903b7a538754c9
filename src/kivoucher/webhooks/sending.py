"""One HTTP attempt: POST the signed body to the checked address of an endpoint.

Redirects are not followed (a 3xx is a failure: the receiver must give its final
URL); only the status is read, never the response body; connect and read time out
after `KIVOUCHER_WEBHOOK_TIMEOUT` seconds. Success is a 2xx answer.
"""

import time
from dataclasses import dataclass

import httpx
from django.conf import settings

from kivoucher.webhooks.addresses import UrlRefused, target_resolve

USER_AGENT = "KI-Voucher-Webhooks/1"


@dataclass(frozen=True)
class Outcome:
    ok: bool
    status_code: int | None = None
    duration_ms: int = 0
    error: str = ""


def timeout_seconds() -> float:
    return float(getattr(settings, "KIVOUCHER_WEBHOOK_TIMEOUT", 5))


def post(*, url: str, body: str, headers: dict[str, str]) -> Outcome:
    """Resolve and check the URL's host now, then send to the address checked."""
    started = time.monotonic()

    def elapsed() -> int:
        return round((time.monotonic() - started) * 1000)

    try:
        target = target_resolve(url)
    except UrlRefused as exc:
        return Outcome(ok=False, duration_ms=elapsed(), error=exc.message)
    extensions = {"sni_hostname": target.host} if target.is_name else {}
    timeout = timeout_seconds()
    try:
        with (
            httpx.Client(
                timeout=httpx.Timeout(timeout, pool=timeout),
                follow_redirects=False,
                trust_env=False,  # no proxy from the environment: the address is checked
            ) as client,
            client.stream(
                "POST",
                target.connect_url,
                content=body.encode(),
                headers={
                    **headers,
                    "Host": target.host_header,
                    "Content-Type": "application/json",
                    "User-Agent": USER_AGENT,
                },
                extensions=extensions,
            ) as response,
        ):
            status = response.status_code
    except httpx.TimeoutException:
        return Outcome(ok=False, duration_ms=elapsed(), error=f"timeout after {timeout:g} s")
    except httpx.HTTPError as exc:
        message = str(exc) or type(exc).__name__
        return Outcome(ok=False, duration_ms=elapsed(), error=message[:500])
    if 200 <= status < 300:
        return Outcome(ok=True, status_code=status, duration_ms=elapsed())
    if 300 <= status < 400:
        error = f"redirect ({status}) not followed"
    else:
        error = f"HTTP {status}"
    return Outcome(ok=False, status_code=status, duration_ms=elapsed(), error=error)
