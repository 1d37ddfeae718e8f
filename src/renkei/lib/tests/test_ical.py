"""The iCalendar writer: CRLF, folding at 75 octets, escaping, UID and DTSTAMP."""

import datetime as dt

from renkei.lib.ical import DueDate, calendar, escape, fold


def test_a_feed_has_crlf_lines_uid_and_dtstamp():
    text = calendar(
        [DueDate("pkg-1@renkei", dt.date(2026, 12, 3), "切削; 5軸, A7075")],
        name="青木精工",
        prodid="-//renkei//projects//JA",
        stamp=dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC),
    )

    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert "UID:pkg-1@renkei\r\n" in text
    assert "DTSTAMP:20261125T090000Z\r\n" in text
    assert "DTSTART;VALUE=DATE:20261203\r\nDTEND;VALUE=DATE:20261204\r\n" in text
    assert "SUMMARY:切削\\; 5軸\\, A7075\r\n" in text


def test_long_lines_fold_at_75_octets_without_splitting_characters():
    line = "SUMMARY:" + "あ" * 60
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


def test_text_is_escaped():
    assert escape("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"
