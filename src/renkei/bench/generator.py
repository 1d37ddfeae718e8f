"""Fictional companies for benchmarks, the same for the same seed, with no Django import.

The generator is handed the taxonomy as plain maps (category → process codes, process code →
Japanese name, known material symbols), so it neither reads the database nor depends on its ids:
the same seed gives the same companies in any database.
"""

import datetime as dt
import math
import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import TypeVar

from renkei.bench import distributions as d

T = TypeVar("T")

BATCH_PHRASES = {
    "0-50": "試作・単品から",
    "50-500": "小ロットで",
    "500-5000": "中ロットの量産まで",
    "5000+": "量産まで",
}
CLOSING_SENTENCES = (
    "短納期のご相談も歓迎します。",
    "図面がなくても現物からの製作に対応します。",
    "検査成績書の発行が可能です。",
    "地域の協力工場と連携して一貫生産します。",
    "若手技能者の育成に力を入れています。",
    "半導体・医療装置向けの実績があります。",
    "自動車部品の量産実績があります。",
)
# A fallback machine for a trade whose processes have no machine template of their own.
FALLBACK_MACHINE = {
    "machining": "machining_center", "sheet_metal": "laser_cutting",
    "surface_treatment": "electroplating", "joining": "tig_welding",
    "grinding": "surface_grinding", "forming": "press_stamping", "polishing": "buffing",
    "nontraditional": "wire_edm", "polymer_am": "injection_molding",
    "tooling_assembly_qa": "mechanical_assembly", "heat_treatment": "quench_temper",
    "casting": "die_casting",
}  # fmt: skip
AEROSPACE_TRADES = {"heat_treatment", "nontraditional", "grinding", "surface_treatment"}
AUTOMOTIVE_TRADES = {"forming", "casting", "heat_treatment", "surface_treatment"}
MEDICAL_PROCESSES = {"micro_machining", "swiss_turning", "electropolishing"}
# Sector certificates are common only in the trades that serve the sector.
SPECIALIST_CHANCE = {"IATF 16949": 0.08, "JIS Q 9100": 0.06, "ISO 13485": 0.06}


@dataclass(frozen=True)
class MachineRow:
    kind: str
    maker_model: str
    process: str | None
    axes: int | None
    x_mm: int | None
    y_mm: int | None
    z_mm: int | None
    tolerance_um: float | None


@dataclass(frozen=True)
class CertRow:
    standard: str
    issuer: str
    number: str
    issued_on: dt.date
    expires_on: dt.date | None
    status: str


@dataclass
class CompanyRow:
    """One fictional member company, its profile and its membership."""

    houjin_body: str
    name: str
    kana: str
    prefecture: str
    address: str
    employees: int
    capital_yen: int
    profile: str
    batch_band: str
    lead_days: int
    processes: list[str]
    materials: list[str]
    machines: list[MachineRow] = field(default_factory=list)
    certs: list[CertRow] = field(default_factory=list)
    circle: str = "active"
    role: str = "member"
    listed: bool = True
    joined_on: dt.date = dt.date(2010, 4, 1)


class _Weighted:
    """Weighted choice with precomputed cumulative weights (random.choices per call is slower)."""

    def __init__(self, weights: dict[str, float]) -> None:
        self.items = list(weights)
        self.cum = list(accumulate(weights.values()))

    def one(self, rng: random.Random) -> str:
        return rng.choices(self.items, cum_weights=self.cum)[0]

    def distinct(self, rng: random.Random, k: int) -> list[str]:
        picked: dict[str, None] = {}
        for _ in range(k * 4):
            picked[self.one(rng)] = None
            if len(picked) >= k:
                break
        return list(picked)


