"""Voucher codes: unguessable, with a check character, pure functions.

A code is "KIV-" and 12 random Crockford base-32 characters (60 bits from
`secrets`) in groups of four, followed by a Luhn mod 32 check character from the
same alphabet (it catches every single typo and almost every swap of two
neighbours), e.g. KIV-7QH2-M4KD-X9PA-R.
"""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def check_symbol(body: str) -> str:
    """Luhn mod N (N = 32) over the Crockford alphabet."""
    total, factor = 0, 2
    for char in reversed(body):
        addend = factor * ALPHABET.index(char)
        total += addend // 32 + addend % 32
        factor = 3 - factor
    return ALPHABET[-total % 32]


def voucher_code_new() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(12))
    groups = "-".join(body[i : i + 4] for i in range(0, 12, 4))
    return f"KIV-{groups}-{check_symbol(body)}"


def voucher_code_normalise(code: str) -> str:
    """Upper case; in the random part O reads as 0 and I, L as 1 (Crockford)."""
    code = code.strip().upper()
    if not code.startswith("KIV-"):
        return code
    rest = code[4:].replace("O", "0").replace("I", "1").replace("L", "1")
    return "KIV-" + rest


def voucher_code_valid(code: str) -> bool:
    code = voucher_code_normalise(code)
    parts = code.split("-")
    if len(parts) != 5 or parts[0] != "KIV" or len(parts[4]) != 1:
        return False
    body = "".join(parts[1:4])
    if len(body) != 12 or any(c not in ALPHABET for c in body):
        return False
    return check_symbol(body) == parts[4]
