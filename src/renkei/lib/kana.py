"""Kana as banks write it, with no Django import.

Two jobs:

* ``fold_payer`` makes the payer name on a bank statement (振込依頼人名, as the bank prints it —
  half-width katakana, small kana written large, the legal form abbreviated: ``ｶ)ｱｵｷｾｲｻｸｼﾖ``)
  meet the kana a customer or company gave us (``アオキセイサクショ``,
  ``かぶしきがいしゃ あおき…``).
* ``to_zengin_kana`` turns a name into the half-width character set a 全銀協 file accepts, or says
  which character cannot be written.
"""

import re
import unicodedata

_HIRAGANA_START = 0x3041
_HIRAGANA_END = 0x3096
_KANA_OFFSET = 0x60

# Banks have no small kana: ｼﾖｳｼﾞ is how 「ショウジ」 arrives. Both sides are written large.
_SMALL_TO_LARGE = str.maketrans("ァィゥェォッャュョヮヵヶ", "アイウエオツヤユヨワカケ")

# The 全銀協 abbreviations of legal forms (法人略語), as they stand between parentheses in an
# account name: ｶ)ｱｵｷ (株式会社が前), ｱｵｷ(ｶ (後), ｱｵｷ(ｶ)ﾎﾝｼﾔ (中). Written here after folding.
_LEGAL_ABBREVIATIONS = (
    "カ",  # 株式会社
    "ユ",  # 有限会社
    "メ",  # 合名会社
    "シ",  # 合資会社
    "ド",  # 合同会社
    "ソ",  # 相互会社
    "キ",  # 企業組合
    "キヨウ",  # 協同組合
    "キヨウクミ",  # 協同組合 (as some banks write it)
    "ノウキヨウ",  # 農業協同組合
    "セイキヨウ",  # 生活協同組合
    "レン",  # 連合会
    "イ",  # 医療法人
    "ザイ",  # 財団法人
    "シヤ",  # 社団法人
    "シユウ",  # 宗教法人
    "ガク",  # 学校法人
    "フク",  # 社会福祉法人
    "トクヒ",  # 特定非営利活動法人
    "ドク",  # 独立行政法人
    "ゼイ",  # 税理士法人
    "ベン",  # 弁護士法人
    "カンサ",  # 監査法人
)
_ABBREVIATION = "|".join(sorted(_LEGAL_ABBREVIATIONS, key=len, reverse=True))
_LEADING_ABBREVIATION = re.compile(rf"^\(?(?:{_ABBREVIATION})\)")
_TRAILING_ABBREVIATION = re.compile(rf"\((?:{_ABBREVIATION})\)?$")
_ENCLOSED_ABBREVIATION = re.compile(rf"\((?:{_ABBREVIATION})\)")

# Legal forms spelled out, in kana (after folding: ガイシヤ, キギヨウ) and in kanji, as a
# customer may type its own name; NFKC has already turned ㈱ into (株).
_SPELLED_FORMS = (
    "カブシキガイシヤ",
    "カブシキカイシヤ",
    "ユウゲンガイシヤ",
    "ユウゲンカイシヤ",
    "ゴウドウガイシヤ",
    "ゴウドウカイシヤ",
    "ゴウメイガイシヤ",
    "ゴウシガイシヤ",
    "ジギヨウキヨウドウクミアイ",
    "キヨウドウクミアイ",
    "キギヨウクミアイ",
    "株式会社",
    "有限会社",
    "合同会社",
    "合名会社",
    "合資会社",
    "事業協同組合",
    "協同組合",
    "企業組合",
    "(株)",
    "(有)",
    "(同)",
    "(名)",
    "(資)",
    "(企)",
    "(協)",
)
_SPELLED = "|".join(re.escape(form) for form in sorted(_SPELLED_FORMS, key=len, reverse=True))
_SPELLED_AT_EDGE = re.compile(rf"^(?:{_SPELLED})|(?:{_SPELLED})$")

_WHITESPACE = re.compile(r"\s+")
# Some banks put the kind of transaction before the payer in 摘要: "振込 ｶ)ｱｵｷ", "ﾌﾘｺﾐ ｱｵｷ".
_TRANSACTION_LABEL = re.compile(r"^(?:振込入金|振込|フリコミ)\s+(?=\S)")
_LONG_VOWELS = str.maketrans("", "", "ー-‐‑‒–—―−~〜")


def _katakana(text: str) -> str:
    """NFKC (half-width kana and full-width latin to their usual forms), hiragana as katakana,
    small kana large, latin upper case."""
    normalized = unicodedata.normalize("NFKC", text or "")
    chars = [
        chr(ord(ch) + _KANA_OFFSET) if _HIRAGANA_START <= ord(ch) <= _HIRAGANA_END else ch
        for ch in normalized
    ]
    return "".join(chars).translate(_SMALL_TO_LARGE).upper()


