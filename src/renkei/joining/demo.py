"""Joining in the demo region (洛南試作ネットワーク): one application waiting for screening, one
company accepted that has still to acknowledge the mission, vision and 会員規約 (so it is passed
no inquiry yet), and last year's 年会費 of the members. Written through the services; keyed by
each application's submission key and by the fee's year, so a second run writes nothing."""

import datetime as dt
import uuid

from django.contrib.auth import get_user_model
from django.utils import timezone

from renkei.capabilities.models import Material, Process
from renkei.joining import members, services
from renkei.joining.choices import CheckItem
from renkei.joining.models import AnnualFee, Application
from renkei.lib.houjin import make_corporate_number
from renkei.orgs.models import Group, Membership

NAMESPACE = uuid.UUID("5f0c7b8e-3a51-4d2e-9d7a-6a1b2c3d4e5f")
FEE_YEN = 36_000  # a year's 年会費 of the demo group (renkei's example figure, not the seed's)

APPLICANTS = [
    {
        "key": "waiting",
        "fields": {
            "company_name": "株式会社伏見レーザー工業",
            "kana": "ふしみれーざーこうぎょう",
            "corporate_number": make_corporate_number("813000111222"),
            "prefecture": "京都府",
            "address": "京都市伏見区竹田向代町12",
            "employees": 18,
            "profile": "ファイバーレーザーによる薄板の切断と曲げ。",
            "contact_name": "伏見 健",
            "email": "ken@fushimi-laser.example",
            "phone": "075-000-1234",
            "motivation": "試作の板金部品を、切削や表面処理の会員と組んで一括で受けたい。",
        },
        "processes": ["laser_cutting", "press_brake_bending"],
        "materials": ["SPCC", "SUS304", "A5052"],
        "certificates": [{"standard": "ISO 9001", "number": "JQA-QM1234", "valid_until": ""}],
        "accept": False,
    },
    {
        "key": "accepted",
        "fields": {
            "company_name": "株式会社醍醐精密研削",
            "kana": "だいごせいみつけんさく",
            "corporate_number": make_corporate_number("813000333444"),
            "prefecture": "京都府",
            "address": "京都市伏見区醍醐高畑町5",
            "employees": 9,
            "profile": "円筒研削と平面研削。±2µmの仕上げ。",
            "contact_name": "醍醐 真理",
            "email": "mari@daigo-grinding.example",
            "motivation": "研削の工程で会員の試作を支えたい。",
        },
        "processes": ["cylindrical_grinding", "surface_grinding"],
        "materials": ["SUS304", "SKD11"],
        "certificates": [],
        "accept": True,
    },
]


def _by_codes(model: type, field: str, values: list[str]) -> list[object]:
    return list(model._default_manager.filter(**{f"{field}__in": values}))  # type: ignore[attr-defined]


def load_demo_joining(group: Group) -> int:
    """Returns how many applications it wrote (0 on a second run)."""
    coordinator = get_user_model().objects.get(username="coordinator")
    made = 0
    for spec in APPLICANTS:
        key = uuid.uuid5(NAMESPACE, f"{group.slug}:{spec['key']}")
        if Application.objects.filter(group=group, submission_key=key).exists():
            continue
        application, _created = services.submit_application(
            group=group,
            key=key,
            fields=dict(spec["fields"]),  # type: ignore[call-overload]
            processes=_by_codes(Process, "code", spec["processes"]),  # type: ignore[arg-type]
            materials=_by_codes(Material, "symbol", spec["materials"]),  # type: ignore[arg-type]
            certificates=list(spec["certificates"]),  # type: ignore[call-overload]
            agreed_rules=services.current_rules(group),
        )
        services.tick(actor=coordinator, application=application, item=CheckItem.PROFILE)
        if spec["accept"]:
            for item in CheckItem.values:
                services.tick(actor=coordinator, application=application, item=item)
            services.accept(
                actor=coordinator,
                application=application,
                reason="審査の結果、入会を承認しました。",
            )
        made += 1
    if made:
        _fees(group, coordinator)
    return made


def _fees(group: Group, coordinator: object) -> None:
    """Last year's 年会費 of every current member: paid in May, except the last two."""
    year = timezone.localdate().year - 1
    current = list(
        Membership.objects.for_group(group)
        .current()
        .filter(joined_on__lte=dt.date(year, 12, 31))
        .exclude(circle="supporter")
        .select_related("company")
        .order_by("company__kana", "pk")
    )
    for n, membership in enumerate(current):
        if AnnualFee.objects.filter(group=group, company=membership.company, year=year).exists():
            continue
        paid = n < len(current) - 2
        members.record_fee(
            actor=coordinator,
            group=group,
            company=membership.company,
            year=year,
            amount_yen=FEE_YEN,
            paid_on=dt.date(year, 5, 10 + n % 15) if paid else None,
        )
