"""Turning the text of one cell into the value a model field takes, the way people type it:
full-width digits, thousands separators, units, 2027年3月31日, labels instead of codes."""

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

from django.utils import translation
from django.utils.translation import gettext as _

from renkei.lib.jtext import fold_compact

_NUMBER = re.compile(r"^[±+]?\s*(\d+(?:\.\d+)?)\s*(mm|µm|μm|um|円|人|名|台|日|軸)?$")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
LIST_SEPARATORS = re.compile(r"[、,，;；|｜\n]+")


class CellError(ValueError):
    """A cell's text cannot be read as the column's kind of value."""


def text(value: object) -> str:
    return str(value).strip() if value is not None else ""


def number(value: object, *, integer: bool) -> int | float | None:
    raw = unicodedata.normalize("NFKC", text(value)).replace(",", "")
    if not raw:
        return None
    match = _NUMBER.match(raw)
    if not match:
        raise CellError(_("“%(value)s” is not a number.") % {"value": value})
    amount = float(match.group(1))
    if integer:
        if not amount.is_integer():
            raise CellError(_("“%(value)s” is not a whole number.") % {"value": value})
        return int(amount)
    return amount


def date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    raw = unicodedata.normalize("NFKC", text(value))
    if not raw:
        return None
    match = _DATE.match(raw)
    try:
        if not match:
            raise ValueError
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise CellError(
            _("“%(value)s” is not a date: write it as 2027-03-31.") % {"value": value}
        ) from None


def choice_map(choices: Iterable[tuple[str, object]]) -> dict[str, str]:
    """Folded code, Japanese label and English label → the stored code."""
    found: dict[str, str] = {}
    choices = list(choices)
    for language in ("ja", "en"):
        with translation.override(language):
            for code, label in choices:
                found.setdefault(fold_compact(str(label)), code)
    for code, _label in choices:
        found[fold_compact(code)] = code
    return found


def choice(value: object, options: dict[str, str]) -> str:
    raw = text(value)
    if not raw:
        return ""
    code = options.get(fold_compact(raw))
    if code is None:
        raise CellError(_("“%(value)s” is not one of the choices.") % {"value": value})
    return code


def terms(value: object) -> list[str]:
    """The items of a list cell: '5軸加工、旋盤, A7075' → ['5軸加工', '旋盤', 'A7075']."""
    return [t.strip() for t in LIST_SEPARATORS.split(text(value)) if t.strip()]
