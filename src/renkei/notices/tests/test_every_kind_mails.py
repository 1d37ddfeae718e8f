"""Every kind of notice honours the person's mail choice: "at once" mails each one (exactly
once, whether the kind's own app mails it or the notice does), "daily" mails none at once and
lists it in the next summary. Each case runs the real flow that makes the notice."""

import datetime as dt
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from renkei.cockpit.alerts import check_kpis
from renkei.cockpit.services.kpi import set_target
from renkei.cockpit.services.levers import publish_document
from renkei.cockpit.tests.conftest import make_inquiry
from renkei.conftest_helpers import CUSTOMER, PASSWORD, compose_test_quote, run_worker
from renkei.inquiries import replies
from renkei.inquiries.comments import post_comment
from renkei.inquiries.referrals import answer, refer
from renkei.inquiries.services import submit_inquiry
from renkei.lib.workclock import TOKYO
from renkei.notices.digest import queue_daily_digests
from renkei.notices.models import MailChoice, Notice, NoticeKind
from renkei.notices.services import set_mail_preference
from renkei.orgs.choices import PersonRole
from renkei.orgs.services import grant_role
from renkei.projects import claims, services
from renkei.projects.models import WorkPackage
from renkei.projects.progress import post_event
from renkei.projects.tests.conftest import make_order

pytestmark = pytest.mark.django_db(databases="__all__", transaction=True)


@dataclass
class World:
    group: Any
    alice: Any  # coordinator
    bob: Any  # member admin of aoki
    aoki: Any
    sakura: Any
    kept: dict[str, Any]


def _inquiry(world: World) -> Any:
    made, _ = submit_inquiry(group=world.group, key=uuid.uuid4(), header=CUSTOMER, lines=[])
    return made


def _referred(world: World) -> None:
    inquiry = _inquiry(world)
    [referral] = refer(actor=world.alice, inquiry=inquiry, companies=[world.aoki], reasons={})
    world.kept.update(inquiry=inquiry, referral=referral)


def _package(world: World, *, held: bool) -> None:
    project, _ = services.start_order_project(
        actor=world.alice, order=make_order(world.group, world.alice)
    )
    services.publish_packages(actor=world.alice, project=project)
    package = WorkPackage.objects.get(project=project, position=1)
    if held:  # bob is aoki's approver: his claim is confirmed at once
        package = claims.claim_package(actor=world.bob, package=package, company=world.aoki)
    world.kept["package"] = package


# kind → (what has to exist first, returning the person the notice will be for; the action that
# makes the notice)
Setup = Callable[[World], Any]
Trigger = Callable[[World], None]


def _refer(world: World) -> None:
    refer(actor=world.alice, inquiry=_inquiry(world), companies=[world.aoki], reasons={})


def _mention(world: World) -> None:
    post_comment(
        actor=world.alice, inquiry=world.kept["inquiry"], body="@bob 見てください", key=uuid.uuid4()
    )


def _sakura_people(world: World) -> Any:
    """hana approves for sakura; emi, its staff, claims, so the claim waits for hana."""
    _package(world, held=False)
    User = get_user_model()
    hana = User.objects.create_user(username="hana", password=PASSWORD, email="hana@example.com")
    emi = User.objects.create_user(username="emi", password=PASSWORD, email="emi@example.com")
    for user, role in ((hana, PersonRole.MEMBER_ADMIN), (emi, PersonRole.MEMBER_STAFF)):
        grant_role(actor=None, user=user, group=world.group, role=role, company=world.sakura)
    world.kept["emi"] = emi
    return hana


def _claim(world: World) -> None:
    claims.claim_package(
        actor=world.kept["emi"], package=world.kept["package"], company=world.sakura
    )


def _held(world: World) -> Any:
    _package(world, held=True)
    return world.alice


def _return(world: World) -> None:
    claims.return_package(actor=world.bob, package=world.kept["package"], reason="機械の故障")


def _delay(world: World) -> None:
    post_event(actor=world.bob, package=world.kept["package"], kind="delayed", note="材料待ち")


def _answer(world: World) -> None:
    answer(
        actor=world.bob, referral=world.kept["referral"], kind="can", price_yen=40000, lead_days=9
    )


def _quote_sent(world: World) -> Any:
    quote = compose_test_quote(
        world.alice, _inquiry(world), [("シャフト", 5, 12000)], lead_days=None
    )
    world.kept["quote"] = replies.send_quote(actor=world.alice, quote=quote)
    return world.alice


def _accept(world: World) -> None:
    replies.accept_quote(quote=world.kept["quote"])


