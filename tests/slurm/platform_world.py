"""A live platform for the agent's tests: a data centre with a price list, its
operator's API token, and compute vouchers mapped to Slurm accounts through the
public API (`PUT /api/v1/compute/vouchers/{code}/slurm-account`)."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from kivoucher.compute.models import ComputeVoucher
from kivoucher.compute.services.pricing import price_list_publish
from kivoucher.core.tokens import api_token_create
from kivoucher_slurm.config import Config
from kivoucher_slurm.platform import Platform
from tests.compute.factories import issue, make_data_centre, operator_of

# 360 EUR per GPU hour is 0.10 EUR per GPU second: short test jobs cost whole cents.
GPU_PRICE = Decimal("360.00")
CPU_PRICE = Decimal("0.04")


class World:
    def __init__(self, live_server, code="dc-slurm", **config):
        self.dc = make_data_centre(code, prices=False)
        price_list_publish(
            actor=None,
            data_centre=self.dc,
            items=[
                {"resource": "h100-80gb", "unit": "gpu_hour", "price": str(GPU_PRICE)},
                {"resource": "cpu", "unit": "core_hour", "price": str(CPU_PRICE)},
            ],
            valid_from=timezone.now() - timedelta(days=400),
        )
        _token, self.token = api_token_create(user=operator_of(self.dc))
        self.url = live_server.url
        self.config = Config(
            url=self.url,
            token=self.token,
            http_backoff=0,
            tres={"h100-80gb": "gres/gpu", "cpu": "cpu"},
            **config,
        )
        self.platform = Platform(self.config)

    def env(self) -> dict:
        return {"KIVOUCHER_URL": self.url, "KIVOUCHER_TOKEN": self.token}

    def voucher(self, account: str, users: list[str], value: str) -> ComputeVoucher:
        voucher = issue(self.dc, value=Decimal(value))
        self.platform.set_slurm_account(voucher.code, account, users)
        return voucher

    def balance(self, voucher: ComputeVoucher) -> Decimal:
        return Decimal(
            self.platform.request("GET", f"/api/v1/compute/vouchers/{voucher.code}")["balance"]
        )
