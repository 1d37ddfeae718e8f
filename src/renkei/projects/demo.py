"""The projects of the demo region: one order (an accepted quote, three process steps, the first
claimed by 桂川精工 and started) and one development project in the 江戸っ子1号 manner — elements
each pairing a member and a university, and its funding (seed l.1771–1815, 1912–2000).

Keyed by the inquiry's submission key and the project's title: a second run writes nothing.
"""

import datetime as dt
import uuid
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from renkei.capabilities.models import Process
from renkei.inquiries import replies
from renkei.inquiries.models import Inquiry, LineStep, Order
from renkei.inquiries.services import submit_inquiry
from renkei.orgs.models import Company, Group
from renkei.projects import claims, progress, services
from renkei.projects.choices import FundingKind, FundingStatus, ProjectKind, TeamRole
from renkei.projects.models import Project

ORDER_KEY = uuid.uuid5(uuid.NAMESPACE_URL, "renkei-demo:projects:order-1")
DEVELOPMENT_TITLE = "洛南深海カメラ「らくなん1号」"
STEPS = ("machining_center", "electroplating", "cmm_inspection")


def load_demo_projects(group: Group) -> int:
    """Creates what is missing; returns how many projects it made."""
    users = get_user_model().objects
    coordinator, member = users.get(username="coordinator"), users.get(username="member")
    made = 0
    if not Project.objects.filter(group=group, kind=ProjectKind.DEVELOPMENT).exists():
        _development(group, coordinator)
        made += 1
    order = _order(group, coordinator)
    project, created = services.start_order_project(actor=coordinator, order=order)
    if created:
        made += 1
        services.publish_packages(actor=coordinator, project=project)
        first = project.packages.order_by("position").first()
        company = Company.objects.filter(name="桂川精工株式会社").first()
        if first is not None and company is not None:
            held = claims.claim_package(actor=member, package=first, company=company)
            progress.post_event(actor=member, package=held, kind="started", key="demo-start")
    return made


def _order(group: Group, coordinator: object) -> Order:
    inquiry = Inquiry.objects.filter(group=group, submission_key=ORDER_KEY).first()
    if inquiry is not None and hasattr(inquiry, "order"):
        return inquiry.order
    inquiry, _created = submit_inquiry(
        group=group,
        key=ORDER_KEY,
        header={
            "customer_company": "株式会社みなと光学",
            "contact_name": "港 花子",
            "email": "hanako@minato-kogaku.example",
            "title": "カメラ筐体ブラケット 試作",
            "description": "A5052、無電解ニッケルめっき、三次元測定の成績書付き。",
            "desired_delivery": timezone.localdate() + dt.timedelta(days=21),
        },
        lines=[{"part_name": "筐体ブラケット", "quantity": 10, "material": "A5052"}],
    )
    line = inquiry.lines.get()
    LineStep.objects.filter(line=line).delete()
    for position, code in enumerate(STEPS, start=1):
        LineStep.objects.create(
            line=line, process=Process.objects.get(code=code), position=position
        )
    quote = replies.compose_quote(
        actor=coordinator,
        inquiry=inquiry,
        lines=[("筐体ブラケット", 10, 8500)],
        fee_percent=Decimal("10"),
        valid_until=timezone.localdate() + dt.timedelta(days=30),
        lead_days=21,
    )
    replies.send_quote(actor=coordinator, quote=quote)
    return replies.accept_quote(quote=quote)


def _development(group: Group, coordinator: object) -> None:
    project = services.create_development_project(
        actor=coordinator,
        group=group,
        title=DEVELOPMENT_TITLE,
        goal="水深 2,000 m で撮影できる小型カメラを、会員企業と大学の組で要素ごとに開発する。",
        delivery_on=timezone.localdate() + dt.timedelta(days=365),
    )
    member = Company.objects.filter(name="桂川精工株式会社").first()
    university = Company.objects.filter(name="平安工科大学 産学連携センター").first()
    bank = Company.objects.filter(name="洛南信用金庫").first()
    for name in ("耐圧筐体", "通信方式", "回収機構"):
        services.add_element(
            actor=coordinator, project=project, name=name, company=member, partner=university
        )
    for company, role in ((member, TeamRole.LEAD), (university, TeamRole.UNIVERSITY)):
        if company is not None:
            services.add_team_member(actor=coordinator, project=project, company=company, role=role)
    if bank is not None:
        services.add_team_member(
            actor=coordinator, project=project, company=bank, role=TeamRole.SUPPORTER
        )
    # The seed's crowdfunding (l.1969–1975): ¥1,800,000 asked for the battery, ¥2,600,000
    # pledged — the goal reached, so the pledges were received; and the 信用金庫's 応援預金
    # (l.1786–1788).
    today = timezone.localdate()
    for kind, name, fields in (
        (FundingKind.OWN, "会員の持ち寄り", {"amount_yen": 500_000}),
        (
            FundingKind.CROWDFUNDING,
            "ものづくり専門クラウドファンディング（バッテリー費用）",
            {
                "target_yen": 1_800_000,
                "pledged_yen": 2_600_000,
                "deadline": today - dt.timedelta(days=30),
            },
        ),
        (FundingKind.SUPPORT_DEPOSIT, "洛南信用金庫 応援預金", {"amount_yen": 300_000}),
        (FundingKind.SUBSIDY, "ものづくり補助金", {"amount_yen": 10_000_000}),
    ):
        status = FundingStatus.PLANNED if kind == FundingKind.SUBSIDY else FundingStatus.RECEIVED
        services.add_funding(
            actor=coordinator, project=project, kind=kind, name=name, status=status, **fields
        )
