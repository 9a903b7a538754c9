"""KI-Voucher: the platform of a German federal AI funding programme."""
