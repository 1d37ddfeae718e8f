"""The cockpit by API: a group's stage, levers and KPIs for its people, and the public
comparison of legal forms. Mounted by renkei.api.v1."""

from datetime import datetime

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Router, Schema

from renkei.api.access import Access
from renkei.api.auth import caller
from renkei.api.endpoints.common import ERRORS, not_found
from renkei.capabilities.mix import as_api as mix_as_api
from renkei.capabilities.mix import member_mix
from renkei.capabilities.mix_schema import MemberMixOut
from renkei.cockpit import api_circles, coordinator, kpis
from renkei.cockpit.api_circles import CircleOut, IncorporationOut
from renkei.cockpit.legal import as_of_dates, table_rows
from renkei.cockpit.levers_state import lever_states
from renkei.lib import stages
from renkei.orgs.models import Group

router = Router(tags=["cockpit"])


class LeverOut(Schema):
    code: str
    label: str
    set_up: bool
    recommended: bool
    recommended_from: str


class KpiOut(Schema):
    code: str
    label: str
    unit: str
    value: float | None = Field(
        description="For a percent: one decimal, a half rounded up (四捨五入); null when "
        "there is nothing to divide by."
    )
    target: float | None
    tolerance: float
    status: str
    available: bool
    definition: str = Field(
        description="How it is counted, in the request's language; empty when self-evident. "
        "quote_rate: inquiries quoted ÷ inquiries; win_rate: inquiries ordered ÷ inquiries "
        "quoted, both of the inquiries received in the month."
    )


class SourceOut(Schema):
    source: str = Field(description="The catalogue or exhibition label; empty: no tagged link.")
    inquiries: int
    orders: int = Field(description="Accepted quotes of those inquiries.")


class ChecklistItemOut(Schema):
    code: str
    kind: str = Field(description="role: one of the coordinator's roles (1)–(4); task: (ア)–(キ).")
    mark: str = Field(description="The item's own numbering, e.g. (1) or (ア).")
    text: str = Field(description="The item's wording, in the request's language.")
    done: bool
    how: str = Field(description="The coordinator's note on how it was done.")
    marked_at: datetime | None


class ReadingOut(Schema):
    month: str = Field(description="YYYY-MM")
    value: float


class OwnIndicatorOut(Schema):
    id: int
    name: str
    unit: str
    target: float | None
    value: float | None = Field(description="This month's reading; null when none was entered.")
    status: str = Field(description="ok, alert (below the target) or none.")
    readings: list[ReadingOut] = Field(description="The last twelve readings, the latest first.")


class CockpitOut(Schema):
    group: str
    stage: str
    suggested_stage: str
    checklist_done: list[str]
    month: str
    levers: list[LeverOut]
    kpis: list[KpiOut]
    sources: list[SourceOut] = Field(
        description="Inquiries and orders per source (the printed catalogue's QR links)."
    )
    coordinator_checklist: list[ChecklistItemOut] = Field(
        description="The coordinator's roles and tasks in order, each with its text and state."
    )
    own_indicators: list[OwnIndicatorOut] = Field(
        description="Indicators the group set for itself, beside the built-in KPIs."
    )
    member_mix: MemberMixOut = Field(
        description="Companies, individuals and organisations today, per circle and by month."
    )
    circles: list[CircleOut] = Field(
        description="The four circles in order, each with its member companies and its people."
    )
    outsider_opinions: int = Field(description="Opinions recorded from the outsiders, in all.")
    incorporation: IncorporationOut = Field(
        description="The incorporation advisor's checks from the group's own figures."
    )


class RowOut(Schema):
    label: str
    lines: str
    values: list[str]


class TableOut(Schema):
    code: str
    title: str
    lines: str
    forms: list[str]
    rows: list[RowOut]
    notes: list[str] = Field(description="What the report says beside the table.")


class LegalFormsOut(Schema):
    source: str
    as_of: dict[str, str]
    tables: list[TableOut]


@router.get(
    "/groups/{slug}/cockpit",
    response={200: CockpitOut, **ERRORS},
    summary="A group's stage, levers of control and KPIs",
)
def get_cockpit(request: HttpRequest, slug: str) -> dict[str, object]:
    """For the group's people (coordinators, members, supporters); others get 404."""
    from renkei.catalogue.counts import per_source
    from renkei.cockpit.services.stage import done_items

    access = Access.of(caller(request))
    group = Group.objects.filter(slug=slug).first()
    if group is None or not access.is_insider(group):
        raise not_found(gettext("Group not found."))
    done = done_items(group)
    month = kpis.this_month()
    return {
        "group": group.slug,
        "stage": group.stage,
        "suggested_stage": stages.assess(frozenset(done), group.stage).suggested,
        "checklist_done": sorted(done),
        "month": month.strftime("%Y-%m"),
        "levers": [vars(lever) for lever in lever_states(group)],
        "kpis": [vars(reading) for reading in kpis.readings(group, month)],
        "sources": [vars(row) for row in per_source(group)],
        "coordinator_checklist": [vars(entry) for entry in coordinator.checklist(group)],
        "own_indicators": [
            vars(row) | {"readings": [{"month": f"{m:%Y-%m}", "value": v} for m, v in row.readings]}
            for row in coordinator.indicators(group, month)
        ],
        "member_mix": mix_as_api(member_mix(group, timezone.localdate())),
        "circles": api_circles.circles(group),
        "outsider_opinions": api_circles.outsider_opinions(group),
        "incorporation": api_circles.incorporation(group),
    }


@router.get(
    "/incorporation/legal-forms",
    response={200: LegalFormsOut, **ERRORS},
    # The comparison is the seed's tables 3-2 and 3-3; each row names its seed lines.
    summary="The legal forms compared",
)
def legal_forms(request: HttpRequest) -> dict[str, object]:
    """Public: no token needed. Each row names its source; ``as_of`` is per legal form."""
    return {
        "source": "seed/000_08941a68172b38cc.txt",
        "as_of": {form: date.isoformat() for form, date in as_of_dates().items()},
        "tables": table_rows(),
    }
