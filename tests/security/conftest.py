"""Fixtures of the security suite.

``held_world`` is one object of every group-owned kind in alice's group (みやこ試作ネット), made
through the services as the pages make them, so that the "already held" tests can try each of
them as dave, the coordinator of the other group, and as an anonymous visitor.

Other test modules of the suite may use these fixtures; add new ones under distinct names.
"""

import datetime as dt
import io
import uuid
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from renkei.conftest_helpers import CUSTOMER, STEP_BYTES, compose_test_quote, pdf_bytes

# Words that appear only inside alice's group's private objects: any page or answer that shows
# one of them to an outsider leaks.
SECRET_TITLE = "極秘シャフト案件"
SECRET_ARTICLE = "門外不出の研磨手順"
SECRET_COMMENT = "社内だけの相談メモ"
SECRET_NOTE = "支払い遅延あり要注意"
SECRETS = (SECRET_TITLE, SECRET_ARTICLE, SECRET_COMMENT, SECRET_NOTE)


def held_upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> Any:
    return SimpleUploadedFile(name, data, content_type=content_type)


def held_png(name: str = "photo.png", size: tuple[int, int] = (40, 30), fmt: str = "PNG") -> Any:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def held_form_data(**extra: Any) -> dict[str, Any]:
    """A complete inquiry window form (one line), as the browser posts it."""
    data: dict[str, Any] = {
        "submission_key": str(uuid.uuid4()),
        "customer_company": "株式会社ロケット工房",
        "contact_name": "宇宙 太郎",
        "email": "taro@rocket.example",
        "title": "アルミブラケット試作",
        "description": "A7075 のブラケットを 5 個。",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "1",
        "lines-MAX_NUM_FORMS": "20",
        "lines-0-part_name": "ブラケット",
        "lines-0-quantity": "5",
    }
    data.update(extra)
    return data


class _Markup(HTMLParser):
    """Collects what a browser would run or follow: event handler attributes, script text,
    and javascript: URLs."""

    URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data"})

    def __init__(self, marker: str) -> None:
        super().__init__(convert_charrefs=True)
        self.marker, self.found, self._in_script = marker, [], False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_script = tag == "script"
        for name, value in attrs:
            value = (value or "").strip()
            if name.startswith("on") and self.marker in value:
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in self.URL_ATTRIBUTES and value.lower().replace("\t", "").startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and self.marker in data:
            self.found.append(f"<script>{data[:60]}")


def held_live_markup(html: str, marker: str = "alert") -> list[str]:
    """Markup in ``html`` that would run ``marker`` (or follow a javascript: URL)."""
    parser = _Markup(marker)
    parser.feed(html)
    parser.close()
    return parser.found


