"""A minimal iCalendar (RFC 5545) writer for all-day due dates.

Written here rather than taken from a library because a due-date feed needs one component type
and four rules, each done by hand below: CRLF line ends, lines folded at 75 octets without
splitting a UTF-8 character, TEXT values escaped, and a UID and DTSTAMP on every event.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

FOLD_OCTETS = 75


@dataclass(frozen=True)
class DueDate:
    """One all-day event: something due on ``day``."""

    uid: str
    day: dt.date
    summary: str
    description: str = ""
    url: str = ""


def escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11)."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Folds a content line into chunks of at most 75 octets (§3.1); continuation lines start
    with one space, which counts towards their 75."""
    out: list[str] = []
    current, size, limit = "", 0, FOLD_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = " ", 1, FOLD_OCTETS
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(events: Iterable[DueDate], *, name: str, prodid: str, stamp: dt.datetime) -> str:
    """The whole VCALENDAR text, ending in CRLF."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{prodid}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{_stamp(stamp)}",
            f"DTSTART;VALUE=DATE:{event.day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(event.day + dt.timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{escape(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{escape(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        lines.append("TRANSP:TRANSPARENT")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