def _late_replies(world: World) -> Any:
    set_target(actor=world.alice, group=world.group, kpi="reply_rate", target=90, tolerance=5)
    make_inquiry(world.group, replied_after_hours=1)
    make_inquiry(world.group, replied_after_hours=5)  # 50 % replied in time
    return world.alice


def _check_kpis(world: World) -> None:
    assert check_kpis()["alerted"] == 1


def _publish(world: World) -> None:
    publish_document(actor=world.alice, group=world.group, kind="rules", title="会員規約", body="…")


def _an_inquiry(world: World) -> Any:
    world.kept["inquiry"] = _inquiry(world)
    return world.alice


def _customer_writes(world: World) -> None:
    replies.post_customer_message(inquiry=world.kept["inquiry"], body="納期を早められますか?")


def _customer_mail_bounces(world: World) -> None:
    # As the outbox does once a server refused the address for good (outbox/tests/test_outbox.py
    # proves that path with a real refusing server).
    from renkei.outbox.models import OutgoingMail
    from renkei.outbox.signals import mail_given_up

    ack = OutgoingMail.objects.get(key=f"inquiries.ack:{world.kept['inquiry'].pk}")
    mail_given_up.send(sender=OutgoingMail, mail=ack)


def _referred_to_bob(world: World) -> Any:
    _referred(world)
    return world.bob


def _referred_for_alice(world: World) -> Any:
    _referred(world)
    return world.alice


def _settled(world: World) -> Any:
    """aoki's share of an order checked on receipt, and its month's statement (settlement)."""
    from django.utils import timezone

    from renkei.settlement.choices import OrderState
    from renkei.settlement.models import OrderSettlement
    from renkei.settlement.services.orders import confirm_order
    from renkei.settlement.services.statements import issue_statements

    _quote_sent(world)
    world.kept["quote"].lines.update(company=world.aoki)
    order = replies.accept_quote(quote=world.kept["quote"])
    settlement = confirm_order(order=order)
    OrderSettlement.objects.filter(pk=settlement.pk).update(
        state=OrderState.ACCEPTED, accepted_at=timezone.now()
    )
    (world.kept["statement"],) = issue_statements(
        actor=world.alice, group=world.group, month=timezone.localdate()
    )
    return world.alice


def _dispute(world: World) -> None:
    from renkei.settlement.services.statements import dispute_statement

    dispute_statement(actor=world.bob, statement=world.kept["statement"], note="数量が違います")


def _sakura_admin(world: World) -> Any:
    hana = get_user_model().objects.create_user(
        username="hana", password=PASSWORD, email="hana@example.com"
    )
    grant_role(
        actor=None, user=hana, group=world.group, role=PersonRole.MEMBER_ADMIN,
        company=world.sakura,
    )  # fmt: skip
    world.kept["hana"] = hana
    return hana


def _order_plating(world: World) -> None:
    from renkei.settlement.services.trades import order_trade

    world.kept["trade"] = order_trade(
        actor=world.bob, group=world.group, buyer=world.aoki, seller=world.sakura,
        description="無電解ニッケルめっき", quantity=10, amount_yen=30000,
    )  # fmt: skip


def _plating_ordered(world: World) -> Any:
    _sakura_admin(world)
    _order_plating(world)
    return world.bob


def _take_the_order(world: World) -> None:
    from renkei.settlement.services.trades import answer_trade

    answer_trade(actor=world.kept["hana"], trade=world.kept["trade"], accept=True)


def _reject(world: World) -> None:
    """The plating step (sakura's: hana receives) rejects aoki's machining."""
    from renkei.quality.services.inspection import CheckInput, record_check

    package = world.kept["package"]
    receiving = WorkPackage.objects.get(project=package.project, position=2)
    hana = world.kept.get("hana") or _sakura_admin(world)
    receiving = claims.claim_package(actor=hana, package=receiving, company=world.sakura)
    check, _ = record_check(
        actor=hana, package=package, receiving=receiving,
        data=CheckInput(
            result="rejected", quantity_received=5, quantity_rejected=1,
            defect_kind="dimension", disposition="rework",
        ),
    )  # fmt: skip
    world.kept["action"] = check.corrective_action


def _apply_to_join(world: World) -> None:
    """A company applies from the group page (joining): the coordinators are told."""
    import uuid

    from renkei.joining.services import current_rules, submit_application

    submit_application(
        group=world.group,
        key=uuid.uuid4(),
        fields={
            "company_name": "株式会社みなみ精密",
            "kana": "みなみせいみつ",
            "corporate_number": "",
            "prefecture": "京都府",
            "address": "京都市南区上鳥羽1-2",
            "contact_name": "南 一郎",
            "email": "ichiro@minami.example",
            "motivation": "試作の引き合いを共同で受けたい。",
        },
        processes=[],
        materials=[],
        certificates=[],
        agreed_rules=current_rules(world.group),
    )


