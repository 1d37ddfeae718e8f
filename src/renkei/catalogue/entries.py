"""What the catalogue prints of each member, in the buyer's words and the edition's language.

NIPcom's coordinator found the members' own catalogues listing machines, which told a buyer
little; the group's catalogue says instead whether a member can meet an order's requirements
(seed l.2198–2201): what it can do, in which materials, how large, how precise, in which
batches and how fast, and which certificates hold on the day it is printed.
"""

import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Prefetch, QuerySet
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from renkei.capabilities.models import Certification, CompanyMaterial, CompanyProcess
from renkei.catalogue.models import CatalogueEntry
from renkei.orgs.choices import CompanyKind
from renkei.orgs.models import Company, CompanyPhoto, Group

LANGUAGES = ("ja", "en")


@dataclass(frozen=True)
class Fact:
    """One line of a member's entry: a label and what it says."""

    label: str
    value: str


@dataclass(frozen=True)
class Member:
    """One member company as the catalogue prints it."""

    company_id: int
    name: str
    subtitle: str  # prefecture, employees
    profile: str
    facts: list[Fact]
    photo: CompanyPhoto | None = None
    certificates: list[str] = field(default_factory=list)


def listed_companies(group: Group) -> QuerySet[Company]:
    """The group's current manufacturing members that are publicly listed and have not opted out
    of the catalogue: a printed catalogue is handed to strangers, so it shows no more than the
    public directory does, even when a coordinator prints it."""
    opted_out = CatalogueEntry.objects.filter(group=group, listed=False).values("company_id")
    return (
        Company.objects.filter(
            kind=CompanyKind.MANUFACTURER,
            memberships__group=group,
            memberships__left_on__isnull=True,
            memberships__listed_publicly=True,
        )
        .exclude(pk__in=opted_out)
        .distinct()
        .order_by("kana", "name")
    )


def members(group: Group, *, language: str, on: dt.date) -> list[Member]:
    """The catalogue's members, each in ``language``, certificates as valid ``on`` (the print
    date: an expired certificate is never printed)."""
    companies = listed_companies(group).prefetch_related(
        Prefetch(
            "company_processes",
            CompanyProcess.objects.select_related("process__category").order_by(
                "process__category__sector__position",
                "process__category__position",
                "process__position",
            ),
        ),
        Prefetch(
            "company_materials",
            CompanyMaterial.objects.select_related("material__family").order_by(
                "material__family__position", "material__position"
            ),
        ),
        Prefetch(
            "certifications",
            Certification.objects.valid_on(on).order_by("standard"),
            to_attr="valid_certificates",
        ),
        Prefetch("photos", CompanyPhoto.objects.order_by("id"), to_attr="photo_list"),
    )
    with translation.override(language):
        return [_member(company, language) for company in companies]


def _member(company: Company, language: str) -> Member:
    english = language == "en"
    name = company.name_en if english and company.name_en else company.name
    bits = [company.get_prefecture_display()] if company.prefecture else []
    if company.employees:
        bits.append(_("%(n)s employees") % {"n": company.employees})
    certificates = [_certificate(c) for c in getattr(company, "valid_certificates", [])]
    photos = getattr(company, "photo_list", [])
    return Member(
        company_id=company.pk,
        name=name,
        subtitle=" · ".join(bits),
        # The profile is written by the member in its own language: the Japanese edition only.
        profile="" if english else company.profile,
        facts=_facts(company, certificates),
        photo=photos[0] if photos else None,
        certificates=certificates,
    )


def _facts(company: Company, certificates: list[str]) -> list[Fact]:
    none = _("not stated")
    comma = "、" if translation.get_language() == "ja" else ", "
    processes = [f"{category}: {comma.join(names)}" for category, names in _by_category(company)]
    pairs = [(m.material.family.name, m.material.symbol) for m in company.company_materials.all()]
    materials = [
        f"{family}: {', '.join(symbol for _family, symbol in group)}"
        for family, group in groupby(pairs, key=lambda pair: pair[0])
    ]
    size = company.max_envelope_mm
    tolerance = company.best_tolerance_um
    return [
        Fact(_("What we make"), "\n".join(processes) or none),
        Fact(_("Materials"), "\n".join(materials) or none),
        Fact(_("Largest size"), f"{size:,} mm" if size else none),
        # U+03BC, not the micro sign U+00B5: IPAex Gothic, the font every PDF embeds, has the
        # Greek letter only, and a missing glyph would print "±5 m".
        Fact(_("Tightest tolerance"), f"±{tolerance:g} \u03bcm" if tolerance else none),
        Fact(
            _("Batch size"), str(company.get_batch_band_display()) if company.batch_band else none
        ),
        Fact(
            _("Typical lead time"),
            _("%(n)s days") % {"n": company.typical_lead_days}
            if company.typical_lead_days
            else none,
        ),
        Fact(_("Certificates"), "\n".join(certificates) or _("none")),
    ]


def _by_category(company: Company) -> list[tuple[str, list[str]]]:
    """The company's processes under their categories (切削加工: 5軸加工、旋盤加工), each with the
    member's own note, as a buyer looks for "who machines" before "who has a 5-axis machine"."""
    rows = [
        (
            cp.process.category.name,
            f"{cp.process.name}（{cp.note}）" if cp.note else cp.process.name,
        )
        for cp in company.company_processes.all()
    ]
    return [
        (category, [name for _category, name in names])
        for category, names in groupby(rows, key=lambda row: row[0])
    ]


def _certificate(certificate: Certification) -> str:
    standard = str(certificate.get_standard_display())
    japanese = translation.get_language() == "ja"
    parts = [certificate.issuer] if certificate.issuer else []
    if certificate.expires_on is not None:
        parts.append(_("valid until %(date)s") % {"date": _date(certificate.expires_on)})
    if not parts:
        return standard
    if japanese:
        return f"{standard}（{'、'.join(parts)}）"
    return f"{standard} ({', '.join(parts)})"


def _date(day: dt.date) -> str:
    if translation.get_language() == "en":
        return day.isoformat()
    return date_format(day, "Y年n月j日")
