"""N-gram search over Japanese text, with no Django import.

Japanese is written without spaces, so words cannot be found by splitting on them. Instead the
folded text is cut into unigrams and bigrams inside each run of letters: a 1-character query
(溶) is one unigram, a 2-character query (溶接, 研磨) one bigram. A longer one (溶接ひずみ) is
found by the database's trigram index (SQLite FTS5's trigram tokenizer, PostgreSQL's pg_trgm),
which cannot answer words under three characters: that is what the postings are kept for.

Folding is jtext's (NFKC, case, katakana → hiragana: ﾒｯｷ, メッキ and めっき meet), done one
character at a time so that every folded character remembers where it came from, which is what
highlighting a hit in the original text needs.
"""

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from renkei.lib.jtext import fold

MAX_TERMS = 8
MAX_TERM_CHARS = 40
TITLE_WEIGHT = 10
MAX_WEIGHT = 32_000
# The longest word the unigram/bigram postings answer alone; longer ones go to a trigram index.
SHORT_TERM = 2
# What a posting row's weight says in the tiered index: "title hits first, then newest".
TITLE_TIER, BODY_TIER = 2, 1
_QUERY_SPLIT = re.compile(r"[\s\u3000、。,，・/]+")


def _is_separator(ch: str) -> bool:
    """Spaces, punctuation and control characters end a run; symbols (±, φ, °) do not."""
    return ch.isspace() or unicodedata.category(ch)[0] in "PCZ"


_PLAIN, _COMBINING, _SEPARATOR = 0, 1, 2


@lru_cache(maxsize=16384)
def _fold_char(ch: str) -> tuple[tuple[str, int], ...]:
    """The folded characters of one character, each with what it is (cached: texts repeat)."""
    if _is_separator(ch):
        return ((" ", _SEPARATOR),)
    return tuple(
        (f, _SEPARATOR if _is_separator(f) else _COMBINING if unicodedata.combining(f) else _PLAIN)
        for f in fold(ch)
    )


def fold_mapped(text: str) -> tuple[str, list[int]]:
    """The folded text (separators turned into single spaces) and, for each folded character,
    the index in ``text`` of the character it came from."""
    chars: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text or ""):
        for folded, kind in _fold_char(ch):
            if kind == _PLAIN:
                chars.append(folded)
                origin.append(index)
            elif kind == _SEPARATOR:
                if chars and chars[-1] != " ":
                    chars.append(" ")
                    origin.append(index)
            elif chars and chars[-1] != " ":
                # ｶﾞ: the half-width voiced mark joins the kana before it (か + ゛ → が). A mark
                # that composes with nothing (x + ́) is dropped, so that each folded character
                # keeps exactly one origin.
                merged = unicodedata.normalize("NFC", chars[-1] + folded)
                if len(merged) == 1:
                    chars[-1] = merged
    while chars and chars[-1] == " ":
        chars.pop()
        origin.pop()
    return "".join(chars), origin


def fold_text(text: str) -> str:
    """The folded form documents are indexed and verified against."""
    return fold_mapped(text)[0]


def query_terms(query: str) -> list[str]:
    """The folded words of a query, each once, in order: every one of them must match."""
    terms: list[str] = []
    for word in _QUERY_SPLIT.split(query or ""):
        for part in fold_text(word).split(" "):
            part = part[:MAX_TERM_CHARS]
            if part and part not in terms:
                terms.append(part)
    return terms[:MAX_TERMS]


def ngrams(run: str) -> list[str]:
    """Unigrams and bigrams of one run of folded letters."""
    grams = list(run)
    grams += [run[i : i + 2] for i in range(len(run) - 1)]
    return grams


def token_weights(title: str, body: str) -> dict[str, int]:
    """How often each unigram and bigram occurs; a title occurrence counts TITLE_WEIGHT times."""
    counts: Counter[str] = Counter()
    for text, weight in ((title, TITLE_WEIGHT), (body, 1)):
        for run in fold_text(text).split(" "):
            for gram in ngrams(run):
                counts[gram] += weight
    return {gram: min(n, MAX_WEIGHT) for gram, n in counts.items()}


def token_tiers(title: str, body: str) -> dict[str, int]:
    """Each unigram and bigram of the text with TITLE_TIER when the title has it, else
    BODY_TIER: the search ranks title hits first and then the newest, so how often a token
    occurs no longer matters, and a (token, tier, document) index answers a page in order."""
    tiers: dict[str, int] = {}
    for text, tier in ((body, BODY_TIER), (title, TITLE_TIER)):
        for run in fold_text(text).split(" "):
            for gram in ngrams(run):
                tiers[gram] = tier
    return tiers