def _held_for_bob(world: World) -> Any:
    _package(world, held=True)
    return world.bob


def _rejected(world: World) -> Any:
    _package(world, held=True)
    _reject(world)
    return world.alice


def _answer_action(world: World) -> None:
    from renkei.quality.services.inspection import answer_action

    answer_action(
        actor=world.bob,
        action=world.kept["action"],
        cause="治具の摩耗",
        countermeasure="治具を交換",
    )


CASES: dict[str, tuple[Setup, Trigger]] = {
    NoticeKind.REFERRAL: (lambda w: w.bob, _refer),
    NoticeKind.MENTION: (_referred_to_bob, _mention),
    NoticeKind.CLAIM_PENDING: (_sakura_people, _claim),
    NoticeKind.PACKAGE_RETURNED: (_held, _return),
    NoticeKind.PACKAGE_DELAYED: (_held, _delay),
    NoticeKind.INQUIRY_NEW: (lambda w: w.alice, _inquiry),
    NoticeKind.INQUIRY_ANSWERED: (_referred_for_alice, _answer),
    NoticeKind.QUOTE_ACCEPTED: (_quote_sent, _accept),
    NoticeKind.KPI_ALERT: (_late_replies, _check_kpis),
    NoticeKind.DOCUMENT: (lambda w: w.bob, _publish),
    NoticeKind.CUSTOMER_MESSAGE: (_an_inquiry, _customer_writes),
    NoticeKind.CUSTOMER_MAIL_FAILED: (_an_inquiry, _customer_mail_bounces),
    NoticeKind.STATEMENT_DISPUTED: (_settled, _dispute),
    NoticeKind.TRADE_ORDERED: (_sakura_admin, _order_plating),
    NoticeKind.TRADE_ANSWERED: (_plating_ordered, _take_the_order),
    NoticeKind.CORRECTIVE_ACTION: (_held_for_bob, _reject),
    NoticeKind.CORRECTIVE_ANSWERED: (_rejected, _answer_action),
    NoticeKind.APPLICATION: (lambda w: w.alice, _apply_to_join),
}


def _kinds(daily: bool) -> list[Any]:
    return [pytest.param(kind.value, id=kind.value) for kind in NoticeKind]


def _prepare(kind: str, group, alice, bob, aoki, sakura, smtp) -> tuple[World, Any, Trigger]:
    """The case's setup, with what it mailed sent and forgotten; returns the notice's person."""
    world = World(group=group, alice=alice, bob=bob, aoki=aoki, sakura=sakura, kept={})
    setup, trigger = CASES[kind]  # a new kind without a case fails here
    person = setup(world)
    run_worker()
    smtp.messages.clear()
    return world, person, trigger


def _about(mail: str, notice: Notice) -> bool:
    """The mail links to what the notice is about, directly or through the notice."""
    text = re.sub(r"=\r?\n", "", mail)  # quoted-printable soft line breaks
    return notice.link in text or reverse("notices:open", args=[notice.pk]) in text


@pytest.mark.parametrize("kind", _kinds(daily=False))
def test_a_person_who_wants_each_mail_at_once_gets_one_for_every_kind(
    kind, group, alice, bob, aoki, sakura, smtp
):
    world, person, trigger = _prepare(kind, group, alice, bob, aoki, sakura, smtp)
    trigger(world)
    notice = Notice.objects.get(user=person, kind=kind)
    run_worker()
    run_worker()  # a second run mails nothing more
    to_them = [mail for to, mail in smtp.messages if to == [person.email]]
    assert len(to_them) == 1, [to for to, _ in smtp.messages]
    assert _about(to_them[0], notice)


@pytest.mark.parametrize("kind", _kinds(daily=True))
def test_a_person_with_the_daily_summary_gets_every_kind_there_not_at_once(
    kind, group, alice, bob, aoki, sakura, smtp
):
    world, person, trigger = _prepare(kind, group, alice, bob, aoki, sakura, smtp)
    set_mail_preference(actor=person, mail=MailChoice.DAILY)
    trigger(world)
    notice = Notice.objects.get(user=person, kind=kind)
    run_worker()
    assert not [to for to, _ in smtp.messages if to == [person.email]]

    today = dt.datetime.now(TOKYO).date()
    queue_daily_digests(dt.datetime.combine(today, dt.time(8, 5), tzinfo=TOKYO))
    run_worker()
    [summary] = [mail for to, mail in smtp.messages if to == [person.email]]
    assert _about(summary, notice)
