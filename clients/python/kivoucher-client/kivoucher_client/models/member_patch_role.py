from enum import StrEnum


class MemberPatchRole(StrEnum):
    MEMBER = "member"
    OWNER = "owner"
    SIGNATORY = "signatory"

    def __str__(self) -> str:
        return str(self.value)
