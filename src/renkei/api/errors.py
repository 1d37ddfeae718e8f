"""The one shape of every error the API answers: ``{"detail": "...", "errors": {field: [...]}}``,
with messages in the caller's language.

ninja answers a parameter or body that does not validate with pydantic's own list (English
messages, internal type names). It is turned here into the documented shape: a field name as a
client writes it (``limit``, ``links[0].id``) and a polite message per problem.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.utils.translation import gettext

# Pydantic error types → message; ``ctx`` fills the placeholders (le, max_length …).
_MESSAGES: dict[str, Callable[[], str]] = {
    "missing": lambda: gettext("This field is required."),
    "int_parsing": lambda: gettext("Enter a whole number."),
    "int_type": lambda: gettext("Enter a whole number."),
    "int_from_float": lambda: gettext("Enter a whole number."),
    "float_parsing": lambda: gettext("Enter a number."),
    "float_type": lambda: gettext("Enter a number."),
    "finite_number": lambda: gettext("Enter a number."),
    "less_than_equal": lambda: gettext("Use a value of at most %(le)s."),
    "less_than": lambda: gettext("Use a value below %(lt)s."),
    "greater_than_equal": lambda: gettext("Use a value of at least %(ge)s."),
    "greater_than": lambda: gettext("Use a value above %(gt)s."),
    "string_too_long": lambda: gettext("Use at most %(max_length)s characters."),
    "string_too_short": lambda: gettext("Use at least %(min_length)s characters."),
    "too_long": lambda: gettext("Send at most %(max_length)s items."),
    "too_short": lambda: gettext("Send at least %(min_length)s items."),
    "string_type": lambda: gettext("Send text here."),
    "string_pattern_mismatch": lambda: gettext("This value has characters that are not allowed."),
    "bool_parsing": lambda: gettext("Send true or false."),
    "bool_type": lambda: gettext("Send true or false."),
    "enum": lambda: gettext("Use one of: %(expected)s."),
    "literal_error": lambda: gettext("Use one of: %(expected)s."),
    "list_type": lambda: gettext("Send a list here."),
    "dict_type": lambda: gettext("Send an object here."),
    "model_type": lambda: gettext("Send an object here."),
    "model_attributes_type": lambda: gettext("Send an object here."),
    "json_invalid": lambda: gettext("The body is not valid JSON."),
    "uuid_parsing": lambda: gettext("Enter a valid UUID."),
    "uuid_type": lambda: gettext("Enter a valid UUID."),
    "url_parsing": lambda: gettext("Enter a valid URL."),
    "url_scheme": lambda: gettext("Enter a valid URL."),
    "url_type": lambda: gettext("Enter a valid URL."),
}
_PREFIX_MESSAGES: list[tuple[str, Callable[[], str]]] = [
    ("datetime", lambda: gettext("Enter a valid date and time (ISO 8601).")),
    ("date", lambda: gettext("Enter a valid date (YYYY-MM-DD).")),
    ("time", lambda: gettext("Enter a valid time.")),
]


def validation_detail() -> str:
    return gettext("The request was not accepted: see errors.")


def field_name(loc: Iterable[object]) -> str:
    """``("body", "data", "links", 0, "id")`` → ``links[0].id``; ``("query", "limit")`` →
    ``limit``. The source and the name of the body parameter are left out: a client knows
    neither."""
    parts = list(loc)
    source = str(parts.pop(0)) if parts else ""
    if source == "body" and parts:
        parts.pop(0)  # the view's parameter name ("data")
    name = ""
    for part in parts:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name += ("." if name else "") + str(part)
    return name or source or "request"


def message(error: Mapping[str, Any]) -> str:
    """A polite message in the caller's language for one pydantic error."""
    kind = str(error.get("type", ""))
    ctx = dict(error.get("ctx") or {})
    if kind == "value_error" and "error" in ctx:
        # Our own validators raise ValueError with a translated message.
        return str(ctx["error"])
    make = _MESSAGES.get(kind)
    if make is None:
        make = next((m for prefix, m in _PREFIX_MESSAGES if kind.startswith(prefix)), None)
    if make is None:
        return gettext("This value is not valid.")
    text = make()
    try:
        return text % {k: _plain(v) for k, v in ctx.items()} if "%(" in text else text
    except (KeyError, TypeError, ValueError):
        return gettext("This value is not valid.")


def _plain(value: object) -> str:
    # pydantic quotes enum choices ("'a', 'b' or 'c'"); the quotes are noise in a message.
    return str(value).replace("'", "")


def by_field(errors: Iterable[Mapping[str, Any]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for error in errors:
        messages = found.setdefault(field_name(error.get("loc", ())), [])
        text = message(error)
        if text not in messages:
            messages.append(text)
    return found


def body(detail: str, errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"detail": detail, "errors": errors or {}}
