from enum import StrEnum


class OrganisationRegisterInKind(StrEnum):
    BUYER = "buyer"
    COMPANY = "company"
    DATA_CENTRE = "data_centre"
    PROVIDER = "provider"

    def __str__(self) -> str:
        return str(self.value)
