"""The region benchmark's data: several sharing groups of the benchmark region, their member
companies with processes, machines and certificates, and ``--inquiries`` inquiries over three
calendar years (the three before this one).

The inquiries are written with raw multi-row INSERTs (``_Table``: cursor.executemany in large
batches, one transaction per batch — model instances and bulk_create needed ~26 minutes for a
million inquiries), shaped as the window and the board leave them:
lines with their process steps, material, size, tolerance and certificates; a delivery place
naming a prefecture; a status (won, lost and declined among them); referrals to members, some to
another group's members (the flows); answers; a sent quote with its lines where quoted, won or
lost; an order where won.

The unmet inquiries (declined, lost, and open ones passed to nobody) get their InquiryOutcome rows
written here directly, with reasons in the rollup's own shape. The rollup would otherwise judge
each of them once through matching.rank() — hundreds of thousands of rankings, which is the
matching benchmark's business, not this one's: this one measures reading the region's views from
the rollups against computing them from the raw rows. The incremental run still ranks the few
inquiries the bench leaves without an outcome (renkei.bench.region).

Everything comes from the seed; the first group's tagline records what was generated, so that a
second run reuses it.
"""

import datetime as dt
import hashlib
import random
import uuid
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from time import perf_counter
from typing import Any, cast

from django.core.management.color import no_style
from django.db import connection, connections, models, transaction
from django.db.models import Max
from django.utils import timezone

from renkei.bench import distributions as d
from renkei.bench.dataset import BenchDataError, _bench_group, _delete_members, _insert, _Taxonomy
from renkei.bench.generator import CompanyGenerator, chunked
from renkei.capabilities.models import Material, Process
from renkei.core.analyze import refresh_statistics
from renkei.inquiries.choices import Industry, InquiryStatus
from renkei.inquiries.models import (
    Answer,
    AnswerKind,
    Inquiry,
    InquiryLine,
    LineStep,
    Order,
    Quote,
    QuoteLine,
    Referral,
)
from renkei.lib.houjin import make_corporate_number
from renkei.orgs.models import Group, Membership
from renkei.region import facts as F
from renkei.region.models import InquiryOutcome, RegionSharing

# Bump when the generator changes, so that a run regenerates rather than reuses.
GENERATOR_VERSION = 2
CHUNK = 2000  # member companies per bulk_create
BATCH = 20_000  # inquiries per transaction, their rows written with one executemany per table
YEARS = 3
FEE = Decimal("10")
STATUSES = {
    InquiryStatus.NEW: 4.0, InquiryStatus.REVIEWING: 4.0, InquiryStatus.ANSWERED: 8.0,
    InquiryStatus.QUOTED: 14.0, InquiryStatus.WON: 30.0, InquiryStatus.LOST: 20.0,
    InquiryStatus.DECLINED: 20.0,
}  # fmt: skip
INDUSTRIES = [value for value, _label in Industry.choices]
CERTIFICATES = ("JIS Q 9100", "ISO 13485", "IATF 16949", "ISO 9001")
STATED = ("price", "lead_time", "capacity", "other")
CANNOT_NOTES = ("納期が間に合いません", "価格が合いません", "手一杯です", "設備がありません")
LINE_FIELDS = ("part_name", "quantity", "material", "size", "tolerance", "certifications")


# A generated line (the InquiryLine's fields, its steps as (process id, code), the material's
# family).
LineSpec = tuple[dict[str, Any], list[tuple[int, str]], str]


@dataclass
class RegionData:
    groups: list[Group]
    years: list[int]
    inquiries: int
    members: int
    customers: int
    generated: bool
    seconds: float


def bench_years(today: dt.date) -> list[int]:
    return [today.year - YEARS + i for i in range(YEARS)]


def marker(inquiries: int, groups: int, members: int, customers: int, seed: int, first: int) -> str:
    return (
        f"region benchmark data v{GENERATOR_VERSION}: {inquiries} inquiries, {groups} groups, "
        f"{members} members, {customers} customers, seed {seed}, from {first}"
    )


def group_slugs(prefix: str, groups: int) -> list[str]:
    return [f"{prefix}-{i + 1}" for i in range(groups)]


