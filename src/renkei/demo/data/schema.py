"""The shape of the demo data: plain frozen records, so the data modules stay pure data."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Machine:
    """A machine as a member lists it; the key within its company is (kind, maker_model)."""

    kind: str
    maker_model: str = ""
    process: str | None = None
    axes: int | None = None
    x_mm: int | None = None
    y_mm: int | None = None
    z_mm: int | None = None
    tolerance_um: float | None = None
    count: int = 1


@dataclass(frozen=True)
class Cert:
    """A certificate; dates are relative to the day the demo is first loaded, so a fresh demo
    always shows valid certificates beside the one deliberately expired."""

    standard: str
    number: str
    issuer: str
    scope: str = ""
    issued_days_ago: int = 700
    expires_in_days: int | None = 400


@dataclass(frozen=True)
class Member:
    """A member (or supporting) company and its place in one group. Keyed by 法人番号."""

    houjin_body: str
    name: str
    kana: str
    prefecture: str
    address: str
    name_en: str = ""
    kind: str = "manufacturer"
    employees: int | None = None
    capital_yen: int | None = None
    profile: str = ""
    batch_band: str = ""
    lead_days: int | None = None
    url: str = ""
    processes: tuple[str, ...] = ()
    materials: tuple[str, ...] = ()
    machines: tuple[Machine, ...] = ()
    certs: tuple[Cert, ...] = ()
    circle: str = "active"
    office: str = "member"
    joined_on: dt.date = dt.date(2012, 4, 1)


@dataclass(frozen=True)
class GroupSpec:
    """A group of the demo region with its members. Keyed by slug."""

    slug: str
    name: str
    name_en: str
    tagline: str
    description: str
    stage: str
    contact_email: str
    founded_on: dt.date
    members: tuple[Member, ...]
    reply_promise_hours: Decimal = Decimal("2.00")
    closures: tuple[dict[str, str], ...] = ()
    website: str = ""


@dataclass(frozen=True)
class Person:
    """A demo login. ``company`` names a member by 法人番号 body for member roles."""

    username: str
    last_name: str
    first_name: str
    email: str
    what: str
    group: str | None = None
    role: str | None = None
    company: str | None = None
    is_staff: bool = False
    is_superuser: bool = False
