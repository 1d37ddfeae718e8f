"""Shapes of the JSON the API answers with. Codes (stage, kind, circle …) are the stored values,
stable across languages; names come in both Japanese and English where the data has both."""

import datetime as dt
from typing import Any

from django.utils import timezone
from ninja import Field, Schema


class Error(Schema):
    detail: str


class PageParams(Schema):
    limit: int = Field(50, ge=1, le=200, description="Items per page (at most 200).")
    offset: int = Field(0, ge=0, description="How many items to skip.")


class SearchParams(Schema):
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


class CategoryOut(Schema):
    code: str
    name_ja: str
    name_en: str


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