def ensure_region_data(
    *, inquiries: int, groups: int, members: int, customers: int, seed: int = 1,
    prefix: str = "bench-region",
) -> RegionData:  # fmt: skip
    """The bench groups with their members and inquiries, reused when already there."""
    years = bench_years(timezone.localdate())
    mark = marker(inquiries, groups, members, customers, seed, years[0])
    found = list(Group.objects.filter(slug__in=group_slugs(prefix, groups)).order_by("slug"))
    if (
        len(found) == groups
        and found[0].tagline == mark
        and Inquiry.objects.filter(group__in=found).count() == inquiries
    ):
        found.sort(key=lambda g: int(g.slug.rpartition("-")[2]))
        return RegionData(found, years, inquiries, members, customers, False, 0.0)
    if min(inquiries, groups, members, customers) < 1 or members < groups:
        raise BenchDataError("--inquiries, --customers must be ≥ 1 and --members ≥ --groups ≥ 1")
    started = perf_counter()
    made = _make(inquiries, groups, members, customers, seed, prefix, years)
    made[0].tagline = mark
    made[0].save(update_fields=["tagline", "updated_at"])
    return RegionData(made, years, inquiries, members, customers, True, perf_counter() - started)


def _make(
    inquiries: int, groups: int, members: int, customers: int, seed: int, prefix: str,
    years: list[int],
) -> list[Group]:  # fmt: skip
    with transaction.atomic():
        made = [_bench_group(slug) for slug in group_slugs(prefix, groups)]
        for group in made:
            _delete_inquiries(group)
        for group in made:  # after every group's inquiries: a referral may name another's member
            _delete_members(group)
            RegionSharing.objects.update_or_create(group=group, defaults={"shares": True})
        rng = random.Random(seed)
        taxonomy = _Taxonomy()
        company_ids = _members(made, members, seed, prefix, taxonomy)
    world = _World(rng, made, company_ids, customers, years)
    # Another prefix's data with the same seed must not repeat this one's tracking tokens.
    world.salt = int.from_bytes(hashlib.blake2b(prefix.encode(), digest_size=16).digest(), "big")
    number = {g.pk: 0 for g in made}
    tables = _Tables(timezone.now())
    # A batch per transaction: a run stopped half-way leaves no marker, so the next run starts
    # again from the deletes above.
    with _fast_writes():
        for chunk in chunked(iter(range(inquiries)), BATCH):
            with transaction.atomic():
                _inquiries(world, len(chunk), number, tables)
                tables.flush()
        tables.reset_sequences()
    # PostgreSQL's planner, left with the statistics of other rows, joined the baseline's few
    # thousand lines in nested loops for more than ten minutes (a CI run's test; core.analyze).
    refresh_statistics(sqlite=False)
    return made


