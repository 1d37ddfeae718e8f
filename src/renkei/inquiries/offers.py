"""The members' answers and counter-offers side by side, for the coordinator to quote from."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from renkei.inquiries.models import Answer, AnswerKind, AnswerOffer, Inquiry
from renkei.lib.offers import UnitPrice, unit_price


@dataclass(frozen=True)
class OfferRow:
    """One row of the comparison: a member's straight answer (``offer`` None) or one of its
    counter-offers, with the figures a quote from it would get."""

    answer: Answer
    offer: AnswerOffer | None
    material: str
    quantity: int | None  # None: an answer to an inquiry of several parts, priced as a whole
    price_yen: int
    unit: UnitPrice | None
    lead_days: int | None
    valid_until: dt.date | None
    note: str

    @property
    def company(self) -> Any:
        return self.answer.referral.company


def saved_offers(answer: Answer | None) -> list[dict[str, Any]]:
    """The answer's counter-offers as the form's rows."""
    if answer is None:
        return []
    fields = ("material", "quantity", "price_yen", "lead_days", "note")
    return [{name: getattr(o, name) for name in fields} for o in answer.offers.all()]


def as_asked(inquiry: Inquiry) -> tuple[str, int | None]:
    """The material and quantity the customer asked for, when the inquiry is one part."""
    lines = list(inquiry.lines.all())
    if len(lines) != 1:
        return "", None
    return lines[0].material, lines[0].quantity


def comparison(inquiry: Inquiry) -> list[OfferRow]:
    """Every "can do" answer as asked, then each answer's counter-offers (also of an answer that
    cannot do it as asked but proposes another way), by company."""
    answers = (
        Answer.objects.filter(referral__inquiry=inquiry)
        .select_related("referral__company")
        .prefetch_related("offers")
        .order_by("referral__company__kana", "pk")
    )
    material, quantity = as_asked(inquiry)
    rows = []
    for answer in answers:
        if answer.kind == AnswerKind.CAN and answer.price_yen is not None:
            rows.append(
                OfferRow(
                    answer=answer,
                    offer=None,
                    material=material,
                    quantity=quantity,
                    price_yen=answer.price_yen,
                    unit=unit_price(answer.price_yen, quantity) if quantity else None,
                    lead_days=answer.lead_days,
                    valid_until=answer.valid_until,
                    note=answer.notes,
                )
            )
        for offer in answer.offers.all():
            rows.append(
                OfferRow(
                    answer=answer,
                    offer=offer,
                    material=offer.material or material,
                    quantity=offer.quantity,
                    price_yen=offer.price_yen,
                    unit=unit_price(offer.price_yen, offer.quantity),
                    lead_days=offer.lead_days,
                    valid_until=answer.valid_until,
                    note=offer.note,
                )
            )
    return rows
