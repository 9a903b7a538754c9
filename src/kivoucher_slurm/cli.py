"""`kivoucher-slurm`: the site agent that connects a data centre's Slurm to the
KI-Voucher platform through its public API only (no database access).

    kivoucher-slurm sync [--state PATH] [--dry-run] [--config PATH]
    kivoucher-slurm status [--state PATH] [--config PATH]

Configured by KIVOUCHER_URL and KIVOUCHER_TOKEN (the data centre's API token) and an
optional TOML file (see kivoucher_slurm.config and docs/slurm-agent.md). Exit code 0
when the pass did everything, 1 when something failed (said on standard error),
2 for a usage or configuration error.
"""

import argparse
import sys
from decimal import Decimal, InvalidOperation

from kivoucher_slurm.config import ConfigError, config_load
from kivoucher_slurm.platform import Platform, PlatformError
from kivoucher_slurm.slurm import Runner, Slurm, SlurmError
from kivoucher_slurm.state import StateError, state_load, state_save
from kivoucher_slurm.sync import Agent
from kivoucher_slurm.tariff import Tariff

DEFAULT_STATE = "/var/lib/kivoucher-slurm/state.json"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kivoucher-slurm",
        description="Keep Slurm accounts, limits and reservations as the KI-Voucher "
        "platform says, and report finished jobs as usage.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("sync", "one idempotent pass: accounts, users, limits, usage, reservations"),
        ("status", "per voucher: Slurm account, limit, balance, last sync"),
    ):
        command = sub.add_parser(name, help=text, description=text)
        command.add_argument("--state", default=DEFAULT_STATE, help="the state file")
        command.add_argument("--config", help="TOML file (or KIVOUCHER_SLURM_CONFIG)")
        if name == "sync":
            command.add_argument(
                "--dry-run",
                action="store_true",
                help="print the Slurm commands that would change something; post nothing",
            )
    return parser


def main(argv: list[str] | None = None, *, runner=None, out=None, err=None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    args = _parser().parse_args(argv)
    try:
        config = config_load(args.config)
        platform = Platform(config)
        state = state_load(args.state)
    except (ConfigError, PlatformError, StateError) as exc:
        print(f"kivoucher-slurm: {exc}", file=err)
        return 2
    runner = runner or Runner(timeout=config.command_timeout)

    def echo(text):
        print(text, file=out)

    dry_run = getattr(args, "dry_run", False)
    slurm = Slurm(runner, cluster=config.cluster, dry_run=dry_run, echo=echo)
    slurm.parent = config.parent_account
    if args.command == "status":
        return _status(config, platform, slurm, state, out, err)
    agent = Agent(config=config, platform=platform, slurm=slurm, state=state)
    report = agent.sync()
    for line in report.lines():
        if dry_run:  # the output stays a shell script: the commands, and comments
            line = f"# {line} (dry run)" if not line.startswith("error:") else line
        print(line, file=err if line.startswith("error:") else out)
    if not dry_run:
        try:
            state_save(args.state, state)
        except OSError as exc:
            print(f"error: cannot save the state file {args.state}: {exc}", file=err)
            return 1
    return 1 if report.errors else 0


def _status(config, platform, slurm, state, out, err) -> int:
    try:
        vouchers = platform.vouchers()
        tariff = Tariff(platform.prices(), config)
        slurm.cluster = config.cluster or slurm.cluster_name()
        associations = slurm.associations()
    except (PlatformError, SlurmError) as exc:
        print(f"error: {exc}", file=err)
        return 1
    rows = [("VOUCHER", "ACCOUNT", "LIMIT (GrpTRESMins)", "BALANCE", "BUYS", "LAST SYNC")]
    for voucher in vouchers:
        account = str(voucher.get("slurm_account") or "").lower()
        assoc = associations.get(account)
        if not account:
            limit = "(no account set)"
        elif assoc is None:
            limit = "(not in Slurm)"
        else:
            limit = (
                ",".join(
                    f"{t}={assoc.limits[t]}" for t in sorted(assoc.limits) if t in tariff.by_tres
                )
                or "none"
            )
        try:
            balance = Decimal(str(voucher.get("balance")))
            buys = ",".join(
                f"{t}={m}" for t, m in sorted(tariff.remaining_minutes(balance).items())
            )
        except InvalidOperation:
            balance, buys = voucher.get("balance"), ""
        rows.append(
            (
                str(voucher.get("code")),
                account or "-",
                limit,
                f"{balance}",
                buys,
                state.get("synced", {}).get(account) or "never",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip(), file=out)
    print(f"last sync: {state.get('last_sync') or 'never'}", file=out)
    return 0
