"""The settlement documents as plain data, with no Django import: what the PDF, the JP PINT XML,
the 電子帳簿保存法 archive and the accounting export all render from.

Amounts are whole yen (``int``) except unit prices, which may carry sen (``Decimal``) when an
amount does not divide evenly by its quantity. Tax rates are whole percents: 10 (standard),
8 (reduced, 軽減税率) and 0 (exempt or outside the tax).
"""

import datetime as dt
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any


class DocumentKind(StrEnum):
    """Every document settlement issues. Each is kept as issued, never changed."""

    INVOICE = "invoice"  # 適格請求書 (請求書)
    CREDIT_NOTE = "credit_note"  # 適格返還請求書
    ORDER_CONFIRMATION = "order_confirmation"  # 注文請書, to the customer
    PURCHASE_ORDER = "purchase_order"  # 注文書, to a member (共同受注)
    STATEMENT = "statement"  # 仕入明細書, to a member
    FEE_INVOICE = "fee_invoice"  # the group's fee to a member (斡旋, or netted in a statement)
    RECEIPT = "receipt"  # 領収書 / a recorded payment


class Rounding(StrEnum):
    """How the issuer rounds consumption tax, once per rate per document (消費税法 §57-4①)."""

    DOWN = "down"  # 切り捨て, the default
    HALF_UP = "half_up"  # 四捨五入
    UP = "up"  # 切り上げ


@dataclass(frozen=True)
class BankAccount:
    bank_name: str
    bank_code: str  # 4 digits
    branch_name: str
    branch_code: str  # 3 digits
    kind: str  # "1" 普通, "2" 当座, "4" 貯蓄 (全銀 codes)
    number: str  # 7 digits
    holder_kana: str  # 口座名義 as the bank has it (half- or full-width kana)


@dataclass(frozen=True)
class Party:
    """An issuer or a recipient as printed on the document."""

    name: str
    address: str = ""
    registration_number: str = ""  # 適格請求書発行事業者登録番号: "T" + 13 digits
    corporate_number: str = ""  # 法人番号, 13 digits
    representative: str = ""
    email: str = ""
    phone: str = ""
    bank: BankAccount | None = None


@dataclass(frozen=True)
class Line:
    description: str
    quantity: int
    unit_price: Decimal
    amount: int  # yen before tax (incl. tax on a document of tax-inclusive prices: includes_tax)
    tax_rate: int = 10
    reference: str = ""  # the order or package it comes from, e.g. "KS-2026-0012"
    delivered_on: dt.date | None = None

    @property
    def reduced(self) -> bool:
        """Reduced-rate items are marked on a qualified invoice (※)."""
        return self.tax_rate == 8


@dataclass(frozen=True)
class RateTotal:
    """One tax rate's total on a document: the taxable amount and its tax, rounded once."""

    rate: int
    taxable: int
    tax: int


class ByRate:
    """What has its totals per rate (``totals``): the amounts before tax, the tax and the total."""

    totals: tuple[RateTotal, ...]

    @property
    def net(self) -> int:
        return sum(t.taxable for t in self.totals)

    @property
    def tax(self) -> int:
        return sum(t.tax for t in self.totals)

    @property
    def total(self) -> int:
        return self.net + self.tax


@dataclass(frozen=True)
class Document(ByRate):
    kind: DocumentKind
    number: str
    issued_on: dt.date
    issuer: Party
    recipient: Party
    lines: tuple[Line, ...]
    totals: tuple[RateTotal, ...]
    rounding: Rounding = Rounding.DOWN
    period_start: dt.date | None = None  # the transaction date or period
    period_end: dt.date | None = None
    due_on: dt.date | None = None  # payment due (支払期日)
    notes: str = ""
    # Numbers of the documents this one answers or corrects: the credited invoice of a credit
    # note, the customer's PO number of an order confirmation.
    references: tuple[str, ...] = ()
    language: str = "ja"
    extra: dict[str, str] = field(default_factory=dict)


# ``Document.extra`` key of a document whose line amounts and unit prices include the tax (a
# shop's 税込 prices: the group's own products); its totals are then taken out of the
# tax-inclusive totals per rate (renkei.lib.money.tax_included_by_rate).
PRICES_INCLUDE_TAX = "prices_include_tax"


def includes_tax(doc: Document) -> bool:
    """Whether ``doc``'s line amounts include the tax (see PRICES_INCLUDE_TAX)."""
    return doc.extra.get(PRICES_INCLUDE_TAX) == "1"


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _party_dict(party: Party) -> dict[str, Any]:
    data = asdict(party)
    return data


def _party(data: dict[str, Any]) -> Party:
    bank = data.get("bank")
    return Party(**{**data, "bank": BankAccount(**bank) if bank else None})


def to_dict(doc: Document) -> dict[str, Any]:
    """The document as JSON-safe data, as kept with the issued record."""
    return {
        "kind": doc.kind.value,
        "number": doc.number,
        "issued_on": doc.issued_on.isoformat(),
        "issuer": _party_dict(doc.issuer),
        "recipient": _party_dict(doc.recipient),
        "lines": [
            {
                "description": line.description,
                "quantity": line.quantity,
                "unit_price": str(line.unit_price),
                "amount": line.amount,
                "tax_rate": line.tax_rate,
                "reference": line.reference,
                "delivered_on": line.delivered_on.isoformat() if line.delivered_on else None,
            }
            for line in doc.lines
        ],
        "totals": [asdict(t) for t in doc.totals],
        "rounding": doc.rounding.value,
        "period_start": doc.period_start.isoformat() if doc.period_start else None,
        "period_end": doc.period_end.isoformat() if doc.period_end else None,
        "due_on": doc.due_on.isoformat() if doc.due_on else None,
        "notes": doc.notes,
        "references": list(doc.references),
        "language": doc.language,
        "extra": dict(doc.extra),
    }


def from_dict(data: dict[str, Any]) -> Document:
    """The document back from ``to_dict``'s data."""
    return Document(
        kind=DocumentKind(data["kind"]),
        number=data["number"],
        issued_on=dt.date.fromisoformat(data["issued_on"]),
        issuer=_party(data["issuer"]),
        recipient=_party(data["recipient"]),
        lines=tuple(
            Line(
                description=line["description"],
                quantity=line["quantity"],
                unit_price=Decimal(line["unit_price"]),
                amount=line["amount"],
                tax_rate=line["tax_rate"],
                reference=line.get("reference", ""),
                delivered_on=_date(line.get("delivered_on")),
            )
            for line in data["lines"]
        ),
        totals=tuple(RateTotal(**t) for t in data["totals"]),
        rounding=Rounding(data["rounding"]),
        period_start=_date(data.get("period_start")),
        period_end=_date(data.get("period_end")),
        due_on=_date(data.get("due_on")),
        notes=data.get("notes", ""),
        references=tuple(data.get("references", ())),
        language=data.get("language", "ja"),
        extra=dict(data.get("extra", {})),
    )
