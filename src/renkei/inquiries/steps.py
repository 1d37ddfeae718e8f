"""Reading a line's ordered process steps from what the customer wrote."""

import re

from renkei.directory.search import vocabulary
from renkei.lib.buyer_query import parse_buyer_query
from renkei.lib.jtext import fold_compact

_STEP_SEPARATORS = re.compile(r"\s*(?:→|->|⇒|>|＞|、|,|，|/|／|\n)\s*")


def steps_from_text(process_text: str) -> tuple[list[int], list[str]]:
    """Process ids in the order written, and the terms that are not in the taxonomy."""
    known = vocabulary().processes
    found: list[int] = []
    unknown: list[str] = []
    for term in filter(None, _STEP_SEPARATORS.split(process_text.strip())):
        pk = known.get(fold_compact(term))
        if pk is None:
            unknown.append(term)
        elif pk not in found:
            found.append(pk)
    return found, unknown


def suggest_steps(*texts: str) -> list[int]:
    """Processes named anywhere in free text ("5軸で削ってアルマイト"), in order of appearance."""
    return parse_buyer_query(" ".join(texts), vocabulary()).process_ids
