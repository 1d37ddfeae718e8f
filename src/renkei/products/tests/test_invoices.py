"""The qualified invoice of a shipped product order, issued through settlement's numbering and
frozen documents: tax per rate out of tax-inclusive prices, the customer's download from the
tracking page, the coordinator's books and archive."""

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from renkei.conftest_helpers import login
from renkei.core.models import AuditEntry
from renkei.lib import retail
from renkei.lib.documents import Line, from_dict
from renkei.lib.money import tax_by_rate, tax_included_by_rate
from renkei.products import invoicing, services
from renkei.products.models import ProductOrder
from renkei.settlement.choices import DocumentEventKind, SettlementMode
from renkei.settlement.models import FrozenDocument, GroupSettlement, IssuedDocument
from renkei.settlement.services import payments
from renkei.settlement.services.invoices import issue_credit_note, issue_invoice
from renkei.settlement.tests.conftest import GROUP_T_NUMBER
from renkei.settlement.tests.invoice_factory import accepted

pytestmark = pytest.mark.django_db


def _order(mug, quantity, *, named=True, company="株式会社ロケット工房"):
    order, _new = services.submit_order(
        product=mug,
        key=uuid.uuid4(),
        quantity=quantity,
        options=list(mug.options.all()) if named else [],
        who=services.Customer(
            customer_name="宇宙 太郎", customer_company=company, email="taro@rocket.example",
            postal_code="959-1200", address="新潟県燕市吉田 1-2-3",
        ),
    )  # fmt: skip
    return order


def _ship(alice, order):
    services.confirm_order(actor=alice, order=order)
    return services.ship_order(actor=alice, order=order)


def test_a_shipped_order_gets_its_qualified_invoice_with_the_tax_it_stored(alice, mug, group_terms):
    # 30 mugs at ¥5,500 with the ¥550 名入れ: ¥181,500 incl. tax, of which ¥16,500 tax.
    order = _ship(alice, _order(mug, 30))
    [invoice] = order.invoices.all()
    assert invoice.kind == "invoice" and invoice.issuer_company is None
    assert invoice.number.startswith("INV") and invoice.sequence == 1
    assert (invoice.total_yen, invoice.tax_yen, invoice.net_yen) == (181_500, 16_500, 165_000)
    assert invoice.total_yen == order.total_yen and invoice.tax_yen == order.tax_yen
    document = from_dict(invoice.data)
    assert document.issuer.registration_number == GROUP_T_NUMBER
    assert document.issuer.name == "企業組合みやこ試作"
    assert document.recipient.name == "株式会社ロケット工房"
    # The mug and its option as lines of their own, tax-inclusive, one rate's total.
    assert [(line.quantity, int(line.unit_price), line.amount) for line in document.lines] == [
        (30, 5_500, 165_000),
        (30, 550, 16_500),
    ]
    assert [(t.rate, t.taxable, t.tax) for t in document.totals] == [(10, 165_000, 16_500)]
    shipped_on = timezone.localdate(order.shipped_at)
    assert document.period_start == document.period_end == document.issued_on == shipped_on
    assert AuditEntry.objects.filter(action="product.order_invoice", object_id=order.pk).exists()


def test_the_tax_is_rounded_once_on_the_rate_total_not_per_line(alice, mug, group_terms):
    # ¥1,000 and a ¥100 option: per line ¥90 + ¥9 = ¥99; once on ¥1,100 it is ¥100, as the
    # order stored it (切り捨て on the total).
    mug.price_yen = 1_000
    mug.save()
    mug.options.update(price_delta_yen=100)
    order = _ship(alice, _order(mug, 1))
    [invoice] = order.invoices.all()
    lines = from_dict(invoice.data).lines
    assert order.tax_yen == retail.tax_included(1_100, 10) == 100
    assert invoice.tax_yen == 100 and invoice.total_yen == 1_100
    assert sum(retail.tax_included(line.amount, 10) for line in lines) == 99


def test_tax_included_by_rate_agrees_with_the_retail_tax_for_every_price():
    # The invoice's tax taken out of a 税込 total, rounded down, is the order's tax to the yen
    # (including ¥21 at 10 %, where before-tax arithmetic would make it ¥2), at both rates.
    for rate in (10, 8):
        for price in range(0, 3_000):
            [total] = tax_included_by_rate([Line("x", 1, price, price, rate)])
            assert total.tax == retail.tax_included(price, rate)
            assert total.taxable + total.tax == price
    assert tax_by_rate([Line("x", 1, 20, 20, 10)])[0].tax == 2


