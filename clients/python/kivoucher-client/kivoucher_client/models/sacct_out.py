from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.sacct_out_reasons import SacctOutReasons
    from ..models.sacct_out_skipped import SacctOutSkipped


T = TypeVar("T", bound="SacctOut")


@_attrs_define
class SacctOut:
    """
    Attributes:
        accepted (int):
        charged (str):
        duplicates (int):
        reasons (SacctOutReasons):
        rejected (int):
        skipped (SacctOutSkipped):
        uncovered (str):
    """

    accepted: int
    charged: str
    duplicates: int
    reasons: SacctOutReasons
    rejected: int
    skipped: SacctOutSkipped
    uncovered: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        accepted = self.accepted

        charged = self.charged

        duplicates = self.duplicates

        reasons = self.reasons.to_dict()

        rejected = self.rejected

        skipped = self.skipped.to_dict()

        uncovered = self.uncovered

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "accepted": accepted,
                "charged": charged,
                "duplicates": duplicates,
                "reasons": reasons,
                "rejected": rejected,
                "skipped": skipped,
                "uncovered": uncovered,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sacct_out_reasons import SacctOutReasons  # noqa: PLC0415
        from ..models.sacct_out_skipped import SacctOutSkipped  # noqa: PLC0415

        d = dict(src_dict)
        accepted = d.pop("accepted")

        charged = d.pop("charged")

        duplicates = d.pop("duplicates")

        reasons = SacctOutReasons.from_dict(d.pop("reasons"))

        rejected = d.pop("rejected")

        skipped = SacctOutSkipped.from_dict(d.pop("skipped"))

        uncovered = d.pop("uncovered")

        sacct_out = cls(
            accepted=accepted,
            charged=charged,
            duplicates=duplicates,
            reasons=reasons,
            rejected=rejected,
            skipped=skipped,
            uncovered=uncovered,
        )

        sacct_out.additional_properties = d
        return sacct_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
