"""The `kivoucher` console command (DESIGN §6).

`kivoucher serve` runs gunicorn; every other subcommand is a Django management
command, with dashes accepted for underscores (`verify-audit` -> `verify_audit`).
Background tasks (mails, daily jobs, long runs) need `kivoucher worker` running
next to `kivoucher serve` (kivoucher.core.worker; README, "Background work").
"""

import os
import sys


def _deploy_errors() -> list[str]:
    """In production (debug off), the errors of the deploy checks (e.g. a missing
    KIVOUCHER_SITE_URL): `serve` refuses to start on them. Warnings do not stop it."""
    import django
    from django.conf import settings
    from django.core import checks

    django.setup()
    if settings.DEBUG:
        return []
    found = checks.run_checks(include_deployment_checks=True)
    return [str(message) for message in found if message.level >= checks.ERROR]


def _serve(argv: list[str]) -> None:
    import argparse

    parser = argparse.ArgumentParser(
        prog="kivoucher serve",
        description="Production server (gunicorn).",
        epilog="Run `kivoucher worker` next to it (one or more, on any host with the same "
        "DATABASE_URL): mails, webhooks, daily jobs and long runs are done there.",
    )
    parser.add_argument("--bind", default="127.0.0.1:8000")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 2)))
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--timeout", type=int, default=60)
    args = parser.parse_args(argv)
    errors = _deploy_errors()
    if errors:
        sys.stderr.write("kivoucher serve: not started.\n" + "\n".join(errors) + "\n")
        sys.exit(1)
    gunicorn_args = [
        "gunicorn",
        "kivoucher.wsgi:application",
        "--bind",
        args.bind,
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--timeout",
        str(args.timeout),
        "--access-logfile",
        "-",
    ]
    os.execvp(sys.executable, [sys.executable, "-m", *gunicorn_args])  # noqa: S606


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kivoucher.settings")
    if len(argv) > 1 and argv[1] == "serve":
        _serve(argv[2:])
        return
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    argv[0] = "kivoucher"
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
