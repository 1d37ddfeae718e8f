"""The cockpit of the demo region: each group's stage history and checklist, its belief
documents, KPI targets, external effects, risks, a strategic uncertainty and a canvas — written
through the cockpit's services. A group that already has documents is left alone, so a second
run writes nothing."""

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from renkei.cockpit.models import LeverDocument, StageChange
from renkei.cockpit.services import canvas, coordinator, kpi, levers, risks, stage
from renkei.lib import kpi as lib
from renkei.lib import stages
from renkei.orgs.models import Group

TARGETS = (  # (kpi, target, tolerance)
    ("reply_rate", 90, 5),
    ("inquiries", 8, 3),
    ("quote_rate", 60, 10),
    ("win_rate", 40, 10),
    ("participation", 50, 10),
)
EFFECTS = (  # (kind, months ago, count, note)
    ("media", 1, 2, "京都新聞・日刊工業新聞に掲載"),
    ("visitors", 2, 180, "オープンファクトリー来場者"),
    ("trained", 3, 12, "若手技能者の合同研修"),
    ("hires", 4, 3, "会員企業の新卒採用"),
    ("subsidies", 5, 1, "ものづくり補助金 採択"),
    ("events", 0, 1, "試作フェア出展"),
    ("successors", 2, 1, "会員企業の後継者候補が研修に参加"),
    ("tourism", 1, 2, "オープンファクトリーを観光協会のツアーに組み込み"),
)
COORDINATOR_TICKS = (  # (item, how): the coordinator's roles and tasks it has acted on
    ("r1", "会員規約と幹事会の役割分担を決めた"),
    ("t1", "月例の交流会で会員同士が工場を見学し合う"),
    ("t5", "ウェブと地元紙で事例を発信"),
)
OWN_INDICATORS = (  # (name, unit, target, readings months ago → value)
    ("工場見学の参加者", "人", 150, ((2, 90), (1, 120), (0, 160))),
)
CANVAS = {
    "key_partners": "会員企業12社、京都市産業技術研究所、地元信用金庫",
    "key_activities": "2時間以内の回答、見積の取りまとめ、複数工程の試作",
    "key_resources": "会員の設備と技能、事務局",
    "value_propositions": "図面1枚から多工程の試作を一つの窓口で短納期に",
    "customer_relationships": "事務局が一つの窓口として担当",
    "channels": "ウェブの引き合いフォーム、展示会、紹介",
    "customer_segments": "大手メーカーの開発部門、大学・研究機関",
    "cost_structure": "事務局人件費、展示会、システム",
    "revenue_streams": "取りまとめ手数料、会費",
}


def load_demo_cockpit(groups: dict[str, Group]) -> int:
    """Fills the cockpit of each demo group that has none yet; returns how many it filled."""
    coordinator = get_user_model().objects.get(username="coordinator")
    filled = 0
    for group in groups.values():
        if LeverDocument.objects.filter(group=group).exists():
            continue
        _fill(group, coordinator)
        filled += 1
    return filled


def _fill(group: Group, actor: Any) -> None:
    today = timezone.localdate()
    reached = stages.index(group.stage)
    # The history of how the group got to its stage: one step a year, ending a month ago.
    for step in range(reached):
        when = timezone.now() - dt.timedelta(days=30 + 365 * (reached - 1 - step))
        StageChange.objects.create(
            group=group,
            from_stage=stages.STAGES[step],
            to_stage=stages.STAGES[step + 1],
            reason="デモ: 段階の移行",
            changed_by=actor,
            changed_at=when,
        )
    for item in stages.items_up_to(group.stage):
        stage.mark_item(actor=actor, group=group, item=item.code, done=True)
    levers.publish_document(
        actor=actor,
        group=group,
        kind="mission",
        title="私たちの使命",
        body=f"{group.name}は、会員企業の技術を持ち寄り、地域のものづくりで新しい顧客を創ります。",
    )
    levers.publish_document(
        actor=actor,
        group=group,
        kind="rules",
        title="会員規約",
        body="第1条 会員は引き合いに誠実に回答する。\n第2条 知り得た図面と情報は秘密として扱う。",
    )
    levers.publish_document(
        actor=actor,
        group=group,
        kind="limits",
        title="戦略の限界",
        body="兵器用途の引き合いは受けない。1万個を超える量産は会員企業へ直接紹介する。",
    )
    for code, target, tolerance in TARGETS:
        kpi.set_target(actor=actor, group=group, kpi=code, target=target, tolerance=tolerance)
    for kind, months_ago, count, note in EFFECTS:
        day = today - dt.timedelta(days=30 * months_ago)
        kpi.record_effect(
            actor=actor, group=group, kind=kind, occurred_on=day, count=count, note=note
        )
    risks.add_risk(
        actor=actor,
        group=group,
        category="ip",
        title="共同開発で生まれたノウハウの帰属があいまい",
        likelihood=3,
        impact=4,
        review_on=today + dt.timedelta(days=30),
        mitigation="共同開発契約のひな形を幹事会で決める",
        owner=actor,
    )
    risks.add_risk(
        actor=actor,
        group=group,
        category="balance",
        title="繁忙期に会員が連携案件へ人を割けない",
        likelihood=4,
        impact=3,
        review_on=today - dt.timedelta(days=3),
        mitigation="繁忙期の受注上限を境界ルールに入れる",
        owner=actor,
    )
    levers.focus_uncertainty(
        actor=actor,
        group=group,
        title="量産の引き合いをグループで受けるべきか",
        question="試作から量産へ進む顧客にどこまで応えるか",
    )
    canvas.save_canvas(actor=actor, group=group, blocks=CANVAS)
    for code, how in COORDINATOR_TICKS:
        coordinator.mark_task(actor=actor, group=group, item=code, done=True, how=how)
    for name, unit, goal, readings in OWN_INDICATORS:
        own = coordinator.create_indicator(
            actor=actor, group=group, name=name, unit=unit, target=goal
        )
        for months_ago, value in readings:
            coordinator.record_reading(
                actor=actor,
                group=group,
                indicator=own.pk,
                month=lib.add_months(lib.month_start(today), -months_ago),
                value=value,
            )
    kpi.snapshot_circles(group=group, month=today)
    _incorporation(group, actor)


def _incorporation(group: Group, actor: Any) -> None:
    """The advisor's figures: a group weighing a 企業組合, its capital planned evenly but for
    one larger share, and its last year's money (so that each check shows a result)."""
    from renkei.cockpit.services.incorporation import save_figures, save_plan
    from renkei.orgs.models import Membership

    members = list(
        Membership.objects.for_group(group).current().order_by("company_id")
        .values_list("company_id", flat=True)
    )  # fmt: skip
    save_plan(
        actor=actor, group=group, purposes=["legal_party", "funding"], functions=["negotiation"],
        criteria=["c1", "c2"], stakeholders=["members", "banks"], founders=None,
        notes="幹事会で企業組合と一般社団法人を比べている。",
    )  # fmt: skip
    save_figures(
        actor=actor,
        group=group,
        planned_form="企業組合",
        working_members=max(1, len(members) // 2),
        workers=max(2, len(members) * 2),
        capital_plan={pk: 300_000 if n == 0 else 100_000 for n, pk in enumerate(members)},
        npo_fields=[16],
        money={
            "revenue_yen": 24_000_000,
            "business_revenue_yen": 21_600_000,
            "insurance_revenue_yen": 0,
            "contract_revenue_yen": 3_000_000,
            "profit_yen": 1_800_000,
            "dividends_yen": 300_000,
        },
    )
