"""Shapes of the inquiry work API: what a coordinator and a member's people read and send."""

import datetime as dt

from ninja import Field, Schema


class InquirySummary(Schema):
    id: int
    reference: str
    status: str = Field(description="new, reviewing, answered, quoted, won, lost or declined.")
    title: str
    received_at: dt.datetime
    reply_due_at: dt.datetime | None
    nda_required: bool
    source: str = Field(
        description="The printed catalogue or exhibition whose link the customer came by; "
        "empty when the customer came another way."
    )


class InquiryPage(Schema):
    count: int
    items: list[InquirySummary]


class LineOut(Schema):
    position: int
    part_name: str
    drawing_number: str
    revision: str
    quantity: int
    material: str
    steps: list[str] = Field(description="Process steps in order, as the taxonomy names them.")
    process_text: str
    size: str
    tolerance: str
    surface_treatment: str
    heat_treatment: str
    certifications: list[str]
    notes: str


class CustomerOut(Schema):
    company: str
    corporate_number: str
    contact_name: str
    email: str
    phone: str
    budget: str


class CompanyRef(Schema):
    id: int
    name: str


class OfferOut(Schema):
    position: int
    material: str = Field(description="Empty: the material asked for.")
    quantity: int
    price_yen: int = Field(description="Yen, excluding tax, for the whole quantity.")
    unit_price_yen: int = Field(description="price_yen / quantity, rounded down to the yen.")
    lead_days: int = Field(description="Working days.")
    note: str


class AnswerOut(Schema):
    kind: str = Field(description="can, cannot or question.")
    price_yen: int | None
    lead_days: int | None
    valid_until: dt.date | None
    notes: str
    answered_at: dt.datetime
    offers: list[OfferOut] = Field(
        description="Counter-offers: other materials, quantities (price breaks) or lead times."
    )


class OfferIn(Schema):
    material: str = Field("", max_length=100, description="Empty: the material asked for.")
    quantity: int | str | None = Field(None, description="1 to 10,000,000 parts.")
    price_yen: int | str | None = Field(
        None, description="Yen, excluding tax, for the whole quantity (0 to 10,000,000,000)."
    )
    lead_days: int | str | None = Field(None, description="Working days (1 to 1,000).")
    note: str = Field("", max_length=300)


class ReferralOut(Schema):
    id: int
    company: CompanyRef
    referred_at: dt.datetime
    reasons: str
    answer: AnswerOut | None


class InquiryDetail(InquirySummary):
    description: str
    industry: str
    purpose: str
    quote_due: dt.date | None
    desired_delivery: dt.date | None
    delivery_place: str
    lines: list[LineOut]
    drawings: list[str] = Field(
        description="File names only. Empty for a member whose company has not accepted the "
        "group's NDA when the inquiry needs one (drawings_withheld)."
    )
    drawings_withheld: bool
    customer: CustomerOut | None = Field(description="For the group's coordinators only.")
    referrals: list[ReferralOut] = Field(
        description="Coordinators see every member the inquiry was passed to; a member's people "
        "see their own companies'."
    )


class AnswerIn(Schema):
    kind: str = Field(description="can, cannot or question.")
    price_yen: int | str | None = Field(None, description="Yen, excluding tax; needed for can.")
    lead_days: int | str | None = Field(None, description="Working days; needed for can.")
    valid_until: str | None = Field(None, description="YYYY-MM-DD: until when the price holds.")
    notes: str = Field("", description="Why not, or the question; needed unless can.")
    company_id: int | None = Field(
        None, description="Which of your companies answers, when it was passed to several."
    )
    offers: list[OfferIn] | None = Field(
        None,
        description="Up to 5 counter-offers, replacing those saved; omitted: they stay as they "
        "are, [] removes them.",
    )


class ReferIn(Schema):
    company_ids: list[int] = Field(
        description="Member companies to pass the inquiry to (each is mailed once)."
    )


class FieldErrors(Schema):
    detail: str
    errors: dict[str, list[str]]
