from enum import StrEnum


class InvitationInRole(StrEnum):
    MEMBER = "member"
    OWNER = "owner"
    SIGNATORY = "signatory"

    def __str__(self) -> str:
        return str(self.value)
