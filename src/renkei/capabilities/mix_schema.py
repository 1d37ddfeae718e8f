"""The member mix as the cockpit API carries it (`GET /api/v1/groups/{slug}/cockpit`,
``member_mix``)."""

from ninja import Field, Schema


class MixCountsOut(Schema):
    companies: int = Field(description="Member companies (manufacturers).")
    individuals: int = Field(description="People holding a membership in their own name.")
    organisations: int = Field(
        description="Supporting organisations: cities, chambers, banks, universities, others."
    )
    union_members: int = Field(description="Union members (組合員) of a 企業組合.")
    specified_members: int = Field(description="Specified members (特定組合員) of a 企業組合.")
    total: int


class CircleMixOut(MixCountsOut):
    circle: str = Field(description="core, active, supporter or observer (the outsiders).")


class MonthMixOut(MixCountsOut):
    month: str = Field(description="YYYY-MM, counted on the month's last day (today for this one).")


class MemberMixOut(MixCountsOut):
    circles: list[CircleMixOut]
    months: list[MonthMixOut] = Field(description="The last twelve months, oldest first.")
