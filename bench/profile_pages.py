"""Where a page's time goes: the targets of bench_pages.py requested in-process
(no HTTP, no client), with CPU milliseconds per request, database queries and,
for one target, a pyinstrument profile.

Runs against the database bench_pages.py leaves behind (`kiv_bench_pages` on
PostgreSQL; run bench_pages.py first). `PROFILE="voucher detail page"` prints the
profile of that target; `BENCH_REPEAT` sets the requests per target (default 200).

    cd bench && BENCH_ENGINES=postgres ../.venv/bin/python bench_pages.py
    cd bench && ../.venv/bin/python profile_pages.py
"""

import os
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src"), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kivoucher.settings")
os.environ.setdefault(
    "DATABASE_URL",
    f"{os.environ.get('BENCH_PG_SERVER', 'postgres://postgres@127.0.0.1:5432')}/"
    f"{os.environ.get('BENCH_DB_PREFIX', 'kiv_bench')}_pages",
)
os.environ.update(
    KIVOUCHER_URLCONF="bench.urls",
    KIVOUCHER_DEBUG="0",
    KIVOUCHER_SSL_REDIRECT="0",
    KIVOUCHER_SECURE_COOKIES="0",
)
os.environ.setdefault("KIVOUCHER_SECRET_KEY", secrets.token_urlsafe(50))  # throw-away

import django  # noqa: E402

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.test import Client  # noqa: E402

from bench_pages import TARGETS  # noqa: E402
from common import queries_timed  # noqa: E402
from kivoucher.applications.models import Voucher  # noqa: E402
from kivoucher.compute.models import ComputeVoucher  # noqa: E402
from kivoucher.core.models import User  # noqa: E402
from kivoucher.core.tokens import api_token_create  # noqa: E402
from kivoucher.core.twofactor import session_mark_verified, totp_device_confirmed  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "200"))


def client_for(who: str | None) -> Client:
    if who is None:
        return Client()
    kind, name = who.split(":", 1)
    user = User.objects.get(username=name)
    if kind == "token":
        return Client(headers={"Authorization": f"Bearer {api_token_create(user=user)[1]}"})
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    device = totp_device_confirmed(user=user)
    if device:
        session_mark_verified(session, device)
    session.create()
    client = Client()
    client.cookies["sessionid"] = session.session_key
    return client


def main() -> None:
    data = {
        "voucher": Voucher.objects.order_by("pk").first().code,
        "compute_voucher": ComputeVoucher.objects.order_by("pk").first().code,
    }
    targets = [("bare Django view", "/_bench/constant", None), *TARGETS]
    wanted = os.environ.get("PROFILE")
    for label, path, who in targets:
        client = client_for(who)
        url = path.format(**data)
        for _ in range(5):
            response = client.get(url)
            assert response.status_code == 200, (label, response.status_code)
        with queries_timed() as queries:
            client.get(url)
        started_cpu, started = time.process_time(), time.perf_counter()
        for _ in range(REPEAT):
            client.get(url)
        cpu = (time.process_time() - started_cpu) / REPEAT * 1000
        wall = (time.perf_counter() - started) / REPEAT * 1000
        print(
            f"{label:32} {wall:6.2f} ms wall, {cpu:6.2f} ms CPU, "
            f"{len(queries):2} queries, {len(response.content):6,} bytes"
        )
        if label == wanted:
            from pyinstrument import Profiler

            with Profiler(interval=0.0002) as profiler:
                for _ in range(REPEAT):
                    client.get(url)
            print(profiler.output_text(unicode=True, color=False, show_all=False))
        if label == wanted or os.environ.get("QUERIES"):
            for seconds, sql in queries:
                print(f"  {seconds * 1000:6.2f} ms  {sql[:300]}")


if __name__ == "__main__":
    main()
