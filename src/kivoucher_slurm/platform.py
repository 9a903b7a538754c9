"""The platform's public API, through urllib only (the agent runs without Django).

A request is tried again, with a growing pause, when the platform answers 5xx or
cannot be reached; a 4xx answer is final. Either way a failure is a PlatformError
whose message says what failed.
"""

import json
import time
import urllib.error
import urllib.request
from urllib.parse import quote

from kivoucher_slurm.config import Config


class PlatformError(RuntimeError):
    def __init__(self, message: str, *, status: int | None = None, code: str = ""):
        super().__init__(message)
        self.status = status
        self.code = code


class Platform:
    def __init__(self, config: Config, *, sleep=time.sleep):
        if not config.url:
            raise PlatformError("KIVOUCHER_URL is not set")
        if not config.token:
            raise PlatformError("KIVOUCHER_TOKEN is not set")
        if not config.url.startswith(("https://", "http://")):
            raise PlatformError("KIVOUCHER_URL must start with https:// (or http://)")
        self.config = config
        self.sleep = sleep

    def request(self, method: str, path: str, body=None):
        url = self.config.url + path
        data = None if body is None else json.dumps(body).encode()
        headers = {
            "Authorization": f"Bearer {self.config.token}",
            "Accept": "application/json",
            "User-Agent": "kivoucher-slurm",
        }
        if data is not None:
            headers["Content-Type"] = "application/json"
        tries = max(1, self.config.http_tries)
        problem = ""
        for attempt in range(tries):
            if attempt:
                self.sleep(self.config.http_backoff * 2 ** (attempt - 1))
            # the scheme is checked above: http(s) only
            request = urllib.request.Request(  # noqa: S310
                url, data=data, headers=headers, method=method
            )
            try:
                with urllib.request.urlopen(  # noqa: S310
                    request, timeout=self.config.http_timeout
                ) as response:
                    raw = response.read()
            except urllib.error.HTTPError as exc:
                raw = exc.read()
                if exc.code < 500:
                    code, message = _error_body(raw)
                    raise PlatformError(
                        f"{method} {path}: {exc.code} {code or exc.reason}"
                        + (f": {message}" if message else ""),
                        status=exc.code,
                        code=code,
                    )
                problem = f"{exc.code} {exc.reason}"
                continue
            except (urllib.error.URLError, OSError) as exc:
                problem = str(getattr(exc, "reason", exc))
                continue
            try:
                return json.loads(raw)
            except ValueError:
                raise PlatformError(f"{method} {path}: the answer is not JSON")
        raise PlatformError(f"{method} {path}: {problem} (after {tries} tries)")

    def prices(self) -> list[dict]:
        return self.request("GET", "/api/v1/compute/prices")

    def vouchers(self) -> list[dict]:
        return self.request("GET", "/api/v1/compute/vouchers")

    def reservations(self) -> list[dict]:
        return self.request("GET", "/api/v1/presale/reservations")

    def post_usage(self, records: list[dict]) -> list[dict]:
        answer = self.request("POST", "/api/v1/compute/usage", {"records": records})
        results = answer.get("results") if isinstance(answer, dict) else None
        if not isinstance(results, list) or len(results) != len(records):
            raise PlatformError("POST /api/v1/compute/usage: the answer has no result per record")
        return results

    def set_slurm_account(self, code: str, account: str, users: list[str]) -> dict:
        return self.request(
            "PUT",
            f"/api/v1/compute/vouchers/{quote(code, safe='')}/slurm-account",
            {"account": account, "users": users},
        )


def _error_body(raw: bytes) -> tuple[str, str]:
    try:
        body = json.loads(raw)
    except ValueError:
        return "", ""
    if isinstance(body, dict):
        return str(body.get("code") or ""), str(body.get("message") or body.get("detail") or "")
    return "", ""
