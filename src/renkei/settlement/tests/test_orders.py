"""Orders' money through the web: the customer's confirmation with its PO number and the
注文請書, the members' shares and fees, shares following reassigned packages, purchase orders
to members, delivery and 検収."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from renkei.conftest_helpers import login, pdf_bytes
from renkei.inquiries.models import Order
from renkei.projects import claims, progress, services
from renkei.projects.models import WorkPackage
from renkei.settlement.choices import OrderState, PurchaseOrderState, ShareState
from renkei.settlement.models import (
    DocumentEvent,
    IssuedDocument,
    MemberShare,
    OrderSettlement,
    PurchaseOrder,
)
from renkei.settlement.tests.conftest import sent_quote

pytestmark = pytest.mark.django_db


def confirm(client, quote, **data):
    token = quote.inquiry.tracking_token
    return client.post(
        reverse("inquiries:decide", args=[token]),
        {"revision": str(quote.revision), "decision": "accept", **data},
    )


@pytest.fixture
def quote(group, alice, aoki, sakura, terms, billing):
    return sent_quote(group, alice, aoki, sakura)


@pytest.fixture
def confirmed(client, quote) -> OrderSettlement:
    confirm(client, quote, po_number="RK-PO-0042", payer_kana="ｶ)ﾛｹﾂﾄｺｳﾎﾞｳ")
    return OrderSettlement.objects.get()


@pytest.fixture
def project(confirmed, alice):
    made, _created = services.start_order_project(actor=alice, order=confirmed.order)
    services.publish_packages(actor=alice, project=made)
    return made


def test_the_confirmation_step_shows_payment_terms_and_delivery(client, quote) -> None:
    page = client.get(quote.inquiry.get_tracking_url() + f"?order={quote.revision}")
    body = page.content.decode()
    assert page.status_code == 200
    assert "月末締め翌月末払い" in body
    assert quote.delivery_if_ordered_today.strftime("%Y-%m-%d") in body
    assert 'name="po_number"' in body and 'name="po_file"' in body and 'name="payer_kana"' in body


def test_customer_confirms_with_a_po_number_and_downloads_the_order_confirmation(
    client, quote
) -> None:
    response = confirm(client, quote, po_number="RK-PO-0042", payer_kana="ｶ)ﾛｹﾂﾄｺｳﾎﾞｳ")
    assert response.status_code == 302
    settlement = OrderSettlement.objects.get()
    assert settlement.customer_po_number == "RK-PO-0042"
    assert settlement.payer_kana == "ｶ)ﾛｹﾂﾄｺｳﾎﾞｳ"
    assert settlement.payment_terms == "月末締め翌月末払い"
    assert settlement.state == OrderState.CONFIRMED
    shares = list(settlement.shares.order_by("pk"))
    assert [(s.company.name, s.member_price_yen) for s in shares] == [
        ("株式会社青木精工", 60000),
        ("さくら鍍金工業", 15000),
    ]
    document = IssuedDocument.objects.get(kind="order_confirmation")
    assert document.total_yen == settlement.order.total_yen == quote.total
    assert document.issuer_company is None  # the group contracts (共同受注)
    assert "RK-PO-0042" in document.data["references"]
    page = client.get(quote.inquiry.get_tracking_url())
    link = reverse("settlement:customer_document", args=[quote.inquiry.tracking_token, document.pk])
    assert link in page.content.decode()
    pdf = client.get(link)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert DocumentEvent.objects.filter(document=document, kind="downloaded").count() == 1


def test_a_purchase_order_pdf_is_kept_with_the_order(client, quote) -> None:
    upload = SimpleUploadedFile("注文書.pdf", pdf_bytes(), content_type="application/pdf")
    confirm(client, quote, po_file=upload)
    settlement = OrderSettlement.objects.get()
    assert settlement.customer_po_file.read().startswith(b"%PDF")


def test_another_customers_token_does_not_open_the_document(
    client, confirmed, group, alice, aoki, sakura
) -> None:
    other = sent_quote(group, alice, aoki, sakura)
    document = IssuedDocument.objects.get(kind="order_confirmation")
    url = reverse("settlement:customer_document", args=[other.inquiry.tracking_token, document.pk])
    assert client.get(url).status_code == 404


def test_a_double_submit_makes_one_order(client, quote) -> None:
    confirm(client, quote, po_number="RK-1")
    confirm(client, quote, po_number="RK-1")
    assert Order.objects.count() == 1
    assert OrderSettlement.objects.count() == 1
    assert MemberShare.objects.count() == 2
    assert IssuedDocument.objects.filter(kind="order_confirmation").count() == 1


def test_a_file_that_is_not_a_pdf_is_refused_politely_and_nothing_is_lost(client, quote) -> None:
    upload = SimpleUploadedFile("注文書.pdf", b"this is no pdf", content_type="application/pdf")
    response = confirm(client, quote, po_number="RK-PO-0042", po_file=upload)
    body = response.content.decode()
    assert response.status_code == 400
    assert "PDFとして読み取れません" in body
    assert 'value="RK-PO-0042"' in body  # what was typed is kept
    assert not Order.objects.exists() and not OrderSettlement.objects.exists()
    quote.refresh_from_db()
    assert quote.is_open  # the customer can confirm again


def test_fee_shares_add_up_to_the_quotes_fee(client, group, alice, aoki, sakura, terms) -> None:
    quote = sent_quote(
        group,
        alice,
        aoki,
        sakura,
        lines=[("A", 3, 337, aoki), ("B", 7, 113, sakura), ("C", 1, 1009, aoki)],
    )
    confirm(client, quote)
    shares = list(OrderSettlement.objects.get().shares.all())
    assert sum(s.fee_yen for s in shares) == quote.fee
    assert sum(s.member_price_yen for s in shares) == quote.subtotal


def test_a_line_without_a_member_is_assigned_by_the_coordinator(
    client, group, alice, aoki, sakura, terms
) -> None:
    quote = sent_quote(group, alice, aoki, sakura, lines=[("A", 1, 1000), ("B", 1, 500, sakura)])
    confirm(client, quote)
    settlement = OrderSettlement.objects.get()
    assert settlement.shares.count() == 1
    login(client, alice)
    page = client.get(reverse("settlement:order", args=[group.slug, settlement.pk]))
    assert "メンバーを割り当ててください" in page.content.decode()
    line = quote.lines.get(description="A")
    client.post(
        reverse("settlement:order", args=[group.slug, settlement.pk]),
        {"action": "assign", "line": line.pk, "company": aoki.pk},
    )
    assert settlement.shares.get(quote_line=line).company == aoki
    assert sum(s.fee_yen for s in settlement.shares.all()) == quote.fee


def test_a_reassigned_package_moves_its_share_until_the_new_admin_confirms(
    client, confirmed, project, hana, bob, sakura
) -> None:
    machining = WorkPackage.objects.get(project=project, position=1)
    share = MemberShare.objects.get(package=machining)
    assert share.company.name == "株式会社青木精工" and share.member_price_yen == 60000
    claims.claim_package(actor=hana, package=machining, company=sakura)
    share.refresh_from_db()
    assert share.state == ShareState.MOVED
    moved = MemberShare.objects.get(package=machining, state=ShareState.PROPOSED)
    assert moved.company == sakura and moved.member_price_yen == 60000
    login(client, bob)
    assert "60000" not in client.get(reverse("settlement:prices", args=["miyako"])).content.decode()
    client.logout()
    login(client, hana)
    prices = reverse("settlement:prices", args=["miyako"])
    assert 'value="60000"' in client.get(prices).content.decode()
    client.post(prices, {"share": moved.pk, "price": "58000"})
    moved.refresh_from_db()
    assert moved.state == ShareState.ACTIVE and moved.member_price_yen == 58000
    assert moved.fee_yen == 60000 + 6000 - 58000  # the customer's price stays


def _issue(client, alice, settlement):
    login(client, alice)
    url = reverse("settlement:order", args=[settlement.group.slug, settlement.pk])
    response = client.post(url, {"action": "purchase_orders"}, follow=True)
    client.logout()
    return response


def test_members_admins_accept_their_purchase_orders_staff_and_others_cannot(
    client, confirmed, alice, bob, hana, emi, dave
) -> None:
    _issue(client, alice, confirmed)
    assert PurchaseOrder.objects.count() == 2
    sakura_po = PurchaseOrder.objects.get(company__name="さくら鍍金工業")
    aoki_po = PurchaseOrder.objects.get(company__name="株式会社青木精工")
    answer = reverse("settlement:purchase_order_answer", args=["miyako", sakura_po.pk])
    login(client, emi)
    listing = client.get(reverse("settlement:purchase_orders", args=["miyako"])).content.decode()
    assert sakura_po.document.number in listing and aoki_po.document.number not in listing
    assert client.post(answer, {"answer": "accept"}).status_code == 403
    client.logout()
    login(client, dave)
    assert client.post(answer, {"answer": "accept"}).status_code == 404
    client.logout()
    login(client, bob)  # aoki's admin: not sakura's purchase order
    assert client.post(answer, {"answer": "accept"}).status_code == 404
    client.post(
        reverse("settlement:purchase_order_answer", args=["miyako", aoki_po.pk]),
        {"answer": "accept"},
    )
    client.logout()
    sakura_po.refresh_from_db()
    assert sakura_po.state == PurchaseOrderState.SENT
    confirmed.refresh_from_db()
    assert confirmed.state == OrderState.CONFIRMED
    login(client, hana)
    pdf = client.get(reverse("settlement:purchase_order_pdf", args=["miyako", sakura_po.pk]))
    assert pdf.status_code == 200
    client.post(answer, {"answer": "accept"})
    confirmed.refresh_from_db()
    assert confirmed.state == OrderState.IN_WORK


def test_a_decline_needs_a_reason(client, confirmed, alice, hana) -> None:
    _issue(client, alice, confirmed)
    po = PurchaseOrder.objects.get(company__name="さくら鍍金工業")
    login(client, hana)
    url = reverse("settlement:purchase_order_answer", args=["miyako", po.pk])
    client.post(url, {"answer": "decline"})
    po.refresh_from_db()
    assert po.state == PurchaseOrderState.SENT
    client.post(url, {"answer": "decline", "reason": "めっき槽の改修中"})
    po.refresh_from_db()
    assert po.state == PurchaseOrderState.DECLINED and po.decline_reason == "めっき槽の改修中"


def test_member_terms_beyond_60_days_are_refused(client, confirmed, alice, terms) -> None:
    terms.member_pay_months = 2  # 月末締め翌々月末払い: up to 92 days after receipt
    terms.save()
    # Received on the 1st of a month: paid at the end of the month after next, 89–91 days
    # later. (Received on 31 December it would be 28 February, the 60th day, and allowed.)
    first = (timezone.localdate().replace(day=1) + dt.timedelta(days=62)).replace(day=1)
    Order.objects.filter(pk=confirmed.order_id).update(delivery_on=first)
    confirmed.refresh_from_db()
    response = _issue(client, alice, confirmed)
    assert "60日" in response.content.decode()
    assert not PurchaseOrder.objects.exists()
    assert not IssuedDocument.objects.filter(kind="purchase_order").exists()


def _ship_all(project, bob, hana, aoki, sakura):
    first, second = WorkPackage.objects.filter(project=project).order_by("position")
    claims.claim_package(actor=bob, package=first, company=aoki)
    claims.claim_package(actor=hana, package=second, company=sakura)
    progress.post_event(actor=bob, package=first, kind="shipped")
    return second


def test_shipping_the_last_package_delivers_and_the_customer_accepts(
    client, confirmed, project, bob, hana, aoki, sakura
) -> None:
    last = _ship_all(project, bob, hana, aoki, sakura)
    confirmed.refresh_from_db()
    assert confirmed.state == OrderState.CONFIRMED  # the plating still has to ship
    progress.post_event(actor=hana, package=last, kind="shipped")
    confirmed.refresh_from_db()
    assert confirmed.state == OrderState.DELIVERED and confirmed.delivered_at is not None
    token = confirmed.order.inquiry.tracking_token
    url = reverse("settlement:customer_accept", args=[token])
    assert url in client.get(confirmed.order.inquiry.get_tracking_url()).content.decode()
    assert client.get(url).status_code == 200
    client.post(url)
    client.post(url)  # twice is once
    confirmed.refresh_from_db()
    assert confirmed.state == OrderState.ACCEPTED and confirmed.accepted_by_customer
    assert confirmed.invoiceable


def test_the_coordinator_accepts_the_delivery(
    client, confirmed, project, alice, bob, hana, aoki, sakura, kei
) -> None:
    last = _ship_all(project, bob, hana, aoki, sakura)
    progress.post_event(actor=hana, package=last, kind="shipped")
    url = reverse("settlement:order", args=["miyako", confirmed.pk])
    login(client, kei)  # the accountant reads the books but does not accept deliveries
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "accept"}).status_code == 403
    client.logout()
    login(client, alice)
    client.post(url, {"action": "accept"})
    client.post(url, {"action": "accept"})
    confirmed.refresh_from_db()
    assert confirmed.state == OrderState.ACCEPTED and confirmed.accepted_by == alice


def test_accepting_before_delivery_is_refused(client, confirmed, alice) -> None:
    login(client, alice)
    url = reverse("settlement:order", args=["miyako", confirmed.pk])
    page = client.post(url, {"action": "accept"}, follow=True)
    assert "出荷" in page.content.decode()
    confirmed.refresh_from_db()
    assert confirmed.state == OrderState.CONFIRMED


def test_who_sees_an_order(client, confirmed, alice, bob, emi, dave, carol) -> None:
    detail = reverse("settlement:order", args=["miyako", confirmed.pk])
    listing = reverse("settlement:orders", args=["miyako"])
    login(client, alice)
    assert "¥60,000" in client.get(detail).content.decode()
    assert confirmed.order.inquiry.reference in client.get(listing).content.decode()
    client.logout()
    login(client, emi)  # sakura's staff: its own share only
    body = client.get(detail).content.decode()
    assert "¥15,000" in body and "¥60,000" not in body
    client.logout()
    for outsider in (dave, carol):
        login(client, outsider)
        assert client.get(detail).status_code == 404
        client.logout()
    login(client, dave)
    other = reverse("settlement:order", args=["hokko", confirmed.pk])
    assert client.get(other).status_code == 404


def test_the_coordinator_overrides_the_mode_before_purchase_orders(
    client, confirmed, alice
) -> None:
    login(client, alice)
    url = reverse("settlement:order", args=["miyako", confirmed.pk])
    client.post(url, {"action": "mode", "mode": "brokered"})
    confirmed.refresh_from_db()
    assert confirmed.mode == "brokered"
    response = client.post(url, {"action": "purchase_orders"}, follow=True)
    assert not PurchaseOrder.objects.exists()
    assert response.status_code == 200
