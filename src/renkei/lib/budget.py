"""The yen amount a customer's free-text budget names ("30万円", "¥300,000", "50万〜80万円"), with
no Django import. The largest figure counts: a probation limit is about the most a job may be."""

import re
import unicodedata

_UNITS = {"億": 100_000_000, "万": 10_000, "千": 1_000, "": 1}
# A figure counts only when it is money: after ¥ or before 円 / 万 / 億 / 千 (not "5個").
_FIGURE = re.compile(r"(¥|￥)?\s*(\d+(?:,\d{3})*(?:\.\d+)?)\s*(億|万|千)?\s*(円)?")


def budget_yen(text: str) -> int | None:
    """The largest yen amount in ``text``, or None when it names none."""
    normal = unicodedata.normalize("NFKC", text or "").replace("\\", "¥")
    amounts = []
    for sign, digits, unit, yen in _FIGURE.findall(normal):
        if not (sign or unit or yen):
            continue
        whole, _dot, fraction = digits.replace(",", "").partition(".")
        # Exact arithmetic: "1.5万" is 15,000 yen, never a float's 14,999.999….
        scale = _UNITS[unit]
        value = int(whole) * scale
        if fraction:
            value += int(fraction) * scale // 10 ** len(fraction)
        amounts.append(value)
    return max(amounts) if amounts else None