def fold_payer(name: str) -> str:
    """The key a statement's payer and a customer's kana are compared by.

    ``fold_payer("ｶ)ｱｵｷｾｲｻｸｼﾖ") == fold_payer("アオキセイサクショ") == "アオキセイサクシヨ"``.
    Width, script (hiragana/katakana) and small kana are folded; spaces, long vowel marks and
    punctuation dropped; a legal form at either end, abbreviated the banks' way or spelled out,
    is removed. Voiced marks stay: ｶﾞ and ｶ are different sounds.
    """
    text = _TRANSACTION_LABEL.sub("", _katakana(name).strip())
    text = _WHITESPACE.sub("", text)
    text = _LEADING_ABBREVIATION.sub("", text)
    text = _TRAILING_ABBREVIATION.sub("", text)
    text = _ENCLOSED_ABBREVIATION.sub("", text)
    # Twice: "カブシキガイシヤアオキ(カ)" has one at each end, and one may hide the other.
    for _ in range(2):
        text = _SPELLED_AT_EDGE.sub("", text)
    text = text.translate(_LONG_VOWELS)
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


# ---------------------------------------------------------------------------------------------
# The 全銀 character set: digits, upper-case latin, half-width katakana ｱ–ﾝ with ﾞ and ﾟ as
# separate characters, space and ( ) - . / , — one byte each in JIS X 0201 / cp932.

_FULL_KATAKANA = (
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン"
)
_HALF_KATAKANA = "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝ"
_TO_HALF = dict(zip(_FULL_KATAKANA, _HALF_KATAKANA, strict=True))
# Kana 全銀 has no letter for, written as they are read (ｦ is refused by several banks).
_TO_HALF.update({"ヲ": "ｵ", "ヰ": "ｲ", "ヱ": "ｴ"})
_COMBINING_MARKS = {"\u3099": "ﾞ", "\u309a": "ﾟ"}
_SPACING_MARKS = {"゛": "\u3099", "゜": "\u309a"}  # NFKC would put a space before them
_ZENGIN_SYMBOLS = frozenset(" ()-./,")
# Dashes and the long vowel mark are written as "-", the middle dot as ".", as banks do.
_SUBSTITUTES = {
    "ー": "-",
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "–": "-",
    "—": "-",
    "―": "-",
    "−": "-",
    "・": ".",
    "、": ",",
    "。": ".",
    "「": "(",
    "」": ")",
}

ZENGIN_CHARACTERS = frozenset(
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" + _HALF_KATAKANA + "ﾞﾟ" + "".join(_ZENGIN_SYMBOLS)
)


class KanaError(ValueError):
    """A character that has no place in a 全銀 file; ``char`` is the first such character and
    ``position`` its index (0-based) in the text given."""

    def __init__(self, text: str, char: str, position: int) -> None:
        self.text = text
        self.char = char
        self.position = position
        super().__init__(
            f"{char!r} (U+{ord(char):04X}) at position {position + 1} of {text!r} cannot be "
            "written in a bank transfer file; use katakana, latin letters, digits, spaces or "
            "( ) - . / ,"
        )


def to_zengin_kana(text: str) -> str:
    """``text`` in the 全銀 character set: ``to_zengin_kana("アオキ　ガクブ") == "ｱｵｷ ｶﾞｸﾌﾞ"``.

    Hiragana and full-width letters are accepted and converted; latin is upper-cased, small kana
    written large (as banks do). Raises ``KanaError`` (a ``ValueError``) naming the first
    character — a kanji, ``&``, ``@`` … — that has no 全銀 form.
    """
    out: list[str] = []
    for position, original in enumerate(text):
        # Character by character, so that an error names the character as the user typed it.
        for ch in _katakana(_SPACING_MARKS.get(original, original)):
            if ch in ZENGIN_CHARACTERS:
                out.append(ch)
            elif ch in _COMBINING_MARKS:  # a half-width ﾞ after its letter
                out.append(_COMBINING_MARKS[ch])
            elif ch in _SUBSTITUTES:
                out.append(_SUBSTITUTES[ch])
            elif ch.isspace():
                out.append(" ")
            else:
                converted = _katakana_to_half(ch)
                if converted is None:
                    raise KanaError(text, original, position)
                out.append(converted)
    return "".join(out)


def _katakana_to_half(ch: str) -> str | None:
    decomposed = unicodedata.normalize("NFD", ch)  # ガ → カ + U+3099; ヴ → ウ + U+3099
    base, marks = decomposed[0], decomposed[1:]
    if base not in _TO_HALF or any(mark not in _COMBINING_MARKS for mark in marks):
        return None
    return _TO_HALF[base] + "".join(_COMBINING_MARKS[mark] for mark in marks)
