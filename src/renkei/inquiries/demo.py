"""Who decides who takes a job, in the demo region: 越後みがき連合 lets its 幹事企業 choose the
polisher for polishing jobs (as 磨き屋シンジケート does, seed l.516–518),
常陸北部表面処理ネットワーク decides at its core members' regular meeting (seed l.2092–2096),
and 京丹波 食の加工ネット's members raise their hands (seed l.4315–4317).

Written through the services; a group that already has its setting and its records is left
alone, so a second run writes nothing.
"""

import datetime as dt
import uuid
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from renkei.capabilities.models import ProcessCategory
from renkei.demo.data import PASSWORD
from renkei.inquiries import deciding
from renkei.inquiries.models import Hand, Inquiry, LeadCompany, Meeting
from renkei.inquiries.services import submit_inquiry
from renkei.lib.houjin import make_corporate_number
from renkei.orgs.choices import JobDecision, PersonRole
from renkei.orgs.models import Company, Group, GroupRole
from renkei.orgs.services import grant_role, update_group

# 株式会社中ノ口研磨, the 幹事会社 of 越後みがき連合 (法人番号 body in renkei.demo.data.polishing),
# and the login of its member admin.
LEAD_BODY = "110001070101"
LEAD_LOGIN = "kanji"
# 十王鍍金工業所, 北茨城ハードクローム, 多賀熱処理工業: the core circle of the surface group.
CORE_BODIES = ("050001080101", "050001080202", "050001080505")

HEADER = {
    "contact_name": "購買 担当",
    "phone": "03-0000-0000",
    "purpose": "prototype",
}


def _company(body: str) -> Company | None:
    return Company.objects.filter(corporate_number=make_corporate_number(body)).first()


def _send(group: Group, n: str, company: str, email: str, title: str, line: dict[str, Any]) -> Any:
    key = uuid.uuid5(uuid.NAMESPACE_URL, f"renkei-demo:deciders:{group.slug}:{n}")
    header = {**HEADER, "customer_company": company, "email": email, "title": title}
    header["description"] = f"{title}の見積をお願いします。図面は追って送ります。"
    inquiry, created = submit_inquiry(group=group, key=key, header=header, lines=[line])
    return inquiry, created


def _decide(group: Group, decision: str) -> bool:
    if group.job_decision == decision:
        return False
    update_group(actor=None, group=Group.objects.get(pk=group.pk), job_decision=decision)
    group.job_decision = decision
    return True


def _lead_company(group: Group) -> int:
    changed = int(_decide(group, JobDecision.LEAD_COMPANY))
    lead = _company(LEAD_BODY)
    if lead is None:
        return changed
    polishing = ProcessCategory.objects.get(code="polishing")
    if not LeadCompany.objects.filter(group=group, category=polishing, company=lead).exists():
        deciding.name_lead_company(actor=None, group=group, category=polishing, company=lead)
        changed += 1
    users = get_user_model().objects
    person = users.filter(username=LEAD_LOGIN).first()
    if person is None:
        person = users.create_user(
            username=LEAD_LOGIN,
            password=PASSWORD,
            email="kanji@nakanokuchi-kenma.example",
            last_name="中ノ口",
            first_name="誠",
        )
        changed += 1
    if not GroupRole.objects.filter(user=person, group=group, company=lead).exists():
        grant_role(actor=None, user=person, group=group, role=PersonRole.MEMBER_ADMIN, company=lead)
        changed += 1
    _inquiry, created = _send(
        group,
        "mug",
        "株式会社つばめテーブルウェア",
        "kobai@tsubame-tableware.example",
        "ステンレス製ビアマグの鏡面仕上げ",
        {
            "part_name": "ビアマグ 本体",
            "quantity": 300,
            "material": "SUS304",
            "process_text": "バフ 鏡面",
            "size": "φ85×120",
            "notes": "内面は鏡面、外面はヘアライン。",
        },
    )
    return changed + int(created)


def _meeting(group: Group) -> int:
    changed = int(_decide(group, JobDecision.MEETING))
    decided, made_1 = _send(
        group,
        "chrome",
        "常陸精機株式会社",
        "shizai@hitachi-seiki.example",
        "油圧ロッドの硬質クロムめっき",
        {
            "part_name": "油圧ロッド",
            "quantity": 40,
            "material": "S45C",
            "process_text": "硬質クロム",
        },
    )
    _pending, made_2 = _send(
        group,
        "nickel",
        "株式会社ひたちなかモビリティ",
        "buy@hitachinaka-mobility.example",
        "アルミブラケットの無電解ニッケル",
        {
            "part_name": "ブラケット",
            "quantity": 200,
            "material": "A5052",
            "process_text": "無電解ニッケル",
        },
    )
    changed += int(made_1) + int(made_2)
    core = [c for c in (_company(body) for body in CORE_BODIES) if c is not None]
    if core and not Meeting.objects.filter(group=group).exists():
        held_on = timezone.localdate() - dt.timedelta(days=7)
        deciding.record_meeting(
            actor=None,
            group=group,
            held_on=held_on,
            attendees=core,
            attendee_note="事務局、茨城県産業技術センター",
            decisions=[
                deciding.Decision(
                    Inquiry.objects.get(pk=decided.pk),
                    core[1] if len(core) > 1 else core[0],
                    "ロッド長1.2mに対応できる槽があるため",
                )
            ],
        )
        changed += 1
    return changed


def _hands(group: Group) -> int:
    changed = int(_decide(group, JobDecision.HANDS))
    inquiry = Inquiry.objects.for_group(group).filter(status="new").order_by("pk").first()
    if inquiry is None or Hand.objects.filter(inquiry__group=group).exists():
        return changed
    members = list(
        Company.objects.filter(
            memberships__group=group, memberships__left_on__isnull=True, kind="manufacturer"
        ).order_by("kana")[:2]
    )
    notes = ("同じ加工の実績があります。", "繁忙期のため来月からなら対応可能です。")
    for company, note, confirmed in zip(members, notes, (True, False), strict=False):
        deciding.raise_hand(
            actor=None, inquiry=inquiry, company=company, note=note, confirmed=confirmed
        )
        changed += 1
    return changed


def load_demo_deciders(groups: dict[str, Group]) -> int:
    """Sets each demo group's way of deciding and its records; how many things were written."""
    changed = 0
    if "echigo-migaki" in groups:
        changed += _lead_company(groups["echigo-migaki"])
    if "hitachi-hyomen" in groups:
        changed += _meeting(groups["hitachi-hyomen"])
    if "tamba-shoku" in groups:
        changed += _hands(groups["tamba-shoku"])
    return changed
