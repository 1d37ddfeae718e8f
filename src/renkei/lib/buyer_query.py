"""Parse a buyer's free-text capability search, with no Django import.

A buyer types what the part needs, in any order: "5軸 A7075 300mm ±0.01 JIS Q 9100".
Each token is recognised as a size, a tolerance, a certification, a material or a process;
what is left is free text matched against company names and profiles. The vocabularies
(process names and aliases, material symbols, certification standards) come from the database
and are passed in, so the parser itself stays pure.
"""

import re
from dataclasses import dataclass, field

from renkei.lib.jtext import fold, fold_compact

_SIZE = re.compile(r"^(\d+(?:\.\d+)?)\s*(mm|cm|m)$")
_DIMENSIONS = re.compile(r"^(\d+(?:\.\d+)?)(?:[x×*](\d+(?:\.\d+)?)){1,2}\s*(mm)?$")
_TOLERANCE = re.compile(r"^(?:±|\+-|\+/-)\s*(\d+(?:\.\d+)?)\s*(mm|µm|μm|um|ミクロン)?$")
_UNIT_MM = {"mm": 1.0, "cm": 10.0, "m": 1000.0}


@dataclass(frozen=True)
class Vocabulary:
    """Folded term → id maps for processes, materials and certification standards."""

    processes: dict[str, int] = field(default_factory=dict)
    materials: dict[str, int] = field(default_factory=dict)
    certifications: dict[str, str] = field(default_factory=dict)


@dataclass
class BuyerQuery:
    """What a buyer's search asks for. Empty fields ask nothing."""

    process_ids: list[int] = field(default_factory=list)
    material_ids: list[int] = field(default_factory=list)
    certifications: list[str] = field(default_factory=list)
    min_size_mm: float | None = None
    max_tolerance_um: float | None = None
    words: list[str] = field(default_factory=list)
    recognised: list[tuple[str, str]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.process_ids
            or self.material_ids
            or self.certifications
            or self.min_size_mm is not None
            or self.max_tolerance_um is not None
            or self.words
        )


def _size_mm(token: str) -> float | None:
    match = _SIZE.match(token)
    if match:
        return float(match.group(1)) * _UNIT_MM[match.group(2)]
    match = _DIMENSIONS.match(token)
    if match:
        return max(float(n) for n in re.findall(r"\d+(?:\.\d+)?", token))
    return None


def _tolerance_um(token: str) -> float | None:
    match = _TOLERANCE.match(token)
    if not match:
        return None
    value = float(match.group(1))
    unit = match.group(2) or "mm"
    return value if unit != "mm" else value * 1000.0


def parse_buyer_query(text: str, vocabulary: Vocabulary) -> BuyerQuery:
    """Split ``text`` into the criteria a directory search filters by."""
    query = BuyerQuery()
    tokens = fold(text).split(" ") if text.strip() else []
    i = 0
    while i < len(tokens):
        # Multi-word terms first ("jis q 9100", "ti-6al-4v"): try the longest run of tokens.
        for width in (4, 3, 2, 1):
            run = tokens[i : i + width]
            if len(run) < width:
                continue
            compact = fold_compact("".join(run))
            if compact in vocabulary.certifications:
                query.certifications.append(vocabulary.certifications[compact])
                query.recognised.append(("certification", " ".join(run)))
                i += width
                break
            if width == 1:
                token = run[0]
                if (size := _size_mm(token)) is not None:
                    query.min_size_mm = max(size, query.min_size_mm or 0)
                    query.recognised.append(("size", token))
                elif (tol := _tolerance_um(token)) is not None:
                    query.max_tolerance_um = min(tol, query.max_tolerance_um or tol)
                    query.recognised.append(("tolerance", token))
                elif compact in vocabulary.materials:
                    query.material_ids.append(vocabulary.materials[compact])
                    query.recognised.append(("material", token))
                elif compact in vocabulary.processes:
                    query.process_ids.append(vocabulary.processes[compact])
                    query.recognised.append(("process", token))
                elif token:
                    query.words.append(token)
                i += 1
                break
            if compact in vocabulary.materials:
                query.material_ids.append(vocabulary.materials[compact])
                query.recognised.append(("material", " ".join(run)))
                i += width
                break
            if compact in vocabulary.processes:
                query.process_ids.append(vocabulary.processes[compact])
                query.recognised.append(("process", " ".join(run)))
                i += width
                break
    return query
