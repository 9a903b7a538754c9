"""The agent's configuration: environment variables and an optional TOML file.

KIVOUCHER_URL            the platform, e.g. https://ki-voucher.example
KIVOUCHER_TOKEN          the data centre's API token
KIVOUCHER_SLURM_CONFIG   the TOML file (or `--config PATH`), all keys optional:

parent_account = "kivoucher"   # the voucher accounts live under this account
cluster = "gpu1"               # default: ClusterName of `scontrol show config`
command_timeout = 60           # seconds one Slurm command may take
http_timeout = 30              # seconds one HTTP request may take
http_tries = 4                 # tries of a request on 5xx or connection errors
batch_size = 1000              # usage records per POST (the API takes 10,000)
overlap_minutes = 60           # finished jobs are read again this far back
first_days = 7                 # how far back the very first pass reads jobs
sacct_format = "auto"          # "json", "parsable2" or "auto" (JSON, else parsable2)
reservation_prefix = ""        # reservations named so are the agent's own
lowercase_users = true         # Slurm stores user names in lower case

[tres]                         # price-list resource -> Slurm TRES of its limit
"h100-80gb" = "gres/gpu:h100"
"cpu" = "cpu"

[partitions]                   # a job in this partition is charged as this resource
"gpu-h100" = "h100-80gb"
"""

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path


class ConfigError(ValueError):
    pass


@dataclass
class Config:
    url: str = ""
    token: str = ""
    parent_account: str = "kivoucher"
    cluster: str = ""
    command_timeout: float = 60.0
    http_timeout: float = 30.0
    http_tries: int = 4
    http_backoff: float = 1.0
    batch_size: int = 1000
    overlap_minutes: int = 60
    first_days: int = 7
    sacct_format: str = "auto"
    reservation_prefix: str = ""
    lowercase_users: bool = True
    tres: dict[str, str] = field(default_factory=dict)
    partitions: dict[str, str] = field(default_factory=dict)


_NUMBERS = {
    "command_timeout": float,
    "http_timeout": float,
    "http_tries": int,
    "http_backoff": float,
    "batch_size": int,
    "overlap_minutes": int,
    "first_days": int,
}
_TEXTS = ("parent_account", "cluster", "sacct_format", "reservation_prefix", "url", "token")


def config_load(path: str | None = None, environ: dict | None = None) -> Config:
    """The configuration from the file (if any) and the environment (which wins for
    the platform's address and token)."""
    env = os.environ if environ is None else environ
    path = path or env.get("KIVOUCHER_SLURM_CONFIG") or None
    data: dict = {}
    if path:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"cannot read the configuration {path}: {exc.strerror}")
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"the configuration {path} is not valid TOML: {exc}")
    config = Config()
    for key, value in data.items():
        if key in _NUMBERS:
            try:
                number = _NUMBERS[key](value)
            except (TypeError, ValueError):
                raise ConfigError(f"{key} must be a number, not {value!r}")
            if number <= 0:
                raise ConfigError(f"{key} must be greater than zero")
            setattr(config, key, number)
        elif key in _TEXTS:
            setattr(config, key, str(value))
        elif key == "lowercase_users":
            config.lowercase_users = bool(value)
        elif key in ("tres", "partitions"):
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                raise ConfigError(f"[{key}] must map names to names")
            setattr(config, key, {str(k): v.strip() for k, v in value.items()})
        else:
            raise ConfigError(f"unknown configuration key {key!r}")
    if config.sacct_format not in ("auto", "json", "parsable2"):
        raise ConfigError("sacct_format must be auto, json or parsable2")
    config.batch_size = min(config.batch_size, 10_000)
    config.parent_account = config.parent_account.strip().lower()
    config.url = (env.get("KIVOUCHER_URL") or config.url).rstrip("/")
    config.token = env.get("KIVOUCHER_TOKEN") or config.token
    return config
