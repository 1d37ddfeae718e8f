"""The ranking's top-k selection keeps ties at the cut, so the tie-breaks still decide."""

import datetime as dt

import numpy as np

from renkei.inquiries.match_index import PoolIndex
from renkei.inquiries.matching import Need, _best


def test_the_best_few_of_many_equal_scores_follow_the_readings_as_a_full_sort_does():
    size = 1000
    index = PoolIndex(
        ids=np.arange(1, size + 1, dtype=np.int64),
        envelope=np.zeros(size),
        tolerance=np.where(np.arange(size) % 7 == 0, 2.0, 5.0),
    )
    index.slot = {int(pk): n for n, pk in enumerate(index.ids)}
    need = Need(steps=[], material=None, size_mm=None, tolerance_um=10.0, certifications=[],
                on=dt.date(2026, 1, 1))  # fmt: skip
    slots = np.arange(size, dtype=np.int64)
    # Every seventh holds ±2 µm (margin 5), the rest ±5 µm (margin 2): a full sort puts the
    # seventh ones first by reading, then the others by reading.
    expected = sorted(range(size), key=lambda n: (n % 7 != 0, n))[:150]
    assert _best(index, need, slots, {}, {}, 150) == expected
    assert _best(index, need, slots, {}, {}, 3) == [0, 7, 14]