class CompanyGenerator:
    def __init__(
        self,
        *,
        seed: int,
        today: dt.date,
        number_prefix: str,
        processes_by_category: Mapping[str, Sequence[str]],
        process_names: dict[str, str],
        material_symbols: set[str],
    ) -> None:
        if len(number_prefix) != 4 or not number_prefix.isdigit():
            raise ValueError("number_prefix must be four digits")
        self.seed = seed
        self.today = today
        self.number_prefix = number_prefix
        self.process_names = process_names
        self.prefectures = _Weighted({p: w for p, (w, _) in d.PREFECTURES.items()})
        self.categories = _Weighted(
            {c: w for c, w in d.CATEGORY_WEIGHTS.items() if processes_by_category.get(c)}
        )
        self.in_category = {
            c: _Weighted({code: d.PROCESS_WEIGHTS.get(code, 1.0) for code in sorted(codes)})
            for c, codes in processes_by_category.items()
            if codes
        }
        every = sorted(code for codes in processes_by_category.values() for code in codes)
        self.any_process = _Weighted({code: d.PROCESS_WEIGHTS.get(code, 1.0) for code in every})
        self.category_of = {code: c for c, codes in processes_by_category.items() for code in codes}
        self.materials = {
            c: _Weighted({m: w for m, w in table.items() if m in material_symbols})
            for c, table in d.MATERIALS_BY_CATEGORY.items()
        }
        self.legal_forms = _Weighted(dict(d.LEGAL_FORMS))
        self.batch_bands = _Weighted(dict(d.BATCH_BANDS))

    def rows(self, n: int) -> Iterator[CompanyRow]:
        rng = random.Random(self.seed)
        for i in range(n):
            yield self._company(rng, i)

    def _company(self, rng: random.Random, i: int) -> CompanyRow:
        trade = self.categories.one(rng)
        processes = self.in_category[trade].distinct(
            rng, rng.choices((1, 2, 3, 4), (25, 40, 25, 10))[0]
        )
        extra = rng.choices((0, 1, 2), (45, 40, 15))[0]
        if len(processes) + extra < 2:
            extra = 2 - len(processes)
        for code in self.any_process.distinct(rng, extra):
            if code not in processes and len(processes) < 6:
                processes.append(code)
        materials = self.materials[trade].distinct(rng, rng.randint(2, 7))
        prefecture = self.prefectures.one(rng)
        surname, surname_kana = rng.choice(d.SURNAMES)
        trade_word, trade_kana = rng.choice(d.TRADES[trade])
        employees = max(1, min(800, int(rng.lognormvariate(math.log(15), 0.9))))
        step = int(math.log10(employees) * 2) + rng.randint(-1, 1)
        band = self.batch_bands.one(rng)
        row = CompanyRow(
            houjin_body=f"{self.number_prefix}{i:08d}",
            name=self.legal_forms.one(rng).format(surname + trade_word),
            kana=surname_kana + trade_kana,
            prefecture=prefecture,
            address=(
                f"{rng.choice(d.PREFECTURES[prefecture][1])}{rng.choice(d.TOWNS)}"
                f"{rng.randint(1, 9)}-{rng.randint(1, 40)}"
            ),
            employees=employees,
            capital_yen=d.CAPITAL_STEPS[max(0, min(len(d.CAPITAL_STEPS) - 1, step))],
            profile=self._profile(rng, processes, materials, band),
            batch_band=band,
            lead_days={"0-50": 5, "50-500": 10, "500-5000": 15, "5000+": 20}[band]
            + rng.randint(-2, 10),
            processes=processes,
            materials=materials,
            circle="core" if i == 0 or rng.random() < 0.08 else "active",
            listed=rng.random() < 0.97,
            joined_on=dt.date(2000, 1, 1) + dt.timedelta(days=rng.randint(0, 9000)),
        )
        if i == 0:
            row.role = "leader"
        elif row.circle == "core" and rng.random() < 0.15:
            row.role = "secretary"
        row.machines = self._machines(rng, trade, processes)
        row.certs = self._certs(rng, trade, processes, employees)
        return row

    def _profile(
        self, rng: random.Random, processes: list[str], materials: list[str], band: str
    ) -> str:
        names = "・".join(self.process_names[code] for code in processes[:3])
        return (
            f"{names}を中心に、{'・'.join(materials[:3])}などの加工を"
            f"{BATCH_PHRASES[band]}承ります。{rng.choice(CLOSING_SENTENCES)}"
        )

    def _machines(self, rng: random.Random, trade: str, processes: list[str]) -> list[MachineRow]:
        codes = [code for code in processes if code in d.MACHINES]
        rng.shuffle(codes)
        codes = codes[: rng.choice((1, 1, 2, 2, 2, 3))] or [FALLBACK_MACHINE[trade]]
        machines = []
        for code in codes:
            kind, model, axes, x, y, z, tol = d.MACHINES[code]
            machines.append(
                MachineRow(
                    kind=kind,
                    maker_model=model,
                    process=code if code in processes else None,
                    axes=axes,
                    x_mm=_size(rng, x),
                    y_mm=_size(rng, y),
                    z_mm=_size(rng, z),
                    tolerance_um=_tolerance(rng, tol),
                )
            )
        return machines

    def _certs(
        self, rng: random.Random, trade: str, processes: list[str], employees: int
    ) -> list[CertRow]:
        certs = []
        specialist = {
            "IATF 16949": trade in AUTOMOTIVE_TRADES,
            "JIS Q 9100": "five_axis" in processes or trade in AEROSPACE_TRADES,
            "ISO 13485": bool(MEDICAL_PROCESSES.intersection(processes)),
        }
        for standard, base in d.CERT_BASE.items():
            chance = base
            if standard == "ISO 9001" and employees > 30:
                chance += 0.25
            elif standard == "ISO 14001" and employees > 80:
                chance += 0.2
            elif specialist.get(standard):
                chance = SPECIALIST_CHANCE[standard]
            if rng.random() < chance:
                certs.append(self._cert(rng, standard))
        return certs

    def _cert(self, rng: random.Random, standard: str) -> CertRow:
        # Certificates run three years; about one in ten has lapsed without renewal. 技能士 is a
        # person's national qualification and does not expire.
        if standard == "技能士":
            issued, expires = self.today - dt.timedelta(days=rng.randint(100, 5000)), None
        elif rng.random() < 0.1:
            expires = self.today - dt.timedelta(days=rng.randint(1, 365))
            issued = expires - dt.timedelta(days=1095)
        else:
            issued = self.today - dt.timedelta(days=rng.randint(0, 1090))
            expires = issued + dt.timedelta(days=1095)
        roll = rng.random()
        status = "suspended" if roll < 0.015 else "withdrawn" if roll < 0.02 else "active"
        return CertRow(
            standard=standard,
            issuer=rng.choice(d.ISSUERS),
            number=f"{standard.split()[-1]}-{rng.randint(1000, 99999)}",
            issued_on=issued,
            expires_on=expires,
            status=status,
        )


def _size(rng: random.Random, span: d.Range) -> int | None:
    if span is None:
        return None
    value = rng.uniform(*span)
    return max(1, round(value / 10) * 10 if span[1] >= 100 else round(value))


def _tolerance(rng: random.Random, span: d.Range) -> float | None:
    if span is None:
        return None
    value = math.exp(rng.uniform(math.log(span[0]), math.log(span[1])))
    return round(value, 1) if value < 10 else float(round(value))


def chunked(items: Iterator[T], size: int) -> Iterator[list[T]]:
    """Lists of up to ``size`` items (itertools.batched arrived only in Python 3.12)."""
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
