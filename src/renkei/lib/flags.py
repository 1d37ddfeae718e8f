"""Boolean columns over a fixed list of companies, for the cached capability indexes."""

from collections import defaultdict
from collections.abc import Hashable, Iterable
from typing import TypeVar

import numpy as np
import numpy.typing as npt

Flags = npt.NDArray[np.bool_]
K = TypeVar("K", bound=Hashable)


def flags_by_key(pairs: Iterable[tuple[int, K]], slot: dict[int, int], size: int) -> dict[K, Flags]:
    """For each key, a flag per slot saying which companies have it. Pairs of companies not in
    ``slot`` (one that joined after the company list was read) are left out."""
    positions: defaultdict[K, list[int]] = defaultdict(list)
    for company, key in pairs:
        if company in slot:
            positions[key].append(slot[company])
    made: dict[K, Flags] = {}
    for key, where in positions.items():
        flags = np.zeros(size, dtype=bool)
        flags[where] = True
        made[key] = flags
    return made
