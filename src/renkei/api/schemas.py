"""Shapes of the JSON the API answers with. Codes (stage, kind, circle …) are the stored values,
stable across languages; names come in both Japanese and English where the data has both."""

import datetime as dt
from typing import Annotated, Any

from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Header, Path, Schema
from pydantic import field_validator

# The largest primary key a bigint column holds (SQLite's INTEGER, PostgreSQL's bigint): a
# larger id would overflow in the database driver instead of simply not being found.
MAX_ID = 2**63 - 1
# Far beyond any list renkei serves, small enough that every database slices it.
MAX_OFFSET = 1_000_000

ObjectId = Annotated[int, Field(ge=1, le=MAX_ID)]
# An id in a URL path, e.g. /companies/{company_id}.
PathId = Annotated[int, Path(..., ge=1, le=MAX_ID)]
# A group's slug in a URL path (SlugField: ASCII letters, digits, - and _).
PathSlug = Annotated[str, Path(..., max_length=50, pattern=r"^[-a-zA-Z0-9_]+$")]
# The header a client sends so that a retried POST returns what the first one made.
IdempotencyKey = Annotated[
    str | None,
    Header(
        None,
        alias="Idempotency-Key",
        description="Any string (a UUID is best): the same key again returns what the first "
        "request made instead of making a second.",
    ),
]


class Error(Schema):
    """Every error answer of the API."""

    detail: str = Field(description="What went wrong, in the caller's language.")
    errors: dict[str, list[str]] = Field(
        default_factory=dict,
        description="The problems by field (“limit”, “links[0].id”); empty when the request "
        "as a whole was refused.",
    )


def _has_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


class In(Schema):
    """What clients send (bodies and query parameters): text with a NUL character is refused.
    Nobody types one, and PostgreSQL cannot store it (the request would fail with a 500)."""

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: object) -> object:
        if _has_nul(value):
            raise ValueError(gettext("Text must not contain NUL characters."))
        return value


class PageParams(In):
    limit: int = Field(50, ge=1, le=200, description="Items per page (at most 200).")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")


class SearchParams(In):
    q: str = Field(
        "",
        max_length=200,
        description="What the part needs, as a buyer writes it: “5軸 A7075 300mm ±0.01”.",
    )


class CompanyFilters(SearchParams):
    group: str | None = Field(None, max_length=50, description="Only members of this group.")


# Groups


class RegionOut(Schema):
    slug: str
    name: str


class GroupOut(Schema):
    slug: str
    name: str
    name_en: str
    region: RegionOut
    is_public: bool
    stage: str
    tagline: str
    description: str
    website: str
    contact_email: str
    founded_on: dt.date | None
    reply_promise_hours: float = Field(description="First answer promised within (business h).")
    member_count: int = Field(description="Current members the caller can list.")


class GroupPage(Schema):
    count: int
    items: list[GroupOut]


class CompanyRef(Schema):
    id: int
    name: str
    kana: str
    name_en: str
    kind: str
    prefecture: str


class MemberOut(Schema):
    company: CompanyRef
    circle: str
    office: str
    joined_on: dt.date
    listed_publicly: bool
    internal_note: str | None = Field(
        None, description="Present only for the group's coordinators."
    )


class MemberPage(Schema):
    count: int
    items: list[MemberOut]


# Companies


class MembershipRef(Schema):
    group: str = Field(description="The group's slug.")
    group_name: str
    circle: str
    office: str


class CompanyOut(Schema):
    id: int
    name: str
    kana: str
    name_en: str
    kind: str
    corporate_number: str | None
    prefecture: str
    address: str
    employees: int | None
    capital_yen: int | None
    url: str
    profile: str
    batch_band: str
    typical_lead_days: int | None
    groups: list[MembershipRef] = Field(description="Current memberships the caller can see.")

    @staticmethod
    def resolve_groups(obj: Any) -> list[dict[str, str]]:
        # Endpoints prefetch the memberships the caller may see into this attribute.
        return [
            {
                "group": m.group.slug,
                "group_name": m.group.name,
                "circle": m.circle,
                "office": m.role,
            }
            for m in obj.visible_memberships
        ]


class CompanyDetailOut(CompanyOut):
    email: str | None = Field(description="Only for those the company page shows it to.")
    phone: str | None = Field(description="Only for those the company page shows it to.")

    # The endpoint sets show_contact with the same rule as the HTML company page.
    @staticmethod
    def resolve_email(obj: Any) -> str | None:
        return (obj.email or None) if obj.show_contact else None

    @staticmethod
    def resolve_phone(obj: Any) -> str | None:
        return (obj.phone or None) if obj.show_contact else None


class CompanyPage(Schema):
    count: int
    items: list[CompanyOut]


# Capabilities and the shared taxonomy


class SectorOut(Schema):
    code: str = Field(description="manufacturing, food_processing, agriculture, tourism …")
    name_ja: str
    name_en: str


class CategoryOut(Schema):
    code: str
    name_ja: str
    name_en: str
    sector: SectorOut = Field(description="The industry the category belongs to.")


class ProcessOut(Schema):
    code: str
    name_ja: str
    name_en: str
    jis_code: str
    aliases: list[str]
    category: CategoryOut


class ProcessPage(Schema):
    count: int
    items: list[ProcessOut]


class FamilyOut(Schema):
    code: str
    name_ja: str
    name_en: str


class MaterialOut(Schema):
    symbol: str
    aliases: list[str]
    family: FamilyOut


class MaterialPage(Schema):
    count: int
    items: list[MaterialOut]


class EquipmentOut(Schema):
    kind: str
    maker_model: str
    process: str | None = Field(description="Process code, if the machine is tied to one.")
    count: int
    axes: int | None
    x_mm: int | None
    y_mm: int | None
    z_mm: int | None
    tolerance_um: float | None

    @staticmethod
    def resolve_process(obj: Any) -> str | None:
        return obj.process.code if obj.process_id else None


class CertificationOut(Schema):
    standard: str
    scope: str
    issuer: str
    number: str
    issued_on: dt.date | None
    expires_on: dt.date | None
    status: str = Field(description="As the certification body reports it.")
    valid_today: bool = Field(description="Active and not expired on today's date (JST).")

    @staticmethod
    def resolve_valid_today(obj: Any) -> bool:
        return bool(obj.is_valid_on(timezone.localdate()))


class CapabilitiesOut(Schema):
    company_id: int
    processes: list[ProcessOut]
    materials: list[MaterialOut]
    equipment: list[EquipmentOut]
    certifications: list[CertificationOut]
