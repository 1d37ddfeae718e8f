"""An in-memory index of a pool of companies' capabilities, for ranking them in milliseconds.

Ranking every member for each inquiry line through SQL means a correlated look-up per company
and per gate; with a hundred thousand companies that is far beyond what a coordinator should
wait. The index keeps, per pool (a group's members, or the region's other groups), one column
per process, material and material family saying which companies offer it, their envelope
and best tolerance, and their certificates' expiry dates, as NumPy arrays in the order of the
companies' readings (kana, then id) — the ranking's last tie-break. Gates and scores then run
over all companies at once.

It is rebuilt when the capabilities stamp changes (every service that writes capabilities or
memberships bumps it); see core.stamps.
"""

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from django.db.models import QuerySet

from renkei.capabilities.models import Certification, CompanyMaterial, CompanyProcess
from renkei.core import stamps
from renkei.lib.flags import Flags, flags_by_key
from renkei.orgs.choices import MAKER_KINDS
from renkei.orgs.models import Company

NO_CERTIFICATE = 0  # expiry ordinal of a company without the certificate
FOREVER = dt.date.max.toordinal()


Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


@dataclass
class PoolIndex:
    """The capabilities of the manufacturing companies of one pool, one array slot each."""

    ids: Ints  # company ids, ordered by (kana, id)
    envelope: Floats  # largest machine axis in mm, 0 when unknown (as judge() reads it)
    tolerance: Floats  # best tolerance in µm, NaN when unknown
    by_process: dict[int, Flags] = field(default_factory=dict)
    by_material: dict[int, Flags] = field(default_factory=dict)
    by_family: dict[int, Flags] = field(default_factory=dict)
    expiry: dict[str, Ints] = field(default_factory=dict)  # latest active expiry, ordinal
    slot: dict[int, int] = field(default_factory=dict)  # company id → position

    @property
    def size(self) -> int:
        return len(self.ids)

    def none(self) -> Flags:
        return np.zeros(self.size, dtype=bool)

    def offers(self, process_id: int) -> Flags:
        return self.by_process.get(process_id, self.none())

    def certified(self, standard: str, on: dt.date) -> Flags:
        expiry = self.expiry.get(standard)
        if expiry is None:
            return self.none()
        return expiry >= on.toordinal()


def build(companies: QuerySet[Company]) -> PoolIndex:
    manufacturers = companies.filter(kind__in=MAKER_KINDS)
    rows = sorted(manufacturers.values_list("kana", "pk", "max_envelope_mm", "best_tolerance_um"))
    size = len(rows)
    index = PoolIndex(
        ids=np.array([pk for _k, pk, _e, _t in rows], dtype=np.int64),
        envelope=np.array([e or 0.0 for _k, _pk, e, _t in rows], dtype=np.float64),
        tolerance=np.array([np.nan if t is None else t for *_r, t in rows], dtype=np.float64),
    )
    index.slot = {pk: n for n, (_k, pk, _e, _t) in enumerate(rows)}
    ids = manufacturers.values("pk")
    processes = CompanyProcess.objects.filter(company__in=ids).values_list(
        "company_id", "process_id"
    )
    materials = list(
        CompanyMaterial.objects.filter(company__in=ids).values_list(
            "company_id", "material_id", "material__family_id"
        )
    )
    index.by_process = flags_by_key(processes, index.slot, size)
    index.by_material = flags_by_key(((c, m) for c, m, _f in materials), index.slot, size)
    index.by_family = flags_by_key(((c, f) for c, _m, f in materials), index.slot, size)
    certificates = (
        Certification.objects.valid_on(dt.date.min)  # every active one; dates checked per line
        .filter(company__in=ids)
        .values_list("company_id", "standard", "expires_on")
    )
    for company, standard, until in certificates:
        if company not in index.slot:
            continue
        expiry = index.expiry.setdefault(standard, np.full(size, NO_CERTIFICATE, dtype=np.int64))
        slot = index.slot[company]
        expiry[slot] = max(expiry[slot], until.toordinal() if until else FOREVER)
    return index


def pool_index(key: tuple[object, ...], companies: QuerySet[Company]) -> PoolIndex:
    """The index of ``companies``, cached under ``key`` while the capabilities stamp holds."""
    return stamps.cached(stamps.CAPABILITIES, ("match", *key), lambda: build(companies))
