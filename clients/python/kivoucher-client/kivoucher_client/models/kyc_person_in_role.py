from enum import StrEnum


class KycPersonInRole(StrEnum):
    OWNER = "owner"
    REPRESENTATIVE = "representative"

    def __str__(self) -> str:
        return str(self.value)
