"""Fixtures of the projects tests: an accepted order whose one part goes through three process
steps (machining → plating → inspection, as NSCA's completed parts do, seed l.4501–4560), and
the people of the second member company.

hana — member admin (the approver) of さくら鍍金工業
emi  — member staff of さくら鍍金工業: her claims wait for hana
"""

import datetime as dt
import uuid

import pytest
from django.utils import timezone, translation

from renkei.capabilities.models import Process
from renkei.conftest_helpers import compose_test_quote
from renkei.inquiries import referrals, replies
from renkei.inquiries.models import LineStep, Referral
from renkei.inquiries.services import submit_inquiry
from renkei.projects import claims, services
from renkei.projects.models import WorkPackage

PASSWORD = "correct-horse-42"
STEPS = ["five_axis", "electroplating", "cmm_inspection"]


def make_order(
    group, coordinator, *, title="アルミブラケット", steps=STEPS, delivery=None, answers=()
):
    """An inquiry with one line of three steps, quoted and accepted by the customer; each of
    ``answers`` — (company, the member who answers, price in yen, lead days) — is a "can do"
    answer the quote is composed from."""
    inquiry, _ = submit_inquiry(
        group=group,
        key=uuid.uuid4(),
        header={
            "customer_company": "株式会社ロケット工房",
            "contact_name": "宇宙 太郎",
            "email": "taro@rocket.example",
            "title": title,
            "description": "A7075、めっき後に検査成績書。",
            "desired_delivery": delivery or timezone.localdate() + dt.timedelta(days=30),
        },
        lines=[{"part_name": "ブラケット", "quantity": 5}],
    )
    line = inquiry.lines.get()
    LineStep.objects.filter(line=line).delete()
    for position, code in enumerate(steps, start=1):
        LineStep.objects.create(
            line=line, process=Process.objects.get(code=code), position=position
        )
    for company, member, price, lead in answers:
        referrals.refer(actor=coordinator, inquiry=inquiry, companies=[company], reasons={})
        referral = Referral.objects.get(inquiry=inquiry, company=company)
        referrals.answer(
            actor=member, referral=referral, kind="can", price_yen=price, lead_days=lead
        )
    quote = compose_test_quote(coordinator, inquiry, [("ブラケット", 5, 12000)], lead_days=20)
    replies.send_quote(actor=coordinator, quote=quote)
    return replies.accept_quote(quote=quote)


@pytest.fixture
def order(group, alice):
    return make_order(group, alice)


@pytest.fixture
def project(order, alice):
    made, _created = services.start_order_project(actor=alice, order=order)
    return made


@pytest.fixture
def published(project, alice):
    services.publish_packages(actor=alice, project=project)
    return project


@pytest.fixture
def machining(published):
    return WorkPackage.objects.get(project=published, position=1)


@pytest.fixture
def held(machining, bob, aoki):
    """The machining package, claimed and confirmed by aoki (bob is its approver)."""
    return claims.claim_package(actor=bob, package=machining, company=aoki)


@pytest.fixture(autouse=True)
def _english(client):
    """Messages are asserted in English; the Japanese catalogue is checked elsewhere."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def earlier_mail(body: str) -> bool:
    """A mail the order's making sent the coordinator before the test's own: the inquiry's
    arrival, or a notice mail such as the quote's acceptance (it links to the notices)."""
    return "/manage/inquiries/" in body or "/notices/" in body
