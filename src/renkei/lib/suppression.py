"""The small-cell rule of the region's aggregates, with no Django import.

A cell of a region table (a process, a prefecture, a pair of groups …) is shown only when it
describes at least ``THRESHOLD`` customers and, when it describes companies at all, at least
``THRESHOLD`` companies. Smaller cells are merged into one "other" cell; that cell is shown only
when it passes the same rule, computed from the union of what it merges (so a customer behind two
small cells counts once). When it does not, the smallest shown cells are merged into it until it
does or nothing is left: otherwise the table's total minus the shown cells would give the hidden
figure away (complementary suppression).

A sum of money is shown only when it adds up at least ``THRESHOLD`` jobs, so that no cell ever
carries the price of a single job.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

THRESHOLD = 3
OTHER = "_other"


@dataclass(frozen=True)
class Cell:
    """One cell before the rule: who it describes (as opaque ids) and what it counts.

    ``customers`` or ``companies`` is ``None`` when the cell does not describe that kind of party
    at all (the capability map counts companies, not customers). ``money`` maps a sum's name to
    (yen, the ids of the jobs it adds up)."""

    key: str
    label: str
    customers: frozenset[object] | None = None
    companies: frozenset[object] | None = None
    counts: Mapping[str, int] = field(default_factory=dict)
    money: Mapping[str, tuple[int, frozenset[object]]] = field(default_factory=dict)


@dataclass(frozen=True)
class Shown:
    """A cell after the rule: the counts, and each sum of money or ``None`` where hidden."""

    key: str
    label: str
    customers: int | None
    companies: int | None
    counts: Mapping[str, int]
    money: Mapping[str, int | None]


def too_small(cell: Cell, threshold: int = THRESHOLD) -> bool:
    """Whether the cell describes fewer than ``threshold`` customers or companies. A cell that
    describes no company (nobody was asked) says nothing of any company."""
    if cell.customers is not None and len(cell.customers) < threshold:
        return True
    return cell.companies is not None and 0 < len(cell.companies) < threshold


def visible_money(yen: int, jobs: int, threshold: int = THRESHOLD) -> int | None:
    """A sum of money, or ``None`` when it adds up fewer than ``threshold`` jobs."""
    return yen if jobs >= threshold else None


def merge(cells: Iterable[Cell], key: str = OTHER, label: str = "") -> Cell:
    """The cells as one: parties by union, counts and money summed (jobs by union)."""
    cells = list(cells)
    customers = _union([c.customers for c in cells])
    companies = _union([c.companies for c in cells])
    counts: dict[str, int] = {}
    money: dict[str, tuple[int, frozenset[object]]] = {}
    for cell in cells:
        for name, value in cell.counts.items():
            counts[name] = counts.get(name, 0) + value
        for name, (yen, jobs) in cell.money.items():
            before = money.get(name, (0, frozenset()))
            money[name] = (before[0] + yen, before[1] | jobs)
    return Cell(key, label, customers, companies, counts, money)


def _union(sets: Sequence[frozenset[object] | None]) -> frozenset[object] | None:
    present = [s for s in sets if s is not None]
    if not present:
        return None
    return frozenset().union(*present)


def _size(cell: Cell) -> tuple[int, int, str]:
    return (
        len(cell.customers) if cell.customers is not None else 0,
        len(cell.companies) if cell.companies is not None else 0,
        cell.key,
    )


def suppress(cells: Iterable[Cell], other_label: str, threshold: int = THRESHOLD) -> list[Shown]:
    """The cells that may be shown, in the order given, then the merged "other" cell (key
    ``OTHER``, label ``other_label``) when there is one that may be shown."""
    cells = list(cells)
    hidden = [c for c in cells if too_small(c, threshold)]
    shown = [c for c in cells if not too_small(c, threshold)]
    while hidden:
        other = merge(hidden, OTHER, other_label)
        if not too_small(other, threshold):
            shown.append(other)
            break
        if not shown:
            break
        smallest = min(shown, key=_size)
        shown.remove(smallest)
        hidden.append(smallest)
    return [_shown(cell, threshold) for cell in shown]


def _shown(cell: Cell, threshold: int) -> Shown:
    return Shown(
        key=cell.key,
        label=cell.label,
        customers=len(cell.customers) if cell.customers is not None else None,
        companies=len(cell.companies) if cell.companies is not None else None,
        counts=dict(cell.counts),
        money={
            name: visible_money(yen, len(jobs), threshold)
            for name, (yen, jobs) in cell.money.items()
        },
    )
