"""The Slurm export is a script an operator runs: no text reaches it unescaped."""

import unicodedata

import pytest
from django.core.exceptions import ValidationError

from kivoucher.presale.exports import slurm_reservations
from kivoucher.presale.models import Offer, Slot
from tests.presale.factories import make_allocated_slot, make_offer

pytestmark = pytest.mark.django_db

# newline, carriage return, vertical tab, form feed, escape, DEL, NEL, C1, line and
# paragraph separators, a right-to-left override: each can start a line or hide text
NASTY = "\nscontrol delete reservation=ALL\r\x0bA\x0cB\x1b[2J\x7f\x85\x9b\u2028\u2029\u202e"


def _offer_with_a_slot(partitions=1):
    offer, *_ = make_allocated_slot(
        unit_hours=partitions, block_hours=1, window_hours=4, partitions=partitions
    )
    return offer


def _unsafe(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") and char != "\n"


@pytest.mark.parametrize("partitions", [1, 2])
def test_control_characters_in_any_text_never_reach_the_script(partitions):
    offer = _offer_with_a_slot(partitions)
    # as if edited in the database or admin without validation
    Offer.objects.filter(pk=offer.pk).update(
        title=f"Cluster{NASTY} Leipzig",
        code=f"lz{NASTY}"[:50],
        slurm_account_prefix="k\n;rm -rf /\r\x85\u2028",  # 20 characters at most
    )
    offer.refresh_from_db()
    slots = Slot.objects.filter(offer=offer).select_related("purchase")
    script = slurm_reservations(offer=offer, slots=slots)
    assert not [c for c in script if _unsafe(c)]
    lines = script.split("\n")
    assert lines[-1] == "" and script.splitlines() == lines[:-1]
    commands = [line for line in lines[:-1] if not line.startswith("# ")]
    assert len(commands) == slots.count() >= 1
    for command in commands:
        assert command.startswith("scontrol create reservation ReservationName=")
        # every argument is KEY=VALUE made of harmless characters
        for argument in command.removeprefix("scontrol create reservation ").split(" "):
            key, _eq, value = argument.partition("=")
            assert key.isalpha() and value and all(c.isalnum() or c in "_.:-" for c in value)
    assert "Cluster scontrol delete reservation=ALL" in lines[0]
    assert not any(line.startswith("scontrol delete") for line in lines)


def test_the_account_prefix_is_a_slurm_name():
    offer = make_offer(publish=False)
    offer.slurm_account_prefix = "kiv\nrm"
    with pytest.raises(ValidationError) as info:
        offer.full_clean()
    assert "slurm_account_prefix" in info.value.message_dict
    offer.slurm_account_prefix = "kiv_2-a"
    offer.full_clean()
