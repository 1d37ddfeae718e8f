"""Japanese text folding for search, with no Django import.

Folding makes width and script variants meet: NFKC turns ﾒｯｷ into メッキ and Ａ７０７５ into A7075,
katakana are folded to hiragana so that メッキ and めっき compare equal, and case is folded.
"""

import re
import unicodedata

_KATAKANA_START = 0x30A1
_KATAKANA_END = 0x30F6
_KANA_OFFSET = 0x60
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Width-, case- and kana-folded form of ``text`` for matching."""
    normalized = unicodedata.normalize("NFKC", text or "").casefold()
    chars = [
        chr(ord(ch) - _KANA_OFFSET) if _KATAKANA_START <= ord(ch) <= _KATAKANA_END else ch
        for ch in normalized
    ]
    return _SPACES.sub(" ", "".join(chars)).strip()


def fold_compact(text: str) -> str:
    """``fold`` without spaces, hyphens and dots: 'JIS Q 9100' and 'jisq9100' meet."""
    return re.sub(r"[\s\-_.・/]", "", fold(text))
