"""Price list resources and Slurm TRES: which TRES a resource's limit is set on, and
which resource a finished job is charged as.

A resource's TRES is, in this order: the `[tres]` mapping of the configuration,
the price list's own `slurm_tres` (when the platform sends it), or the default:
`gres/gpu` for a gpu_hour resource and `cpu` for a core_hour resource. Resources
in other units (storage and the like) have no TRES: Slurm does not meter them.
"""

from decimal import ROUND_FLOOR, Decimal, InvalidOperation

from kivoucher_slurm.config import Config
from kivoucher_slurm.jobs import Job

PER_HOUR = {"gpu_hour": "gres/gpu", "core_hour": "cpu"}


class Tariff:
    def __init__(self, prices: list[dict], config: Config):
        self.config = config
        self.units: dict[str, str] = {}
        self.prices: dict[str, Decimal] = {}
        self.tres: dict[str, str] = {}  # resource -> TRES
        for item in prices:
            resource, unit = str(item.get("resource", "")), str(item.get("unit", ""))
            try:
                price = Decimal(str(item.get("price")))
            except InvalidOperation:
                continue
            if not resource or not price.is_finite():
                continue
            self.units[resource], self.prices[resource] = unit, price
            tres = config.tres.get(resource) or item.get("slurm_tres") or PER_HOUR.get(unit)
            if tres and unit in PER_HOUR:
                self.tres[resource] = str(tres)
        self.by_tres: dict[str, list[str]] = {}
        for resource, tres in sorted(self.tres.items()):
            self.by_tres.setdefault(tres, []).append(resource)

    def remaining_minutes(self, balance: Decimal) -> dict[str, int]:
        """TRES -> the minutes the balance buys at the dearest price mapped to that TRES,
        rounded down, so that the limit never buys more than the balance."""
        minutes = {}
        for tres, resources in self.by_tres.items():
            price = max(self.prices[r] for r in resources)
            if price <= 0:
                minutes[tres] = -1  # free: no limit
            else:
                bought = (max(balance, Decimal(0)) * 60 / price).to_integral_value(ROUND_FLOOR)
                minutes[tres] = int(bought)
        return minutes

    def charge(self, job: Job) -> tuple[str, int] | str:
        """(resource, count of its TRES) for a job, or why it cannot be charged."""
        mapped = self.config.partitions.get(job.partition)
        if mapped:
            tres = self.tres.get(mapped)
            if tres is None:
                return f"partition {job.partition} maps to {mapped}, not a priced GPU/CPU resource"
            count = job.tres.get(tres) or (
                job.tres.get("gres/gpu", 0) if tres.startswith("gres/gpu:") else 0
            )
            return (mapped, count) if count > 0 else f"no {tres} allocated"
        for key in sorted(k for k, v in job.tres.items() if k.startswith("gres/gpu:") and v > 0):
            if len(self.by_tres.get(key, [])) == 1:
                return self.by_tres[key][0], job.tres[key]
        gpus = job.tres.get("gres/gpu", 0)
        if gpus > 0:
            candidates = self.by_tres.get("gres/gpu") or [
                r for r in self.tres if self.units[r] == "gpu_hour"
            ]
            if len(candidates) == 1:
                return candidates[0], gpus
            if not candidates:
                return "no gpu_hour resource on the price list"
            return (
                "several GPU resources could be meant (" + ", ".join(candidates) + "): map "
                "partitions to resources in [partitions] or resources to typed TRES in [tres]"
            )
        if job.tres.get("cpu", 0) > 0 and len(self.by_tres.get("cpu", [])) == 1:
            return self.by_tres["cpu"][0], job.tres["cpu"]
        return "no priced GPU or CPU resource allocated"
