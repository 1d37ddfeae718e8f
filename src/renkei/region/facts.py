"""What the rollups are made of: each inquiry of the region's sharing groups read once into a
``Fact`` (its month, customer, dimensions, outcome, value and — when unmet — why, in the matching
gates' own terms). Only the rollup reads these; the pages read the rollups.

The customer's prefecture: the inquiry has no prefecture field, so it is read from the delivery
place the customer wrote (納品場所), the first prefecture named in it (京都市… → 京都府 as well);
an inquiry without one counts under 不明. The customer is identified by 法人番号 when given, else
by the company name folded (full-width, spaces, 株式会社 and the like ignored).
"""

import datetime as dt
import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db.models import F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone, translation
from django.utils.translation import gettext

from renkei.capabilities.models import Material, Process
from renkei.directory.search import vocabulary
from renkei.inquiries.choices import InquiryStatus
from renkei.inquiries.matching import Candidate, Need, Pool, need_of, rank
from renkei.inquiries.models import Answer, AnswerKind, Inquiry, Message, Quote, Referral
from renkei.inquiries.models.quote import quote_figures
from renkei.lib.buyer_query import parse_buyer_query
from renkei.orgs.choices import PREFECTURES, CompanyKind
from renkei.orgs.models import Company, Group, Region
from renkei.region.models import InquiryOutcome, RegionSharing

UNKNOWN = ""
OPEN = (InquiryStatus.NEW, InquiryStatus.REVIEWING)

# Bands as buyers talk about parts: the largest dimension of the part, the tightest tolerance.
SIZE_BANDS = ((100.0, "le100"), (500.0, "le500"), (1000.0, "le1000"), (float("inf"), "gt1000"))
TOLERANCE_BANDS = ((5.0, "le5"), (10.0, "le10"), (50.0, "le50"), (float("inf"), "gt50"))
ENVELOPE_BANDS = SIZE_BANDS


@dataclass(frozen=True)
class Reason:
    """Why an inquiry went unmet. ``code``: process, certificate, material, size, tolerance,
    lead_time, capacity, price or other; ``gate``: the matching gate's own text ("5軸・複合",
    "JIS Q 9100", "1200mm", "±5µm") when a gate failed."""

    code: str
    key: str
    gate: str
    label_ja: str
    label_en: str

    def as_json(self) -> dict[str, str]:
        return {
            "code": self.code,
            "key": self.key,
            "gate": self.gate,
            "label_ja": self.label_ja,
            "label_en": self.label_en,
        }


@dataclass
class Fact:
    """One inquiry as the rollup counts it."""

    id: int
    group_id: int
    month: dt.date
    customer: str
    status: str
    industry: str
    prefecture: str
    processes: set[str] = field(default_factory=set)
    families: set[str] = field(default_factory=set)
    size_band: str = UNKNOWN
    tolerance_band: str = UNKNOWN
    companies: set[int] = field(default_factory=set)
    # The inquiry's referrals as (referral id, company id, answer kind or None), for the flows.
    referrals: list[tuple[int, int, str | None]] = field(default_factory=list)
    quoted_yen: int | None = None
    ordered_yen: int | None = None
    budget_yen: int | None = None
    reasons: list[Reason] = field(default_factory=list)

    @property
    def unmet(self) -> bool:
        return bool(self.reasons)

    @property
    def value_yen(self) -> int | None:
        """What the inquiry was worth where known: the quote, else the customer's budget."""
        return self.quoted_yen if self.quoted_yen is not None else self.budget_yen