def is_short(term: str) -> bool:
    """Whether the unigram/bigram postings answer the term (a trigram index cannot)."""
    return len(term) <= SHORT_TERM


def term_tokens(term: str) -> list[str]:
    """The index tokens a folded term needs: itself when 1 or 2 characters long, else its
    distinct bigrams (the text must then be checked to contain the whole term)."""
    if len(term) <= 2:
        return [term]
    seen: list[str] = []
    for i in range(len(term) - 1):
        gram = term[i : i + 2]
        if gram not in seen:
            seen.append(gram)
    return seen


def needs_verification(term: str) -> bool:
    return len(term) > 2


def substrings(term: str, *, shortest: int = 1, limit: int = 400) -> list[str]:
    """Every substring of ``term`` of at least ``shortest`` characters, longest first: the
    candidates for glossary synonyms inside a longer word (めっき層 → 鍍金層)."""
    found: list[str] = []
    for size in range(len(term), shortest - 1, -1):
        for start in range(len(term) - size + 1):
            part = term[start : start + size]
            if part not in found:
                found.append(part)
                if len(found) >= limit:
                    return found
    return found


@dataclass(frozen=True)
class Segment:
    """A piece of a snippet: plain text, or a hit to highlight."""

    text: str
    hit: bool


def _hit_spans(text: str, needles: list[str]) -> list[tuple[int, int]]:
    """Where the folded needles occur in ``text``, as (start, end) indexes into ``text``."""
    folded, origin = fold_mapped(text)
    spans: list[tuple[int, int]] = []
    for needle in sorted({n for n in needles if n}, key=len, reverse=True):
        start = folded.find(needle)
        while start != -1:
            end = start + len(needle)
            begin = origin[start]
            stop = origin[end] if end < len(origin) else len(text)
            if end < len(origin) and origin[end] == origin[end - 1]:
                stop = origin[end] + 1
            if not any(b < stop and begin < e for b, e in spans):
                spans.append((begin, stop))
            start = folded.find(needle, end)
    return sorted(spans)


def _trim_end(text: str, spans: list[tuple[int, int]], end: int) -> int:
    """Moves a snippet's end past any hit it would cut in half."""
    for begin, stop in spans:
        if begin < end < stop:
            return stop
    return end


def highlight(text: str, needles: list[str]) -> list[Segment]:
    """``text`` cut into plain and hit segments."""
    return _segments(text, _hit_spans(text, needles), 0, len(text))


def _first_hit(text: str, needles: list[str], chunk: int = 1_000) -> int | None:
    """Where the first hit starts, folding the text a piece at a time: a long manual is not
    folded whole to show a snippet of its first lines."""
    overlap = 2 * MAX_TERM_CHARS
    for start in range(0, len(text), chunk):
        spans = _hit_spans(text[start : start + chunk + overlap], needles)
        if spans:
            return start + spans[0][0]
    return None


def snippet(text: str, needles: list[str], width: int = 80) -> list[Segment]:
    """About ``width`` characters of ``text`` around its first hit, with "…" where cut; the
    start of the text when nothing is found."""
    flat = " ".join((text or "").split())
    first = _first_hit(flat, needles)
    if first is None:
        end = min(len(flat), width)
        segments = [Segment(flat[:end], False)] if flat else []
        return segments + ([Segment("…", False)] if end < len(flat) else [])
    start = max(0, first - width // 3)
    piece = flat[start : start + width + 2 * MAX_TERM_CHARS]
    spans = _hit_spans(piece, needles)
    end = _trim_end(piece, spans, min(len(piece), width))
    pieces = [Segment("…", False)] if start > 0 else []
    pieces += _segments(piece, spans, 0, end)
    if start + end < len(flat):
        pieces.append(Segment("…", False))
    return pieces


def _segments(text: str, spans: list[tuple[int, int]], start: int, end: int) -> list[Segment]:
    pieces: list[Segment] = []
    position = start
    for begin, stop in spans:
        if stop <= start or begin >= end:
            continue
        begin, stop = max(begin, start), min(stop, end)
        if begin > position:
            pieces.append(Segment(text[position:begin], False))
        pieces.append(Segment(text[begin:stop], True))
        position = stop
    if position < end:
        pieces.append(Segment(text[position:end], False))
    return pieces
