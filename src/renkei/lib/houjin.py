"""法人番号 (corporate number) validation, with no Django import.

The National Tax Agency's 13-digit number has its check digit first: with the other twelve digits
P1..P12 counted from the right, check = 9 - (sum(P_n * Q_n) mod 9), Q_n = 1 for odd n, 2 for even n.
"""

import unicodedata


def normalize_corporate_number(value: str) -> str:
    """Full-width digits, spaces and hyphens as people type them become 13 plain digits."""
    text = unicodedata.normalize("NFKC", value)
    return "".join(ch for ch in text if ch not in " -\u30fc\u2010\u2212")


def corporate_number_check_digit(body: str) -> int:
    """Check digit for the twelve digits that follow it."""
    if len(body) != 12 or not body.isdigit():
        raise ValueError("body must be 12 digits")
    total = 0
    for n, ch in enumerate(reversed(body), start=1):
        total += int(ch) * (1 if n % 2 else 2)
    return 9 - total % 9


def corporate_number_error(value: str) -> str | None:
    """None when ``value`` is a valid 法人番号, else a short English reason (for translation)."""
    number = normalize_corporate_number(value)
    if not number.isdigit() or not number.isascii():
        return "must contain digits only"
    if len(number) != 13:
        return "must be 13 digits"
    if int(number[0]) != corporate_number_check_digit(number[1:]):
        return "check digit does not match"
    return None


def make_corporate_number(body: str) -> str:
    """A valid number from twelve digits (demo and benchmark data)."""
    return f"{corporate_number_check_digit(body)}{body}"
