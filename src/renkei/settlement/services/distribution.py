"""The year-end distribution of a 組合 (issue "Settlement", item 10) and the ledgers it rests on.

Three layers (STYLE.md): ``settled_work`` and ``capital_by_member`` read the fiscal year in
grouped queries, renkei.lib.distribution does the arithmetic (reserves first, then 従事分量配当
or 利用分量配当, then 出資配当 within 年2割 / 年1割, seed l.3225–3227, 3463–3470), and
``save_distribution`` / ``propose_adoption`` / ``record_adoption`` write. The members adopt it
at their 総会 through a cockpit proposal; the adoption is recorded explicitly once the proposal's
outcome is "adopted", never by a hook.
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.core.audit import audit
from renkei.lib import distribution as lib
from renkei.lib.workclock import TOKYO
from renkei.orgs.models import Company, Group
from renkei.orgs.permissions import current_member_ids
from renkei.settlement.choices import EntityForm, OrderState, PurchaseOrderState, ShareState
from renkei.settlement.models import (
    CapitalEntry,
    Distribution,
    MemberShare,
    MemberTrade,
    Shareholder,
)
from renkei.settlement.services.issue import settlement_of

LEGAL_FORMS = {
    EntityForm.KIGYO_KUMIAI: lib.LegalForm.KIGYO_KUMIAI,
    EntityForm.JIGYO_KUMIAI: lib.LegalForm.JIGYO_KYODO_KUMIAI,
    EntityForm.KABUSHIKI: lib.LegalForm.KABUSHIKI_KAISHA,
}
MAX_YEN = 999_999_999_999


def legal_form_of(group: Group) -> lib.LegalForm | None:
    """The form whose rules apply, or None for a group with no distribution (a voluntary
    group, a 合同会社 or an association)."""
    return LEGAL_FORMS.get(EntityForm(settlement_of(group).entity_form))


def fiscal_year_bounds(group: Group, fiscal_year: int) -> tuple[dt.date, dt.date]:
    """First and last day of the group's fiscal year ``fiscal_year`` (named by the calendar
    year it starts in)."""
    month = settlement_of(group).fiscal_year_start_month
    start = dt.date(fiscal_year, month, 1)
    end = dt.date(fiscal_year + 1, month, 1) - dt.timedelta(days=1)
    return start, end


def settled_work(group: Group, start: dt.date, end: dt.date) -> dict[int, int]:
    """Each member's settled work from ``start`` to ``end`` (both included), in yen before tax:
    its current shares (the member's price) of the orders checked on receipt (検収) in the
    range, and the trades between members it delivered as the seller. One grouped query each,
    so 200 members over 50,000 orders cost two round trips."""
    since = dt.datetime.combine(start, dt.time(), tzinfo=TOKYO)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=TOKYO)
    shares = (
        MemberShare.objects.filter(
            settlement__group=group,
            settlement__accepted_at__gte=since,
            settlement__accepted_at__lt=until,
            state=ShareState.ACTIVE,
        )
        .exclude(settlement__state=OrderState.CANCELLED)
        .values("company_id")
        .annotate(total=Sum("member_price_yen"))
        .values_list("company_id", "total")
    )
    work: dict[int, int] = {company: int(total or 0) for company, total in shares}
    trades = (
        MemberTrade.objects.filter(
            group=group,
            state=PurchaseOrderState.ACCEPTED,
            delivered_on__gte=start,
            delivered_on__lte=end,
        )
        .values("seller_id")
        .annotate(total=Sum("amount_yen"))
        .values_list("seller_id", "total")
    )
    for company, total in trades:
        work[company] = work.get(company, 0) + int(total or 0)
    return work


@dataclass(frozen=True)
class Capital:
    company_id: int
    units: int
    paid_in_yen: int
    specified: bool


def capital_by_member(group: Group, on: dt.date | None = None) -> dict[int, Capital]:
    """Each member's 口数 and paid-in capital from the ledger (up to ``on``), and whether it is
    a 特定組合員 (its latest entry says so)."""
    entries = CapitalEntry.objects.filter(group=group)
    if on is not None:
        entries = entries.filter(on__lte=on)
    totals = entries.values("company_id").annotate(u=Sum("units"), p=Sum("paid_in_yen"))
    specified = {
        company: flag
        for company, flag in entries.order_by("company_id", "on", "pk").values_list(
            "company_id", "specified"
        )
    }
    return {
        row["company_id"]: Capital(
            row["company_id"], int(row["u"] or 0), int(row["p"] or 0), specified[row["company_id"]]
        )
        for row in totals
    }


@dataclass(frozen=True)
class MemberRow:
    company_id: int
    name: str
    settled_work_yen: int
    units: int
    paid_in_yen: int
    specified: bool
    work_dividend: int
    capital_dividend: int

    @property
    def total(self) -> int:
        return self.work_dividend + self.capital_dividend


@dataclass(frozen=True)
class ComputedDistribution:
    """A distribution computed, not saved: its inputs, the lib's result and one row a member."""

    group: Group
    fiscal_year: int
    start: dt.date
    end: dt.date
    inputs: dict[str, str]
    result: lib.Distribution
    members: tuple[MemberRow, ...]


def _decimal(value: Any, name: str, default: Decimal) -> Decimal:
    if value in (None, ""):
        return default
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise ValidationError({name: _("Enter a number.")}) from None
    if not number.is_finite() or number < 0 or number > 100:
        raise ValidationError({name: _("Enter a percentage from 0 to 100.")})
    return number


def _int(value: Any, name: str, *, allow_negative: bool = False) -> int:
    import unicodedata

    raw = unicodedata.normalize("NFKC", str(value if value is not None else "0"))
    raw = raw.replace(",", "").replace("¥", "").replace("円", "").strip() or "0"
    body = raw[1:] if allow_negative and raw.startswith("-") else raw
    if not body.isascii() or not body.isdigit():
        raise ValidationError({name: _("Enter an amount in whole yen, with digits only.")})
    number = int(raw)
    if abs(number) > MAX_YEN:
        raise ValidationError({name: _("This amount is too large: enter at most twelve digits.")})
    return number


def _lib_error(error: ValueError) -> ValidationError:
    text = str(error)
    messages = {
        "reserves exceed": _("The reserves are more than the surplus: lower the other reserve."),
        "legal reserve": _("The legal reserve is at least 10 % of the surplus."),
        "education reserve": _("The education reserve is at least 5 % of the surplus."),
        "dividend exceeds": _("The dividend is more than the net income."),
    }
    for key, message in messages.items():
        if key in text:
            return ValidationError(message)
    return ValidationError(_("These figures cannot be distributed: check them."))


def compute_distribution(
    group: Group,
    fiscal_year: int,
    surplus: Any,
    *,
    carried_loss: Any = 0,
    other_reserve: Any = 0,
    capital_dividend_percent: Any = None,
    work_dividend_percent: Any = 100,
    dividend_total: Any = 0,
) -> ComputedDistribution:
    """The distribution of ``fiscal_year`` for ``surplus`` yen: reads the year's settled work
    and the capital ledger, and computes with renkei.lib.distribution. Writes nothing.
    ``ValidationError`` (in the person's language) for figures that cannot be used."""
    form = legal_form_of(group)
    if form is None:
        raise ValidationError(
            _(
                "A distribution is computed for a cooperative (企業組合 or 事業協同組合) or a "
                "stock company. Set the group's legal form in the settlement terms first."
            )
        )
    if not 2000 <= int(fiscal_year) <= 2100:
        raise ValidationError({"fiscal_year": _("Enter the fiscal year as 2026.")})
    terms = settlement_of(group)
    surplus_yen = _int(surplus, "surplus", allow_negative=True)
    loss = _int(carried_loss, "carried_loss")
    other = _int(other_reserve, "other_reserve")
    dividend = _int(dividend_total, "dividend_total")
    rate = _decimal(
        capital_dividend_percent, "capital_dividend_percent", terms.capital_dividend_percent
    )
    work_share = _decimal(work_dividend_percent, "work_dividend_percent", Decimal(100))
    start, end = fiscal_year_bounds(group, fiscal_year)
    work = settled_work(group, start, end)
    capital = capital_by_member(group, end)
    ids = sorted(set(work) | set(capital))
    names = dict(Company.objects.filter(pk__in=ids).values_list("pk", "name"))
    stakes = []
    for company in ids:
        held = capital.get(company, Capital(company, 0, 0, False))
        # A 特定組合員 does not work in the cooperative's business: no dividend by work.
        done = 0 if held.specified else work.get(company, 0)
        stakes.append(lib.MemberStake(company, done, held.paid_in_yen, held.units))
    try:
        result = lib.distribute(
            surplus=surplus_yen,
            legal_form=form,
            members=stakes,
            carried_loss=loss,
            legal_reserve_percent=terms.reserve_percent,
            education_reserve_percent=terms.education_percent,
            other_reserve=other,
            capital_dividend_percent=rate,
            work_dividend_percent=work_share,
            dividend_total=dividend,
        )
    except ValueError as error:
        raise _lib_error(error) from error
    payouts = {p.company_id: p for p in result.payouts}
    members = tuple(
        MemberRow(
            company_id=s.company_id,
            name=names.get(s.company_id, str(s.company_id)),
            settled_work_yen=work.get(s.company_id, 0),
            units=s.units,
            paid_in_yen=s.paid_in_capital_yen,
            specified=capital.get(s.company_id, Capital(0, 0, 0, False)).specified,
            work_dividend=payouts[s.company_id].work_dividend if s.company_id in payouts else 0,
            capital_dividend=(
                payouts[s.company_id].capital_dividend if s.company_id in payouts else 0
            ),
        )
        for s in stakes
    )
    inputs = {
        "surplus": str(surplus_yen),
        "carried_loss": str(loss),
        "other_reserve": str(other),
        "capital_dividend_percent": str(rate),
        "work_dividend_percent": str(work_share),
        "dividend_total": str(dividend),
        "legal_reserve_percent": str(terms.reserve_percent),
        "education_reserve_percent": str(terms.education_percent),
        "legal_form": form.value,
    }
    return ComputedDistribution(group, int(fiscal_year), start, end, inputs, result, members)


def result_data(computed: ComputedDistribution) -> dict[str, Any]:
    r = computed.result
    return {
        "legal_form": r.legal_form.value,
        "lines": [
            {
                "key": line.key,
                "label": line.label_ja,
                "label_en": line.label_en,
                "amount": line.amount,
                "basis": line.basis_ja,
                "basis_en": line.basis_en,
            }
            for line in r.lines
        ],
        "members": [
            {
                "company_id": m.company_id,
                "name": m.name,
                "settled_work": m.settled_work_yen,
                "units": m.units,
                "paid_in": m.paid_in_yen,
                "specified": m.specified,
                "work_dividend": m.work_dividend,
                "capital_dividend": m.capital_dividend,
                "total": m.total,
            }
            for m in computed.members
        ],
        "reserves": r.reserves,
        "work_dividend": r.work_dividend,
        "capital_dividend": r.capital_dividend,
        "capital_dividend_percent": str(r.capital_dividend_percent),
        "rounding_remainder": r.rounding_remainder,
        "carried_forward": r.carried_forward,
        "payout_ratio_percent": (
            str(r.payout_ratio_percent) if r.payout_ratio_percent is not None else None
        ),
    }


@transaction.atomic
def save_distribution(*, actor: Any, computed: ComputedDistribution) -> Distribution:
    """Keeps a computed distribution as the fiscal year's proposal to the members. An earlier
    one of the year that was not adopted stays on record; an adopted year is not recomputed."""
    group = computed.group
    if Distribution.objects.filter(
        group=group, fiscal_year=computed.fiscal_year, adopted_at__isnull=False
    ).exists():
        raise ValidationError(_("This fiscal year's distribution is already adopted."))
    saved = Distribution.objects.create(
        group=group,
        fiscal_year=computed.fiscal_year,
        surplus_yen=computed.result.surplus,
        carried_loss_yen=int(computed.inputs["carried_loss"]),
        inputs=computed.inputs,
        result=result_data(computed),
        computed_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit(
        "settlement.distribution.save",
        actor=actor,
        obj=saved,
        group=group,
        summary=f"FY{computed.fiscal_year} ¥{computed.result.surplus:,}",
    )
    return saved


def proposal_text(distribution: Distribution) -> str:
    lines = [
        f"{line['label']}: ¥{line['amount']:,}  {line['basis']}".rstrip()
        for line in distribution.result.get("lines", [])
    ]
    lines.append("")
    for member in distribution.result.get("members", []):
        lines.append(f"{member['name']}: ¥{member['work_dividend'] + member['capital_dividend']:,}")
    return "\n".join(lines)


@transaction.atomic
def propose_adoption(
    *,
    actor: Any,
    distribution: Distribution,
    deadline: dt.datetime,
    method: str = "vote",
    quorum: int | None = None,
) -> Distribution:
    """Puts the distribution to the members (総会) as a cockpit proposal."""
    from renkei.cockpit.services.decisions import create_proposal, voters

    distribution = Distribution.objects.select_for_update().get(pk=distribution.pk)
    if distribution.proposal_id is not None:
        raise ValidationError(_("This distribution is already put to the members."))
    group = distribution.group
    count = max(len(voters(group)), 1)
    proposal = create_proposal(
        actor=actor,
        group=group,
        title=_("Appropriation of surplus, fiscal year %(year)s")
        % {"year": distribution.fiscal_year},
        method=method,
        quorum=quorum if quorum is not None else count // 2 + 1,
        deadline=deadline,
        body=proposal_text(distribution),
    )
    distribution.proposal = proposal
    distribution.save(update_fields=["proposal", "updated_at"])
    audit(
        "settlement.distribution.propose",
        actor=actor,
        obj=distribution,
        group=group,
        summary=f"FY{distribution.fiscal_year} → proposal {proposal.pk}",
    )
    return distribution


@transaction.atomic
def record_adoption(*, actor: Any, distribution: Distribution) -> Distribution:
    """Records that the members adopted the distribution: only once its proposal's outcome is
    "adopted"."""
    distribution = Distribution.objects.select_for_update().get(pk=distribution.pk)
    proposal = distribution.proposal
    if proposal is None or proposal.decided_at is None or proposal.outcome != "adopted":
        raise ValidationError(
            _("The members have not adopted this distribution yet: its proposal is not decided.")
        )
    if distribution.adopted_at is not None:
        return distribution
    distribution.adopted_at = timezone.now()
    distribution.save(update_fields=["adopted_at", "updated_at"])
    audit(
        "settlement.distribution.adopt",
        actor=actor,
        obj=distribution,
        group=distribution.group,
        summary=f"FY{distribution.fiscal_year} adopted ({proposal.outcome_statement})",
    )
    return distribution


def distribution_csv(distribution: Distribution) -> bytes:
    """The computation line by line and each member's dividends, UTF-8 with BOM (Excel)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_("appropriation item"), _("amount (yen)"), _("basis")])
    for line in distribution.result.get("lines", []):
        writer.writerow([line["label"], line["amount"], line["basis"]])
    writer.writerow([])
    writer.writerow(
        [
            _("member"),
            _("settled work (yen)"),
            _("units"),
            _("paid-in capital (yen)"),
            _("dividend by work (yen)"),
            _("dividend on capital (yen)"),
            _("total (yen)"),
        ]
    )
    for m in distribution.result.get("members", []):
        writer.writerow(
            [
                m["name"],
                m["settled_work"],
                m["units"],
                m["paid_in"],
                m["work_dividend"],
                m["capital_dividend"],
                m["work_dividend"] + m["capital_dividend"],
            ]
        )
    return out.getvalue().encode("utf-8-sig")


# --- ledgers ----------------------------------------------------------------------------------


@transaction.atomic
def record_capital(
    *,
    actor: Any,
    group: Group,
    company: Company,
    on: dt.date,
    units: int,
    paid_in_yen: int,
    specified: bool = False,
    note: str = "",
) -> CapitalEntry:
    """A line of the capital ledger: a subscription and payment (positive), or a return when a
    member leaves (negative); a member never holds less than nothing."""
    if not Company.objects.filter(pk=company.pk, pk__in=current_member_ids(group)).exists():
        raise ValidationError({"company": _("Choose a current member company.")})
    if units == 0 and paid_in_yen == 0:
        raise ValidationError({"paid_in_yen": _("Enter the units or the capital paid in.")})
    held = capital_by_member(group).get(company.pk, Capital(company.pk, 0, 0, False))
    if held.units + units < 0 or held.paid_in_yen + paid_in_yen < 0:
        raise ValidationError(
            {"paid_in_yen": _("More is returned than the member holds: check the figures.")}
        )
    entry = CapitalEntry.objects.create(
        group=group,
        company=company,
        on=on,
        units=units,
        paid_in_yen=paid_in_yen,
        specified=specified,
        note=note[:200],
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit(
        "settlement.capital.record",
        actor=actor,
        obj=entry,
        group=group,
        summary=f"{company.name}: {units} units, ¥{paid_in_yen:,}",
    )
    return entry


@dataclass(frozen=True)
class LedgerRow:
    company_id: int
    name: str
    units: int
    paid_in_yen: int
    specified: bool


def capital_ledger(group: Group) -> tuple[list[CapitalEntry], list[LedgerRow]]:
    """The ledger's lines, newest first, and each member's totals."""
    entries = list(
        CapitalEntry.objects.filter(group=group).select_related("company").order_by("-on", "-pk")
    )
    held = capital_by_member(group)
    names = dict(Company.objects.filter(pk__in=list(held)).values_list("pk", "name"))
    rows = sorted(
        (
            LedgerRow(
                c.company_id, names.get(c.company_id, ""), c.units, c.paid_in_yen, c.specified
            )
            for c in held.values()
        ),
        key=lambda row: row.name,
    )
    return entries, rows


@transaction.atomic
def add_shareholder(
    *, actor: Any, group: Group, name: str, shares: int, company: Company | None = None
) -> Shareholder:
    if not name.strip():
        raise ValidationError({"name": _("Enter the shareholder's name.")})
    if shares <= 0:
        raise ValidationError({"shares": _("Enter the number of shares, more than 0.")})
    holder = Shareholder.objects.create(
        group=group, name=name.strip()[:150], shares=shares, company=company
    )
    audit(
        "settlement.shareholder.add",
        actor=actor,
        obj=holder,
        group=group,
        summary=f"{holder.name}: {shares}",
    )
    return holder


def shareholders(group: Group) -> list[Shareholder]:
    return list(Shareholder.objects.filter(group=group).order_by("-shares", "name"))


def distributions(group: Group) -> list[Distribution]:
    return list(
        Distribution.objects.filter(group=group)
        .select_related("proposal")
        .order_by("-fiscal_year", "-pk")
    )
