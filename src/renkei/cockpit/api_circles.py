"""The cockpit API's circles (companies and people per circle, the outsiders' opinions) and
the incorporation advisor's checks: schemas and builders, kept apart from api.py so that the
cockpit's endpoint only names them."""

from django.db.models import Count
from ninja import Field, Schema

from renkei.cockpit.legal import advise
from renkei.cockpit.models import CirclePerson, OutsiderOpinion
from renkei.cockpit.views.circles import CIRCLES
from renkei.orgs.models import Group, Membership


class CircleCompanyOut(Schema):
    id: int
    name: str
    kind: str = Field(description="manufacturer, individual, city, chamber, bank, university…")


class CirclePersonOut(Schema):
    id: int
    name: str
    affiliation: str
    account: str | None = Field(description="The login name when the person has an account.")
    opinions: int = Field(description="Opinions recorded from this person (outsiders only).")


class CircleOut(Schema):
    circle: str = Field(description="core, active, supporter or observer (the outsiders).")
    label: str
    companies: list[CircleCompanyOut] = Field(description="Current member companies in it.")
    people: list[CirclePersonOut]


class CheckOut(Schema):
    code: str
    form: str = Field(description="The legal form checked; empty for a social-company criterion.")
    status: str = Field(
        description="passed, failed, ask (a figure is missing), unconfirmed (a judgement not "
        "yet confirmed by the coordinator), not_applicable."
    )
    text: str = Field(description="The rule as the report words it (Japanese).")
    lines: str = Field(description="The report's lines the rule comes from.")
    have: int | None
    of: int | None = Field(description="The denominator of a ratio; null for a count.")
    need: str = Field(description='The bound: a count ("4") or a fraction ("1/2", "25/100").')
    at_least: bool = Field(description="true: have must reach need; false: stay within it.")
    percent: str = Field(description="have / of in percent, one decimal, a half rounded up.")
    asks: list[str] = Field(description="The figures still missing, by field name.")


class IncorporationOut(Schema):
    individuals: int
    businesses: int
    institutions: int
    founders: int | None
    capital_source: str = Field(description="ledger, plan, or empty: no capital known.")
    checks: list[CheckOut]


def circles(group: Group) -> list[dict[str, object]]:
    companies: dict[str, list[dict[str, object]]] = {str(v): [] for v, _l, _d in CIRCLES}
    memberships = (
        Membership.objects.for_group(group)
        .current()
        .select_related("company")
        .order_by("company__kana", "company_id")
    )
    for membership in memberships:
        company = membership.company
        companies.setdefault(membership.circle, []).append(
            {"id": company.pk, "name": company.name, "kind": company.kind}
        )
    people: dict[str, list[dict[str, object]]] = {str(v): [] for v, _l, _d in CIRCLES}
    rows = (
        CirclePerson.objects.filter(group=group)
        .select_related("user")
        .annotate(opinion_count=Count("opinions"))
    )
    for person in rows:
        people.setdefault(person.circle, []).append(
            {
                "id": person.pk,
                "name": person.display_name,
                "affiliation": person.affiliation,
                "account": person.user.get_username() if person.user else None,
                "opinions": person.opinion_count,
            }
        )
    return [
        {
            "circle": str(value),
            "label": str(label),
            "companies": companies[str(value)],
            "people": people[str(value)],
        }
        for value, label, _d in CIRCLES
    ]


def outsider_opinions(group: Group) -> int:
    return OutsiderOpinion.objects.filter(person__group=group).count()


def incorporation(group: Group) -> dict[str, object]:
    advice = advise(group)
    facts = advice.figures
    return {
        "individuals": facts.individuals,
        "businesses": facts.businesses,
        "institutions": facts.institutions,
        "founders": facts.founders,
        "capital_source": advice.capital.source,
        "checks": [
            vars(check) | {"status": str(check.status), "asks": list(check.asks)}
            for group_checks in advice.checks.values()
            for check in group_checks
        ],
    }