def held_links_to(html: str, host: str) -> list[str]:
    """Links and form targets in ``html`` that lead to ``host``. A hidden ``next`` field may
    carry what was asked for, as Django's login does: it is checked when the form is posted."""
    found = []

    class Links(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            values = dict(attrs)
            for name in ("href", "action", "formaction", "src"):
                if host in (values.get(name) or ""):
                    found.append(f"<{tag} {name}={values[name]!r}>")

    Links().feed(html)
    return found


@dataclass
class World:
    """Everything made in alice's group, by kind; ids are what the URLs take."""

    group: Any
    inquiry: Any
    drawing: Any
    referral: Any
    comment: Any
    quote: Any
    order: Any
    open_inquiry: Any
    project: Any
    package: Any
    photo_event: Any
    development: Any
    element: Any
    team_member: Any
    funding: Any
    feed: Any
    article: Any
    question: Any
    answer: Any
    attachment: Any
    document: Any
    proposal: Any
    risk: Any
    endpoint: Any
    delivery: Any
    job: Any
    notice: Any
    token: Any
    membership: Any
    equipment: Any
    certification: Any
    hidden_photo: Any
    hidden_member: Any
    boundary_rule: Any
    money: Any = None  # settlement's objects (money_world)
    inspection: Any = None  # quality's receiving check (inspection_world)
    requirement: Any = None  # a certificate the group requires (capabilities.requirements)
    outsider: Any = None  # a person of the fourth circle, with opinions (cockpit)


def _requirement(group: Any) -> Any:
    from renkei.capabilities.models import CertificationStandard, GroupRequirement

    standard = CertificationStandard.objects.get(code="JIS Q 9100")
    return GroupRequirement.objects.create(group=group, standard=standard, industry="aerospace")


@pytest.fixture
def held_world(group, alice, bob, aoki, hidden_member, settings):
    from renkei.api.services import create_api_token
    from renkei.capabilities.models import Certification, Equipment, Process
    from renkei.cockpit.services.decisions import create_proposal
    from renkei.cockpit.services.levers import publish_document
    from renkei.cockpit.services.risks import add_risk
    from renkei.imports.models import ImportJob
    from renkei.inquiries import comments, referrals, replies
    from renkei.inquiries.models import BoundaryRule, LineStep
    from renkei.inquiries.services import stage_drawing, submit_inquiry
    from renkei.knowledge import parts
    from renkei.knowledge.services import Draft, create_article
    from renkei.notices.services import notify
    from renkei.orgs.models import CompanyPhoto, Membership
    from renkei.projects import claims, services
    from renkei.projects.models import WorkPackage
    from renkei.projects.progress import post_event
    from renkei.webhooks.services import create_endpoint, send_ping

    settings.RENKEI_WEBHOOK_ALLOW_PRIVATE = False
    key = uuid.uuid4()
    drawing = stage_drawing(group=group, key=key, upload=held_upload("A-100.pdf", pdf_bytes()))
    inquiry, _ = submit_inquiry(
        group=group,
        key=key,
        header=CUSTOMER | {"title": SECRET_TITLE, "description": "社外秘の図面です。"},
        lines=[{"part_name": "ブラケット", "quantity": 5}],
    )
    drawing.refresh_from_db()
    line = inquiry.lines.get()
    LineStep.objects.filter(line=line).delete()  # two known steps: two work packages
    for position, code in enumerate(["five_axis", "electroplating"], start=1):
        LineStep.objects.create(
            line=line, process=Process.objects.get(code=code), position=position
        )
    open_inquiry, _ = submit_inquiry(
        group=group,
        key=uuid.uuid4(),
        header=CUSTOMER | {"title": SECRET_TITLE + "（二件目）"},
        lines=[{"part_name": "シャフト", "quantity": 2}],
    )
    (referral,) = referrals.refer(actor=alice, inquiry=inquiry, companies=[aoki], reasons={})
    comment = comments.post_comment(
        actor=alice, inquiry=inquiry, body=SECRET_COMMENT, key=uuid.uuid4()
    )
    replies.post_message(actor=alice, inquiry=inquiry, body="ご依頼ありがとうございます。")
    quote = compose_test_quote(alice, inquiry, [("ブラケット", 5, 12000)], lead_days=20)
    replies.send_quote(actor=alice, quote=quote)
    order = replies.accept_quote(quote=quote)
    project, _ = services.start_order_project(actor=alice, order=order)
    services.publish_packages(actor=alice, project=project)
    package = WorkPackage.objects.filter(project=project).order_by("position").first()
    package = claims.claim_package(actor=bob, package=package, company=aoki)
    photo_event, _ = post_event(
        actor=bob,
        package=package,
        kind="photo",
        key="p1",
        photo=held_png("IMG_0001.jpg", fmt="JPEG").read(),
    )
    development = services.create_development_project(
        actor=alice, group=group, title="共同開発 " + SECRET_TITLE, goal="軽量化"
    )
    element = services.add_element(actor=alice, project=development, name="要素技術")
    team_member = services.add_team_member(
        actor=alice, project=development, company=aoki, role="member"
    )
    funding = services.add_funding(actor=alice, project=development, kind="own", name="自己資金")
    feed = services.feed_for(actor=bob, group=group, company=aoki)

    article = create_article(
        actor=alice,
        group=group,
        kind="manual",
        draft=Draft(title=SECRET_ARTICLE, body="番手を順に上げる。", visibility="group"),
    )
    attachment = parts.add_attachment(
        actor=alice, article=article, upload=held_png("step.png"), kind="image", caption=""
    )
    question = create_article(
        actor=bob,
        group=group,
        kind="question",
        draft=Draft(title=SECRET_ARTICLE + "の質問", body="どうすれば？", visibility="group"),
    )
    answer = parts.post_answer(actor=alice, article=question, body="こうします。", key=uuid.uuid4())

    document = publish_document(
        actor=alice, group=group, kind="mission", title="ミッション", body="社外秘の理念"
    )
    proposal = create_proposal(
        actor=alice,
        group=group,
        title="設備の共同購入",
        method="vote",
        quorum=1,
        deadline=timezone.now() + dt.timedelta(days=7),
    )
    risk = add_risk(
        actor=alice,
        group=group,
        category="vision",
        title="目的のずれ",
        likelihood=2,
        impact=3,
        review_on=timezone.localdate() + dt.timedelta(days=30),
    )
    endpoint = create_endpoint(
        actor=alice, group=group, url="https://93.184.215.14/hook", events=["inquiry.created"]
    )
    delivery = send_ping(actor=alice, endpoint=endpoint)
    job = ImportJob.objects.create(
        group=group, created_by=alice, kind="companies", original_name="members.csv"
    )
    (notice,) = notify(users=[alice], group=group, kind="test", text="お知らせ", link="/")
    token, _secret = create_api_token(actor=alice, name="alice's key")
    membership = Membership.objects.get(group=group, company=aoki)
    Membership.objects.filter(group=group).update(internal_note=SECRET_NOTE)
    equipment = Equipment.objects.filter(company=aoki).first()
    certification = Certification.objects.filter(company=aoki).first()
    certification.evidence = held_upload("cert.pdf", pdf_bytes())
    certification.evidence_name = "cert.pdf"
    certification.save()
    hidden_photo = CompanyPhoto.objects.create(
        company=hidden_member, image=held_png("shop.png"), original_name="shop.png"
    )
    world = World(
        group=group,
        inquiry=inquiry,
        drawing=drawing,
        referral=referral,
        comment=comment,
        quote=quote,
        order=order,
        open_inquiry=open_inquiry,
        project=project,
        package=package,
        photo_event=photo_event,
        development=development,
        element=element,
        team_member=team_member,
        funding=funding,
        feed=feed,
        article=article,
        question=question,
        answer=answer,
        attachment=attachment,
        document=document,
        proposal=proposal,
        risk=risk,
        endpoint=endpoint,
        delivery=delivery,
        job=job,
        notice=notice,
        token=token,
        membership=membership,
        equipment=equipment,
        certification=certification,
        hidden_photo=hidden_photo,
        hidden_member=hidden_member,
        boundary_rule=BoundaryRule.objects.create(group=group, kind="no_nda"),
    )
    world.money = money_world(world, alice, bob, aoki)
    world.inspection = inspection_world(world, alice)
    world.requirement = _requirement(group)
    from renkei.cockpit.models import CirclePerson

    world.outsider = CirclePerson.objects.create(group=group, circle="observer", name="外部 一郎")
    return world


def inspection_world(world: World, alice: Any) -> Any:
    """A rejected receiving check of alice's group's first package, with a photo and its
    corrective action (made directly: only the ids matter here)."""
    from types import SimpleNamespace

    from renkei.quality.models import CorrectiveAction, ReceivingCheck, ReceivingPhoto

    package = world.package
    check = ReceivingCheck.objects.create(
        package=package, result="rejected", quantity_received=5, quantity_rejected=1,
        defect_kind="surface", checked_by=alice,
    )  # fmt: skip
    photo = ReceivingPhoto(receiving_check=check)
    photo.image.save("p.jpg", held_png("IMG_0002.jpg", fmt="JPEG"), save=True)
    action = CorrectiveAction.objects.create(
        receiving_check=check, group=world.group, package=package, company=package.company,
        due_on=timezone.localdate(),
    )  # fmt: skip
    return SimpleNamespace(check=check, photo=photo, action=action)


def money_world(world: World, alice: Any, bob: Any, aoki: Any) -> Any:
    """The money of alice's group: the order settled from confirmation to payout, plus a
    trade between members, the capital ledger and a distribution (issue "Settlement")."""
    from types import SimpleNamespace

    from renkei.lib.houjin import make_corporate_number
    from renkei.settlement.choices import OrderState, StatementState
    from renkei.settlement.models import GroupSettlement, MemberBilling, OrderSettlement, Statement
    from renkei.settlement.services import distribution as settle_distribution
    from renkei.settlement.services import invoices as settle_invoices
    from renkei.settlement.services import orders as settle_orders
    from renkei.settlement.services import payments as settle_payments
    from renkei.settlement.services import payouts as settle_payouts
    from renkei.settlement.services import statements as settle_statements
    from renkei.settlement.services import trades as settle_trades

    group, today = world.group, timezone.localdate()
    bank = {"bank_name": "京都銀行", "bank_code": "0158", "branch_name": "西陣支店",
            "branch_code": "123", "account_number": "7654321"}  # fmt: skip
    GroupSettlement.objects.create(
        group=group, entity_form="kigyo_kumiai", legal_name="企業組合みやこ試作",
        registration_number="T" + make_corporate_number("123456789012"),
        zengin_requester_code="0000012345", account_holder_kana="ｷｷﾞﾖｳｸﾐｱｲ", **bank,
    )  # fmt: skip
    MemberBilling.objects.create(company=aoki, account_holder_kana="ｶ)ｱｵｷｾｲｺｳ", **bank)
    world.quote.lines.update(company=aoki)
    settlement = settle_orders.confirm_order(order=world.order, po_number="PO-1")
    (purchase_order,) = settle_orders.issue_purchase_orders(actor=alice, settlement=settlement)
    OrderSettlement.objects.filter(pk=settlement.pk).update(
        state=OrderState.ACCEPTED, delivered_at=timezone.now(), accepted_at=timezone.now()
    )
    settlement.refresh_from_db()
    (invoice,) = settle_invoices.issue_invoice(actor=alice, settlements=[settlement])
    (statement,) = settle_statements.issue_statements(actor=alice, group=group, month=today)
    payment = settle_payments.record_payment(
        actor=alice, group=group, received_on=today, amount_yen=1000, payer_name="ｶ)ﾃｽﾄ"
    )
    csv = f"取引日,入金額,振込依頼人\n{today:%Y/%m/%d},5000,ｶ)ﾃｽﾄ\n".encode()
    bank_import = settle_payments.import_bank_statement(
        actor=alice, group=group, data=csv, filename="bank.csv"
    ).bank_import
    Statement.objects.filter(pk=statement.pk).update(state=StatementState.CONFIRMED)
    statement.refresh_from_db()
    transfer = settle_payouts.make_transfer_file(
        actor=alice, group=group, transfer_on=today + dt.timedelta(days=3), statements=[statement]
    )
    trade = settle_trades.order_trade(
        actor=bob, group=group, buyer=aoki, seller=world.hidden_member,
        description="めっき", quantity=1, amount_yen=5000,
    )  # fmt: skip
    settle_distribution.record_capital(
        actor=alice, group=group, company=aoki, on=today, units=10, paid_in_yen=100000
    )
    computed = settle_distribution.compute_distribution(group, today.year - 1, 100000)
    distribution = settle_distribution.save_distribution(actor=alice, computed=computed)
    return SimpleNamespace(
        settlement=settlement, order=settlement, purchase_order=purchase_order, invoice=invoice,
        statement=statement, payment=payment, bank_import=bank_import, transfer=transfer,
        trade=trade, distribution=distribution, share=settlement.shares.first(),
        confirmation=settle_orders.order_confirmation(settlement),
    )  # fmt: skip


@pytest.fixture
def held_token_for():
    """The secret of a fresh API token for a user, as the token page shows it once."""
    from renkei.api.services import create_api_token

    def make(user: Any, name: str = "security suite") -> str:
        _token, secret = create_api_token(actor=user, name=name)
        return secret

    return make


@pytest.fixture
def held_english(client):
    """Messages asserted in English (the Japanese catalogue is checked elsewhere)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield client


__all__ = [
    "SECRETS", "STEP_BYTES", "World", "held_form_data", "held_links_to", "held_live_markup",
    "held_png", "held_upload",
]  # fmt: skip