@contextmanager
def _fast_writes() -> Iterator[None]:
    """SQLite without waiting for the disk on every commit while the bench's data goes in (the
    data is regenerated when a run does not finish, so a crash loses nothing of value); the
    connection's usual setting (renkei.config.settings) comes back afterwards."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:  # (a test's transaction)
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("PRAGMA cache_size=-262144")  # 256 MiB: the indexes being filled
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=NORMAL")


# Field types whose Python values need the database's form before a raw INSERT.
_PREPARED = {"DateTimeField", "DateField", "UUIDField", "JSONField", "DecimalField"}


def _stamped(field: "models.Field[Any, Any]") -> bool:
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


class _Table:
    """One model's rows written with a raw INSERT through cursor.executemany, their ids chosen
    here (after the table's highest) so that child rows can name them before anything is
    written. Columns not given get the field's default (created and updated: ``now``), so a
    field added to the model later still gets its value."""

    def __init__(self, model: type[models.Model], columns: Sequence[str], now: dt.datetime) -> None:
        meta = model._meta
        self.model = model
        # The connection itself, not the thread-local proxy: looked up on every value otherwise.
        self.db = connections[connection.alias]
        self.given = [cast("models.Field[Any, Any]", meta.get_field(c)) for c in columns]
        rest = [f for f in meta.concrete_fields if f not in self.given and not f.primary_key]
        # A unique field with a computed default (a token) needs its own value on every row.
        self.per_row = [f for f in rest if f.unique and callable(f.default)]
        fixed = [f for f in rest if f not in self.per_row]
        self.fixed = tuple(
            f.get_db_prep_save(now if _stamped(f) else f.get_default(), self.db) for f in fixed
        )
        self.prep = [i for i, f in enumerate(self.given) if f.get_internal_type() in _PREPARED]
        fields = [cast("models.Field[Any, Any]", meta.pk), *self.given, *fixed, *self.per_row]
        quote = connection.ops.quote_name
        columns_sql = ", ".join(quote(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        # Names from the model, quoted; the values are bound.
        self.sql = f"INSERT INTO {quote(meta.db_table)} ({columns_sql}) VALUES ({marks})"  # noqa: S608
        self.next_id = (model._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1
        self.rows: list[list[Any]] = []

    def add(self, *values: Any) -> int:
        pk = self.next_id
        self.next_id += 1
        row = [pk, *values]
        for i in self.prep:
            row[i + 1] = self.given[i].get_db_prep_save(row[i + 1], self.db)
        row += self.fixed
        row += [f.get_db_prep_save(f.get_default(), self.db) for f in self.per_row]
        self.rows.append(row)
        return pk

    def flush(self) -> None:
        if self.rows:
            with connection.cursor() as cursor:
                cursor.executemany(self.sql, self.rows)
        self.rows = []


class _Tables:
    """The tables an inquiry's rows go to, flushed parents first."""

    def __init__(self, now: dt.datetime) -> None:
        self.inquiry = _Table(Inquiry, (
            "group_id", "number", "tracking_token", "submission_key", "status",
            "customer_company", "customer_corporate_number", "contact_name", "email", "title",
            "description", "industry", "budget", "delivery_place", "received_at", "created_at",
        ), now)  # fmt: skip
        self.line = _Table(InquiryLine, ("inquiry_id", "position", *LINE_FIELDS), now)
        self.step = _Table(LineStep, ("line_id", "process_id", "position"), now)
        self.referral = _Table(Referral, ("inquiry_id", "company_id", "reasons"), now)
        self.answer = _Table(
            Answer, ("referral_id", "kind", "price_yen", "lead_days", "notes"), now
        )
        self.quote = _Table(Quote, (
            "inquiry_id", "fee_percent", "lead_days", "valid_until", "sent_at", "declined_at",
            "decline_reason",
        ), now)  # fmt: skip
        self.quote_line = _Table(QuoteLine, (
            "quote_id", "position", "description", "quantity", "unit_price_yen", "company_id",
        ), now)  # fmt: skip
        self.order = _Table(Order, ("inquiry_id", "quote_id", "total_yen", "delivery_on"), now)
        self.outcome = _Table(InquiryOutcome, ("inquiry_id", "reasons"), now)
        self.all = [self.inquiry, self.line, self.step, self.referral, self.answer, self.quote,
                    self.quote_line, self.order, self.outcome]  # fmt: skip

    def flush(self) -> None:
        for table in self.all:
            table.flush()

    def reset_sequences(self) -> None:
        """PostgreSQL's id sequences moved past the ids chosen here (SQLite needs nothing)."""
        statements = connection.ops.sequence_reset_sql(no_style(), [t.model for t in self.all])
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _delete_inquiries(group: Group) -> None:
    """The group's generated inquiries, removed table by table (a cascade through
    the ORM would load a million rows first)."""
    alias = connection.alias
    inquiries = Inquiry.objects.filter(group=group)
    for queryset in (
        InquiryOutcome.objects.filter(inquiry__group=group),
        Answer.objects.filter(referral__inquiry__group=group),
        Referral.objects.filter(inquiry__group=group),
        Order.objects.filter(inquiry__group=group),
        QuoteLine.objects.filter(quote__inquiry__group=group),
        Quote.objects.filter(inquiry__group=group),
        LineStep.objects.filter(line__inquiry__group=group),
        InquiryLine.objects.filter(inquiry__group=group),
        inquiries,
    ):
        queryset._raw_delete(alias)


def _members(
    groups: list[Group], members: int, seed: int, prefix: str, taxonomy: _Taxonomy
) -> dict[int, list[int]]:
    """``members`` companies from the directory benchmark's generator, dealt to the groups in
    turn; their ids by group."""
    generator = CompanyGenerator(
        seed=seed,
        today=timezone.localdate(),
        number_prefix=f"7{zlib.crc32(prefix.encode()) % 1000:03d}",
        processes_by_category=taxonomy.processes_by_category,
        process_names=taxonomy.process_names,
        material_symbols=set(taxonomy.materials),
    )
    rows = list(generator.rows(members))
    for i, group in enumerate(groups):
        for chunk in chunked(iter(rows[i :: len(groups)]), CHUNK):
            _insert(chunk, group, taxonomy)
    return {
        g.pk: list(Membership.objects.filter(group=g).values_list("company_id", flat=True))
        for g in groups
    }


@dataclass(frozen=True)
class _Customer:
    company: str
    corporate_number: str
    email: str
    place: str
    industry: str


class _World:
    """What every inquiry is drawn from: the customers, processes, materials, the months."""

    def __init__(
        self, rng: random.Random, groups: list[Group], members: dict[int, list[int]],
        customers: int, years: list[int],
    ) -> None:  # fmt: skip
        self.rng = rng
        self.salt = 0
        self.groups = groups
        self.members = members
        zone = timezone.get_current_timezone()
        self.months = [
            dt.datetime(year, month, 1, tzinfo=zone) for year in years for month in range(1, 13)
        ]
        prefectures = list(d.PREFECTURES)
        weights = [w for w, _c in d.PREFECTURES.values()]
        self.customers = []
        for i in range(customers):
            prefecture = rng.choices(prefectures, weights)[0]
            city = rng.choice(d.PREFECTURES[prefecture][1])
            self.customers.append(
                _Customer(
                    company=f"架空商事{i + 1:05d}株式会社",
                    corporate_number=make_corporate_number(f"6{i + 1:011d}") if i % 2 == 0 else "",
                    email=f"buyer{i + 1:05d}@customer{i % 97}.example",
                    place=f"{prefecture}{city}{rng.choice(d.TOWNS)}{rng.randint(1, 9)}-{i % 50}"
                    if rng.random() < 0.9
                    else "",
                    industry=rng.choice(INDUSTRIES),
                )
            )
        processes = list(Process.objects.order_by("code").values_list("pk", "code", "name_ja"))
        self.processes = processes
        self.process_weights = [d.PROCESS_WEIGHTS.get(code, 1.0) for _pk, code, _n in processes]
        self.materials = list(
            Material.objects.order_by("symbol").values_list("symbol", "family__code")
        )
        self.labels: dict[tuple[str, str], tuple[str, str]] = {}
        self.names = {code: name for _pk, code, name in processes}

    def when(self) -> dt.datetime:
        month = self.rng.choice(self.months)
        days = ((month + dt.timedelta(days=32)).replace(day=1) - month).days
        return month + dt.timedelta(days=self.rng.randrange(days), hours=8 + self.rng.randrange(10))

    def customer(self) -> _Customer:
        # A few customers ask often, most rarely (square of a uniform: skewed to the first).
        return self.customers[int(len(self.customers) * self.rng.random() ** 2)]


def _line(world: _World) -> LineSpec:
    rng = world.rng
    steps = rng.choices(world.processes, world.process_weights, k=rng.choice((1, 1, 2, 3)))
    steps = list(dict.fromkeys(steps))
    symbol, family = rng.choice(world.materials) if rng.random() < 0.9 else ("", "")
    size = rng.choice((30, 80, 120, 250, 400, 650, 900, 1200, 2000))
    tolerance = rng.choice(("±0.002", "±0.005", "±0.01", "±0.02", "±0.05", "±0.1", ""))
    certificates = [rng.choice(CERTIFICATES)] if rng.random() < 0.08 else []
    line = {
        "part_name": "試作部品",
        "quantity": rng.randint(1, 200),
        "material": symbol,
        "size": f"{size}x{max(size // 3, 10)}x20" if rng.random() < 0.85 else "",
        "tolerance": f"{tolerance}mm" if tolerance else "",
        "certifications": certificates,
    }
    return line, [(pk, code) for pk, code, _name in steps], family


def _reasons(world: _World, status: str, lines: list[LineSpec]) -> list[dict[str, str]]:
    """Reasons in the rollup's shape (facts.Reason.as_json): a gate of the first line, or for a
    declined or lost inquiry often what people wrote."""
    rng = world.rng
    if status in (InquiryStatus.DECLINED, InquiryStatus.LOST) and rng.random() < 0.4:
        code = rng.choice(STATED)
        return [_reason(world, code, code, "")]
    line, steps, family = lines[0]
    steps_key = "+".join(code for _pk, code in steps)
    choice = rng.random()
    if choice < 0.3:
        code = steps[0][1]
        return [_reason(world, "process", code, world.names[code])]
    if choice < 0.5 and line["certifications"]:
        standard = line["certifications"][0]
        return [_reason(world, "certificate", f"{steps_key}|{standard}", standard)]
    if choice < 0.7 and family:
        return [_reason(world, "material", f"{steps_key}|{family}", line["material"])]
    if choice < 0.85 and line["size"]:
        size = float(line["size"].split("x")[0])
        return [_reason(world, "size", f"{steps_key}|{F.band(size, F.SIZE_BANDS)}", f"{size:g}mm")]
    return [_reason(world, "tolerance", f"{steps_key}|le10", "±10µm")]


def _reason(world: _World, code: str, key: str, gate: str) -> dict[str, str]:
    if (code, key) not in world.labels:
        if code in STATED:
            labels = (str(F.REASON_NAMES[code]()), code.replace("_", " "))
        else:
            steps = "・".join(world.names.get(c, c) for c in key.partition("|")[0].split("+"))
            what = gate if code != "process" else ""
            labels = (f"{steps} {what}".strip(), f"{key} {what}".strip())
        world.labels[(code, key)] = labels
    ja, en = world.labels[(code, key)]
    return {"code": code, "key": key, "gate": gate, "label_ja": ja, "label_en": en}


def _inquiries(world: _World, count: int, number: dict[int, int], tables: _Tables) -> None:
    rng = world.rng
    for _ in range(count):
        group = rng.choice(world.groups)
        number[group.pk] += 1
        customer = world.customer()
        status = rng.choices(list(STATUSES), list(STATUSES.values()))[0]
        received = world.when()
        lines = [_line(world) for _ in range(rng.choice((1, 1, 1, 2, 3)))]
        key = uuid.UUID(int=rng.getrandbits(128) ^ world.salt)
        inquiry = tables.inquiry.add(
            group.pk, number[group.pk], f"bench-{key.hex}", key, status, customer.company,
            customer.corporate_number, "架空 花子", customer.email, "試作のお願い",
            "ベンチマークの引き合い", customer.industry if rng.random() < 0.85 else "",
            f"{rng.randint(5, 300)}万円" if rng.random() < 0.3 else "", customer.place,
            received, received,
        )  # fmt: skip
        for position, (spec, steps, _family) in enumerate(lines, start=1):
            line = tables.line.add(inquiry, position, *(spec[name] for name in LINE_FIELDS))
            for step, (process_id, _code) in enumerate(steps, start=1):
                tables.step.add(line, process_id, step)
        companies = _referred(world, group, status)
        referrals = [tables.referral.add(inquiry, c, "ベンチマーク") for c in companies]
        for referral in referrals:
            _answer(world, tables, referral, status)
        if status in (InquiryStatus.QUOTED, InquiryStatus.WON, InquiryStatus.LOST) and companies:
            _money(world, tables, inquiry, status, received, companies[0])
        if status in (InquiryStatus.DECLINED, InquiryStatus.LOST) or (
            status in F.OPEN and not companies
        ):
            tables.outcome.add(inquiry, _reasons(world, status, lines))


def _referred(world: _World, group: Group, status: str) -> list[int]:
    rng = world.rng
    if status in (InquiryStatus.NEW, InquiryStatus.REVIEWING) and rng.random() < 0.5:
        return []
    if status == InquiryStatus.DECLINED and rng.random() < 0.3:
        return []
    own = world.members[group.pk]
    chosen = set(rng.sample(own, min(len(own), rng.choice((1, 2, 3)))))
    if len(world.groups) > 1 and rng.random() < 0.12:
        other = rng.choice([g for g in world.groups if g.pk != group.pk])
        chosen.add(rng.choice(world.members[other.pk]))
    return sorted(chosen)


def _answer(world: _World, tables: _Tables, referral: int, status: str) -> None:
    rng = world.rng
    if status in (InquiryStatus.NEW, InquiryStatus.REVIEWING) or rng.random() < 0.1:
        return
    can = status != InquiryStatus.DECLINED and rng.random() < 0.75
    tables.answer.add(
        referral,
        AnswerKind.CAN if can else AnswerKind.CANNOT,
        rng.randrange(10_000, 2_000_000, 1000) if can else None,
        rng.randint(5, 40) if can else None,
        "" if can else rng.choice(CANNOT_NOTES),
    )


def _money(
    world: _World, tables: _Tables, inquiry: int, status: str, received: dt.datetime,
    company: int,
) -> None:  # fmt: skip
    """The sent quote with its line (the first member passed to), and the order where won."""
    rng = world.rng
    lost = status == InquiryStatus.LOST
    quote = tables.quote.add(
        inquiry, FEE, 15, (received + dt.timedelta(days=40)).date(),
        received + dt.timedelta(days=5), received + dt.timedelta(days=12) if lost else None,
        rng.choice(("価格が高い", "納期が合わない", "社内で検討した結果")) if lost else "",
    )  # fmt: skip
    quantity, unit = rng.randint(1, 50), rng.randrange(2_000, 200_000, 100)
    tables.quote_line.add(quote, 1, "試作部品 一式", quantity, unit, company)
    if status != InquiryStatus.WON:
        return
    amount = quantity * unit
    fee = int((amount * FEE / 100).quantize(Decimal(1), ROUND_DOWN))
    tax = int(((amount + fee) * Decimal("0.10")).quantize(Decimal(1), ROUND_DOWN))
    tables.order.add(inquiry, quote, amount + fee + tax, (received + dt.timedelta(days=30)).date())