def month_of(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date().replace(day=1)


def month_span(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_current_timezone()
    after = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return (
        dt.datetime.combine(month, dt.time.min, tzinfo=zone),
        dt.datetime.combine(after, dt.time.min, tzinfo=zone),
    )


def sharing_groups(region: Region) -> list[int]:
    """Ids of the region's groups that chose to share (RegionSharing); the others are absent."""
    return list(
        RegionSharing.objects.filter(group__region=region, shares=True)
        .order_by("group_id")
        .values_list("group_id", flat=True)
    )


# --- the customer, the prefecture, the budget ---------------------------------------------

_COMPANY_WORDS = re.compile(r"株式会社|有限会社|合同会社|\(株\)|\(有\)|㈱|㈲|co\.?,?|ltd\.?|inc\.?")


def customer_key(corporate_number: str, company: str, email: str) -> str:
    if corporate_number:
        return f"cn:{corporate_number}"
    folded = unicodedata.normalize("NFKC", company).lower()
    folded = re.sub(r"\s+", "", _COMPANY_WORDS.sub("", folded))
    if folded:
        return f"name:{folded}"
    return f"mail:{email.rpartition('@')[2].lower()}"


def customer_digest(key: str) -> str:
    """What a fact keeps of its customer: a digest of the key, enough to count distinct
    customers and naming none (the facts are kept between runs, renkei.region.snapshots)."""
    return hashlib.blake2b(key.encode(), digest_size=12, person=b"renkei-region").hexdigest()


_SHORT = {p[:-1]: p for p in PREFECTURES if p != "北海道"}


def prefecture_of(place: str) -> str:
    """The first prefecture named in ``place``, by its full name or without 都・府・県
    (京都市左京区 → 京都府); "" when none is named."""
    text = unicodedata.normalize("NFKC", place)
    found = [(text.find(p), p) for p in PREFECTURES if p in text]
    found += [(text.find(short), full) for short, full in _SHORT.items() if short in text]
    return min(found)[1] if found else UNKNOWN


_BUDGET = re.compile(r"([0-9][0-9,]*(?:\.[0-9]+)?)\s*(億|万|千)?\s*円?")
_UNITS = {"億": 100_000_000, "万": 10_000, "千": 1_000, None: 1}


def budget_yen(text: str) -> int | None:
    """The largest sum written in a budget ("50万円", "300,000円", "1.5万〜2万") in yen; None
    when none (or one too small to be a budget, such as "2個")."""
    text = unicodedata.normalize("NFKC", text)
    sums = []
    for number, unit in _BUDGET.findall(text):
        try:
            value = float(number.replace(",", "")) * _UNITS[unit or None]
        except ValueError:
            continue
        sums.append(int(value))
    best = max(sums, default=0)
    return best if best >= 1000 else None


def band(value: float | None, bands: Iterable[tuple[float, str]]) -> str:
    if value is None:
        return UNKNOWN
    return next(code for top, code in bands if value <= top)


# The vocabulary and every material's family, read once per rollup run (forget_parsed).
_TAXONOMY: list[tuple[Any, dict[int, str]]] = []


@lru_cache(maxsize=20_000)
def _parsed(material: str, size: str, tolerance: str) -> tuple[str, float | None, float | None]:
    """The material family, size and tolerance of a line, read the way matching reads them."""
    if not _TAXONOMY:
        families = dict(Material.objects.values_list("pk", "family__code"))
        _TAXONOMY.append((vocabulary(), {pk: code or "" for pk, code in families.items()}))
    words, families = _TAXONOMY[0]
    parsed = parse_buyer_query(f"{material} {size} {tolerance}", words)
    family = families.get(parsed.material_ids[0], "") if parsed.material_ids else ""
    return family, parsed.min_size_mm, parsed.max_tolerance_um


def forget_parsed() -> None:
    _parsed.cache_clear()
    _TAXONOMY.clear()


# --- reading the facts --------------------------------------------------------------------


def inquiries_in(groups: list[int], start: dt.datetime, end: dt.datetime) -> QuerySet[Inquiry]:
    return Inquiry.objects.filter(group_id__in=groups, received_at__gte=start, received_at__lt=end)


def read_facts(region: Region, months: Iterable[dt.date], groups: list[int]) -> list[Fact]:
    """The facts of the sharing groups' inquiries received in ``months``."""
    facts: list[Fact] = []
    for month in sorted(set(months)):
        start, end = month_span(month)
        facts += _read(region, inquiries_in(groups, start, end), groups)
    return facts


def _read(region: Region, inquiries: QuerySet[Inquiry], groups: list[int]) -> list[Fact]:
    rows = list(
        inquiries.values(
            "pk", "group_id", "received_at", "customer_corporate_number", "customer_company",
            "email", "status", "industry", "delivery_place", "budget",
        )
    )  # fmt: skip
    if not rows:
        return []
    # The children are read by a subquery of the same inquiries, never by a list of their ids:
    # a month may hold more inquiries than SQLite binds parameters in one query (32,766).
    ids = inquiries.values("pk")
    facts = {
        row["pk"]: Fact(
            id=row["pk"],
            group_id=row["group_id"],
            month=month_of(row["received_at"]),
            customer=customer_digest(
                customer_key(
                    row["customer_corporate_number"], row["customer_company"], row["email"]
                )
            ),
            status=row["status"],
            industry=row["industry"] or UNKNOWN,
            prefecture=prefecture_of(row["delivery_place"]),
            budget_yen=budget_yen(row["budget"]),
        )
        for row in rows
    }
    _add_lines(facts, ids)
    _add_money(facts, ids)
    referrals = Referral.objects.filter(inquiry_id__in=ids).order_by("pk")
    for inquiry_id, pk, company_id, kind in referrals.values_list(
        "inquiry_id", "pk", "company_id", "answer__kind"
    ):
        facts[inquiry_id].companies.add(company_id)
        facts[inquiry_id].referrals.append((pk, company_id, kind))
    _add_reasons(region, facts, groups, ids)
    return list(facts.values())


Ids = QuerySet[Any] | list[int]


def _add_lines(facts: dict[int, Fact], ids: Ids) -> None:
    from renkei.inquiries.models import InquiryLine, LineStep

    sizes: dict[int, list[float]] = defaultdict(list)
    tolerances: dict[int, list[float]] = defaultdict(list)
    lines = InquiryLine.objects.filter(inquiry_id__in=ids)
    for inquiry_id, material, size, tolerance in lines.values_list(
        "inquiry_id", "material", "size", "tolerance"
    ):
        family, size_mm, tolerance_um = _parsed(material, size, tolerance)
        if family:
            facts[inquiry_id].families.add(family)
        if size_mm is not None:
            sizes[inquiry_id].append(size_mm)
        if tolerance_um is not None:
            tolerances[inquiry_id].append(tolerance_um)
    for inquiry_id, code in LineStep.objects.filter(line__inquiry_id__in=ids).values_list(
        "line__inquiry_id", "process__code"
    ):
        facts[inquiry_id].processes.add(code)
    for inquiry_id, fact in facts.items():
        fact.size_band = band(max(sizes[inquiry_id], default=None), SIZE_BANDS)
        fact.tolerance_band = band(min(tolerances[inquiry_id], default=None), TOLERANCE_BANDS)


def _add_money(facts: dict[int, Fact], ids: Ids) -> None:
    """The latest sent quote's total, and the order's."""
    quotes = (
        Quote.objects.filter(inquiry_id__in=ids, sent_at__isnull=False)
        .annotate(lines_total=Sum(F("lines__quantity") * F("lines__unit_price_yen")))
        .values_list("inquiry_id", "revision", "fee_percent", "lines_total")
        .order_by("inquiry_id", "revision")
    )
    for inquiry_id, _revision, fee_percent, subtotal in quotes:
        facts[inquiry_id].quoted_yen = quote_figures(int(subtotal or 0), fee_percent).total
    from renkei.inquiries.models import Order

    for inquiry_id, total in Order.objects.filter(inquiry_id__in=ids).values_list(
        "inquiry_id", "total_yen"
    ):
        facts[inquiry_id].ordered_yen = total


# --- why an inquiry went unmet ------------------------------------------------------------


def region_members(region: Region, groups: list[int]) -> QuerySet[Company]:
    """Current manufacturer members of the region's sharing groups (listed or not: whether
    anyone in the region could have made the part, not whom a visitor may see)."""
    return Company.objects.filter(
        kind=CompanyKind.MANUFACTURER,
        memberships__group_id__in=groups,
        memberships__left_on__isnull=True,
    ).distinct()


def region_members_pool(region: Region, groups: list[int]) -> Pool:
    return Pool(("region-rollup", region.pk, tuple(groups)), region_members(region, groups))


def _add_reasons(region: Region, facts: dict[int, Fact], groups: list[int], ids: Ids) -> None:
    """Reasons are recorded once per inquiry (InquiryOutcome) and then kept as they were.
    ``ids``: the facts' inquiries (a subquery, or a short list)."""
    recorded = dict(
        InquiryOutcome.objects.filter(inquiry_id__in=ids).values_list("inquiry_id", "reasons")
    )
    unreferred = {f.id for f in facts.values() if f.status in OPEN and not f.companies}
    candidates = [
        f
        for f in facts.values()
        if f.status in (InquiryStatus.DECLINED, InquiryStatus.LOST) or f.id in unreferred
    ]
    new: list[InquiryOutcome] = []
    pool: Pool | None = None
    for fact in candidates:
        if fact.id in recorded:
            fact.reasons = [Reason(**r) for r in recorded[fact.id]]
            continue
        pool = pool or region_members_pool(region, groups)
        inquiry = Inquiry.objects.select_related("group").get(pk=fact.id)
        reasons = gate_reasons(inquiry, pool)
        if not reasons and fact.status in (InquiryStatus.DECLINED, InquiryStatus.LOST):
            reasons = [stated_reason(inquiry)]
        fact.reasons = reasons
        if reasons or fact.status not in OPEN:
            # An open inquiry someone could serve may still be referred: judged again later.
            new.append(InquiryOutcome(inquiry_id=fact.id, reasons=[r.as_json() for r in reasons]))
    InquiryOutcome.objects.bulk_create(new, ignore_conflicts=True)


def judge_pending(region: Region, facts: Iterable[Fact], groups: list[int]) -> None:
    """Facts kept from an earlier run, judged again where a fresh read would judge them: an
    open inquiry passed to nobody and without a recorded outcome (one someone could serve)."""
    pending = [f for f in facts if f.status in OPEN and not f.companies and not f.reasons]
    for i in range(0, len(pending), 900):  # a short id list per query
        chunk = {f.id: f for f in pending[i : i + 900]}
        _add_reasons(region, chunk, groups, list(chunk))


def gate_reasons(inquiry: Inquiry, pool: Pool) -> list[Reason]:
    """For each line no member of ``pool`` passes, the gates the closest member fails — the
    very reasons matching.judge gives ("JIS Q 9100 ✗", "1200mm ✗") — as reason codes."""
    reasons: list[Reason] = []
    for line in inquiry.lines.all():
        with translation.override("ja"):  # the gates' texts as the coordinator's board shows
            need = need_of(line, inquiry)
            candidates = rank(pool, need, limit=1, records={})
        if any(c.passes for c in candidates):
            continue
        closest = candidates[0] if candidates else None
        reasons += _line_reasons(need, closest)
    unique = {(r.code, r.key): r for r in reasons}
    return list(unique.values())


def _gates(need: Need) -> list[tuple[str, str]]:
    """(gate kind, key) of each reason judge() writes, in its order."""
    gates = [("process", str(pk)) for pk, _name in need.steps]
    if need.material is not None:
        gates.append(("material", need.material.family.code))
    if need.size_mm is not None:
        gates.append(("size", band(need.size_mm, SIZE_BANDS)))
    if need.tolerance_um is not None:
        gates.append(("tolerance", band(need.tolerance_um, TOLERANCE_BANDS)))
    gates += [("certificate", standard) for standard in need.certifications]
    return gates


def _line_reasons(need: Need, closest: Candidate | None) -> list[Reason]:
    codes = {pk: code for pk, code in Process.objects.filter(
        pk__in=[pk for pk, _n in need.steps]).values_list("pk", "code")}  # fmt: skip
    steps_key = "+".join(codes.get(pk, str(pk)) for pk, _n in need.steps)
    gates = _gates(need)
    if closest is None:
        failed = [
            (kind, key, text) for (kind, key), (_pk, text) in zip(gates, need.steps, strict=False)
        ]
    else:
        failed = [
            (kind, key, text)
            for (kind, key), (text, ok) in zip(gates, closest.reasons, strict=False)
            if not ok
        ]
    reasons = []
    for kind, key, gate in failed:
        if kind == "process":
            code, key = "process", codes.get(int(key), key)
        else:
            code, key = kind, f"{steps_key}|{key}" if steps_key else key
        reasons.append(_reason(code, key, gate, need))
    return reasons


def _reason(code: str, key: str, gate: str, need: Need) -> Reason:
    labels = []
    for language in ("ja", "en"):
        with translation.override(language):
            labels.append(_label(code, key, gate, need))
    return Reason(code, key, gate, labels[0], labels[1])


def _step_names(need: Need) -> str:
    return gettext(" and ").join(
        Process.objects.get(pk=pk).name for pk in dict.fromkeys(pk for pk, _n in need.steps)
    )


def _label(code: str, key: str, gate: str, need: Need) -> str:
    """What a member would have needed, in the page's language."""
    if code == "process":
        process = Process.objects.filter(code=key).first()
        return process.name if process is not None else gate
    if code == "size":
        what = gettext("an envelope of %(size)s") % {
            "size": band_label("size", band(need.size_mm, SIZE_BANDS))
        }
    elif code == "tolerance":
        what = gettext("a tolerance of %(tolerance)s") % {
            "tolerance": band_label("tolerance", band(need.tolerance_um, TOLERANCE_BANDS))
        }
    elif code == "material":
        what = need.material.family.name if need.material is not None else gate
    else:  # a certificate: the gate's text is the standard
        what = gate
    if not need.steps:
        return what
    return gettext("%(steps)s with %(what)s") % {"steps": _step_names(need), "what": what}


def band_label(dimension: str, code: str) -> str:
    labels = {
        "size": {
            "le100": gettext("up to 100 mm"),
            "le500": gettext("100–500 mm"),
            "le1000": gettext("500–1,000 mm"),
            "gt1000": gettext("over 1,000 mm"),
        },
        "tolerance": {
            "le5": gettext("±5 µm or tighter"),
            "le10": gettext("±5–10 µm"),
            "le50": gettext("±10–50 µm"),
            "gt50": gettext("looser than ±50 µm"),
        },
    }
    return labels[dimension].get(code, gettext("not stated"))


_PRICE = re.compile(r"価格|値段|金額|高い|高すぎ|予算|コスト|price|expensive|cost|budget", re.I)
_LEAD = re.compile(r"納期|間に合|急ぎ|lead|deliver|late|time", re.I)
_CAPACITY = re.compile(r"手一杯|余力|キャパ|繁忙|混み|埋ま|capacity|busy|full", re.I)


def stated_reason(inquiry: Inquiry) -> Reason:
    """Every gate passed, so the reason is what people wrote: the customer's reason for
    declining the quote (lost), or the members' "cannot" answers and the coordinator's decline
    message (declined)."""
    texts: list[str] = []
    if inquiry.status == InquiryStatus.LOST:
        texts += (
            Quote.objects.filter(inquiry=inquiry)
            .exclude(decline_reason="")
            .values_list("decline_reason", flat=True)
        )
    texts += Answer.objects.filter(referral__inquiry=inquiry, kind=AnswerKind.CANNOT).values_list(
        "notes", flat=True
    )
    texts += Message.objects.filter(inquiry=inquiry, from_customer=False).values_list(
        "body", flat=True
    )
    joined = "\n".join(texts)
    code = "other"
    for name, pattern in (("price", _PRICE), ("lead_time", _LEAD), ("capacity", _CAPACITY)):
        if pattern.search(joined):
            code = name
            break
    labels = []
    for language in ("ja", "en"):
        with translation.override(language):
            labels.append(str(REASON_NAMES[code]()))
    return Reason(code, code, "", labels[0], labels[1])


REASON_NAMES: dict[str, Any] = {
    "process": lambda: gettext("No member with the process"),
    "certificate": lambda: gettext("The process with a certificate"),
    "material": lambda: gettext("The material"),
    "size": lambda: gettext("Size envelope"),
    "tolerance": lambda: gettext("Tolerance"),
    "lead_time": lambda: gettext("Lead time"),
    "capacity": lambda: gettext("Capacity"),
    "price": lambda: gettext("Price"),
    "other": lambda: gettext("Other reasons"),
}


def changed_months(groups: list[int], since: dt.datetime) -> set[dt.date]:
    """Months (of receipt) of the inquiries that changed after ``since``: a new inquiry, a
    status change (its audit entry: statuses change by an UPDATE that leaves updated_at), a
    quote, an order, a referral or an answer."""
    from renkei.core.models import AuditEntry
    from renkei.inquiries.models import Order

    base = Inquiry.objects.filter(group_id__in=groups)
    statuses = AuditEntry.objects.filter(
        action="inquiry.status", object_type="inquiries.inquiry", at__gt=since, group_id__in=groups
    ).values_list("object_id", flat=True)
    changed = base.filter(
        Q(updated_at__gt=since)
        | Q(pk__in=[int(pk) for pk in statuses if pk.isdigit()])
        | Q(pk__in=Quote.objects.filter(updated_at__gt=since).values("inquiry_id"))
        | Q(pk__in=Order.objects.filter(created_at__gt=since).values("inquiry_id"))
        | Q(pk__in=Referral.objects.filter(updated_at__gt=since).values("inquiry_id"))
        | Q(pk__in=Answer.objects.filter(updated_at__gt=since).values("referral__inquiry_id"))
    )
    return {month_of(moment) for moment in changed.values_list("received_at", flat=True)}


def all_months(groups: list[int]) -> set[dt.date]:
    months = (
        Inquiry.objects.filter(group_id__in=groups)
        .annotate(month=TruncMonth("received_at"))
        .values_list("month", flat=True)
        .distinct()
    )
    return {month_of(moment) for moment in months}


def group_names(groups: Iterable[int]) -> dict[int, tuple[str, str]]:
    return {
        pk: (name, name_en or name)
        for pk, name, name_en in Group.objects.filter(pk__in=list(groups)).values_list(
            "pk", "name", "name_en"
        )
    }