def test_product_invoices_share_the_groups_invoice_sequence_without_gaps(
    alice, aoki, mug, group_terms
):
    job = accepted(group_terms.group, alice, [("切削", 1, 10_000, aoki)])
    [first] = issue_invoice(actor=alice, settlements=[job])
    second = _ship(alice, _order(mug, 2)).invoices.get()
    third = _ship(alice, _order(mug, 3)).invoices.get()
    numbers = [d.sequence for d in (first, second, third)]
    assert numbers == [1, 2, 3]
    assert {d.issuer_key for d in (first, second, third)} == {first.issuer_key}
    assert [d.number[-5:] for d in (first, second, third)] == ["00001", "00002", "00003"]


def test_shipping_twice_or_invoicing_again_issues_one_invoice(alice, mug, group_terms):
    order = _ship(alice, _order(mug, 5))
    services.ship_order(actor=alice, order=order)
    again = invoicing.invoice_order(actor=alice, order=order)
    assert IssuedDocument.objects.count() == 1
    assert again == list(order.invoices.all())


def test_the_invoice_is_frozen_and_its_pdf_is_drawn_from_the_frozen_data(
    client, alice, mug, group_terms
):
    order = _ship(alice, _order(mug, 30))
    invoice = order.invoices.get()
    invoice.total_yen = 1
    with pytest.raises(FrozenDocument):
        invoice.save()
    with pytest.raises(FrozenDocument):
        IssuedDocument.objects.filter(pk=invoice.pk).update(total_yen=1)
    # The product's price changes afterwards: the invoice does not.
    mug.price_yen = 9_999
    mug.name = "新しい名前"
    mug.save()
    response = client.get(reverse("products:invoice_pdf", args=[order.tracking_token, invoice.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(_stream(response))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "鏡面ビアマグ" in text and "新しい名前" not in text
    assert "181,500" in text and "16,500" in text and "金額（税込）" in text
    assert GROUP_T_NUMBER in text
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("IPAex" in name for name in fonts)
    # A tax-inclusive invoice is not a JP PINT e-invoice (see settlement.services.issue).
    assert not IssuedDocument.objects.get(pk=invoice.pk).xml


def _stream(response):
    import io

    return io.BytesIO(b"".join(response.streaming_content))


def test_the_customer_opens_the_invoice_from_the_tracking_page_and_it_is_recorded(
    client, alice, mug, group_terms
):
    order = _ship(alice, _order(mug, 30))
    invoice = order.invoices.get()
    page = client.get(order.get_tracking_url(), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    url = reverse("products:invoice_pdf", args=[order.tracking_token, invoice.pk])
    assert url in page and invoice.number in page
    response = client.get(url)
    assert response.status_code == 200
    b"".join(response.streaming_content)
    assert invoice.events.filter(kind=DocumentEventKind.DOWNLOADED).count() == 1
    assert AuditEntry.objects.filter(
        action="settlement.document.download", object_id=invoice.pk
    ).exists()


def test_a_wrong_token_or_another_orders_invoice_is_404(client, alice, mug, group_terms):
    mine = _ship(alice, _order(mug, 2))
    other = _ship(alice, _order(mug, 3, company="ひかり電機株式会社"))
    theirs = other.invoices.get()
    assert client.get(f"/o/wrong-token/invoices/{theirs.pk}.pdf").status_code == 404
    assert client.get(f"/o/{mine.tracking_token}/invoices/{theirs.pk}.pdf").status_code == 404
    assert not theirs.events.filter(kind=DocumentEventKind.DOWNLOADED).exists()


def test_the_coordinator_sees_the_invoice_and_another_group_gets_404(
    client, group, alice, dave, mug, group_terms
):
    order = _ship(alice, _order(mug, 30))
    invoice = order.invoices.get()
    login(client, alice)
    manage = reverse("products:manage_order", args=[group.slug, order.pk])
    page = client.get(manage, HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert invoice.number in page
    assert reverse("settlement:invoice_pdf", args=[group.slug, invoice.pk]) in page
    detail = client.get(reverse("settlement:invoice", args=[group.slug, invoice.pk]))
    assert detail.status_code == 200
    login(client, dave)
    assert client.get(manage).status_code == 404
    pdf = client.get(reverse("settlement:invoice_pdf", args=[group.slug, invoice.pk]))
    assert pdf.status_code == 404


def test_the_archive_finds_the_invoice_by_counterparty(client, group, alice, mug, group_terms):
    order = _ship(alice, _order(mug, 30))
    invoice = order.invoices.get()
    login(client, alice)
    response = client.get(
        reverse("settlement:archive", args=[group.slug]),
        {"counterparty": "ﾛｹｯﾄ", "date_from": f"{timezone.localdate():%Y-%m-%d}"},
        HTTP_ACCEPT_LANGUAGE="ja",
    )
    assert response.status_code == 200
    assert {d.number for d in response.context["page"].object_list} == {invoice.number}


def test_the_invoice_is_a_receivable_matched_by_a_payment(alice, group, mug, group_terms):
    order = _ship(alice, _order(mug, 30))
    invoice = order.invoices.get()
    assert [b.document for b in payments.open_balances(group)] == [invoice]
    payments.record_payment(
        actor=alice, group=group, received_on=timezone.localdate(), amount_yen=181_500,
        payer_name="ｶ)ﾛｹｯﾄｺｳﾎﾞｳ", allocations=[(invoice, 181_500)],
    )  # fmt: skip
    assert payments.open_balances(group) == []


def test_a_credit_note_of_a_product_invoice_is_before_tax(alice, mug, group_terms):
    invoice = _ship(alice, _order(mug, 30)).invoices.get()
    credit = issue_credit_note(actor=alice, invoice=invoice, amount_yen=5_000, reason="破損 1 個")
    assert (credit.net_yen, credit.tax_yen) == (5_000, 500)
    assert "prices_include_tax" not in credit.data["extra"]


def test_without_settlement_terms_no_invoice_and_a_note_for_the_coordinator(
    client, group, alice, mug
):
    order = _ship(alice, _order(mug, 30))
    assert order.status == "shipped" and not order.invoices.exists()
    assert AuditEntry.objects.filter(action="product.order_not_invoiced").exists()
    login(client, alice)
    manage = reverse("products:manage_order", args=[group.slug, order.pk])
    page = client.get(manage, HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert 'id="invoice-note"' in page and "決済の条件" in page
    # Refused again while there are still no terms, then issued once they are saved.
    act = reverse("products:order_action", args=[group.slug, order.pk])
    client.post(act, {"action": "invoice"})
    assert not order.invoices.exists()
    GroupSettlement.objects.create(group=group, legal_name="企業組合みやこ試作")
    client.post(act, {"action": "invoice"})
    client.post(act, {"action": "invoice"})
    assert ProductOrder.objects.get(pk=order.pk).invoices.count() == 1


def test_in_introduction_mode_each_maker_invoices_its_units(alice, aoki, sakura, mug, group):
    from renkei.settlement.models import MemberBilling

    GroupSettlement.objects.create(group=group, mode=SettlementMode.BROKERED)
    MemberBilling.objects.create(company=aoki, legal_name="株式会社青木精工")
    MemberBilling.objects.create(company=sakura, legal_name="さくら鍍金工業株式会社")
    order = services.confirm_order(actor=alice, order=_order(mug, 31))
    # Its packages were offered to the makers: 16 to aoki, 15 to sakura.
    services.ship_order(actor=alice, order=order)
    invoices = list(order.invoices.order_by("pk"))
    assert [(d.issuer_company, d.total_yen) for d in invoices] == [
        (aoki, 16 * 6_050),
        (sakura, 15 * 6_050),
    ]
    assert {d.sequence for d in invoices} == {1}  # each member's own sequence


def test_a_bank_statement_row_of_the_amount_pays_the_product_invoice(
    alice, group, mug, group_terms
):
    # The order form asks no payer kana, so the row is matched by the amount alone (the only
    # open invoice of ¥181,500), as settlement matches any invoice whose payer is unknown.
    invoice = _ship(alice, _order(mug, 30)).invoices.get()
    today = timezone.localdate()
    csv = f"日付,金額,振込依頼人\n{today:%Y-%m-%d},181500,ｶ)ﾛｹｯﾄｺｳﾎﾞｳ\n".encode()
    result = payments.import_bank_statement(
        actor=alice, group=group, data=csv, filename="nyukin.csv"
    )
    assert [m.item_id for m in result.matches if m.item_id] == [invoice.pk]
    assert payments.open_balances(group) == []


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_the_customer_is_mailed_once_when_the_order_ships_with_where_the_invoice_is(
    alice, mug, group_terms, smtp, settings
):
    import email
    from email import policy

    from renkei.conftest_helpers import run_worker

    settings.RENKEI_BASE_URL = "https://renkei.example.jp"
    order = _order(mug, 30)
    run_worker()  # the acknowledgement
    _ship(alice, order)
    services.ship_order(actor=alice, order=order)  # shipping twice mails once
    run_worker()
    subjects = []
    for rcpt, body in smtp.messages:
        if rcpt == ["taro@rocket.example"]:
            raw = body.encode("utf-8")
            subjects.append(email.message_from_bytes(raw, policy=policy.default))
    [shipped] = [m for m in subjects if "発送" in m["Subject"]]
    text = shipped.get_body().get_content()
    assert order.reference in shipped["Subject"]
    assert "請求書（適格請求書）" in text
    assert f"https://renkei.example.jp{order.get_tracking_url()}" in text
    assert len(subjects) == 2  # the acknowledgement, then the shipment
