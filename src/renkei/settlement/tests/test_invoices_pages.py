"""The invoice pages: the books issue and credit, members see their own, the customer opens its
invoice through its tracking link; an issued invoice refuses every change (service, pages,
admin)."""

import datetime as dt
import time

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from renkei.conftest_helpers import login_with_second_factor
from renkei.core.models import AuditEntry
from renkei.lib.documents import DocumentKind
from renkei.settlement.choices import DocumentEventKind, OrderState, SettlementMode
from renkei.settlement.models import (
    DocumentEvent,
    FrozenDocument,
    IssuedDocument,
    Payment,
    PaymentAllocation,
)
from renkei.settlement.services.invoices import issue_invoice
from renkei.settlement.tests.conftest import PASSWORD
from renkei.settlement.tests.invoice_factory import accepted

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


def test_the_coordinator_confirms_then_issues_an_invoice(client, alice, accepted_settlement):
    _login(client, alice)
    listing = client.get(reverse("settlement:invoices", args=["miyako"]))
    assert listing.status_code == 200
    assert f"issue-{accepted_settlement.pk}" in listing.content.decode()
    url = reverse("settlement:issue_invoice", args=["miyako", accepted_settlement.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "¥90,750" in page and "企業組合みやこ試作" in page
    assert not IssuedDocument.objects.exists()  # the confirmation step issues nothing
    done = client.post(url, {"orders": [accepted_settlement.pk]})
    invoice = IssuedDocument.objects.get()
    assert done.status_code == 302
    assert done["Location"] == reverse("settlement:invoice", args=["miyako", invoice.pk])
    detail = client.get(done["Location"])
    assert invoice.number in detail.content.decode()
    again = client.post(url, {"orders": [accepted_settlement.pk]})
    assert again.status_code == 302 and IssuedDocument.objects.count() == 1


def test_downloads_are_recorded(client, alice, accepted_settlement):
    [invoice] = issue_invoice(actor=alice, settlements=[accepted_settlement])
    _login(client, alice)
    pdf = client.get(reverse("settlement:invoice_pdf", args=["miyako", invoice.pk]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content)[:5] == b"%PDF-"
    xml = client.get(reverse("settlement:invoice_xml", args=["miyako", invoice.pk]))
    assert b"<Invoice" in b"".join(xml.streaming_content) or xml.status_code == 200
    assert (
        DocumentEvent.objects.filter(document=invoice, kind=DocumentEventKind.DOWNLOADED).count()
        == 2
    )
    assert AuditEntry.objects.filter(action="settlement.document.download").count() == 2


def test_the_state_filter_uses_the_payments(client, alice, aoki, terms, accepted_settlement):
    [paid] = issue_invoice(actor=alice, settlements=[accepted_settlement])
    late = accepted(group=accepted_settlement.group, actor=alice, lines=[("X", 1, 1000, aoki)])
    [overdue] = issue_invoice(actor=alice, settlements=[late], issued_on=dt.date(2025, 1, 10))
    payment = Payment.objects.create(
        group=accepted_settlement.group,
        received_on=timezone.localdate(),
        amount_yen=paid.total_yen,
        payer_name="ﾛｹﾂﾄｺｳﾎﾞｳ",
        source="manual",
    )
    PaymentAllocation.objects.create(payment=payment, document=paid, amount_yen=paid.total_yen)
    # The overdue one is due a month after its 検収 today: make it overdue by its due date.
    assert overdue.due_on is not None
    _login(client, alice)
    url = reverse("settlement:invoices", args=["miyako"])

    def numbers(state):
        page = client.get(url, {"state": state}).content.decode()
        return {d.number for d in (paid, overdue) if f"document-{d.pk}" in page}

    assert numbers("paid") == {paid.number}
    assert numbers("unpaid") == {overdue.number}
    assert numbers("") == {paid.number, overdue.number}


def test_a_credit_note_from_the_page_and_its_limit(client, alice, accepted_settlement):
    [invoice] = issue_invoice(actor=alice, settlements=[accepted_settlement])
    _login(client, alice)
    url = reverse("settlement:credit_note", args=["miyako", invoice.pk])
    client.cookies["django_language"] = "ja"
    too_much = client.post(
        url, {"amount_yen": "90000", "reason": "返品"}, HTTP_ACCEPT_LANGUAGE="ja"
    )
    assert too_much.status_code == 400
    assert not IssuedDocument.objects.filter(kind=DocumentKind.CREDIT_NOTE).exists()
    zero = client.post(url, {"amount_yen": "0", "reason": "返品"}, HTTP_ACCEPT_LANGUAGE="ja")
    assert zero.status_code == 400
    done = client.post(url, {"amount_yen": "5000", "reason": "傷あり"})
    credit = IssuedDocument.objects.get(kind=DocumentKind.CREDIT_NOTE)
    assert done.status_code == 302 and credit.corrects == invoice and credit.total_yen == 5500


def test_members_see_only_documents_they_issued_or_received(
    client, group, alice, bob, hana, aoki, sakura, terms, billing
):
    terms.mode = SettlementMode.BROKERED
    terms.save(update_fields=["mode"])
    order = accepted(
        group, alice, [("切削", 1, 10000, aoki), ("めっき", 1, 2000, sakura)],
        mode=SettlementMode.BROKERED,
    )  # fmt: skip
    documents = issue_invoice(actor=alice, settlements=[order])
    mine = {d.pk for d in documents if aoki.pk in (d.issuer_company_id, d.recipient_company_id)}
    assert len(mine) == 2  # aoki's invoice and the group's fee invoice to aoki
    _login(client, bob)
    page = client.get(reverse("settlement:invoices", args=["miyako"])).content.decode()
    for document in documents:
        assert (f"document-{document.pk}" in page) == (document.pk in mine)
    assert "to-invoice" not in page  # no issuing for a member
    others = [d for d in documents if d.pk not in mine]
    assert (
        client.get(reverse("settlement:invoice", args=["miyako", others[0].pk])).status_code == 404
    )
    assert (
        client.get(reverse("settlement:invoice_pdf", args=["miyako", others[0].pk])).status_code
        == 404
    )


def test_other_groups_and_supporters_see_nothing(client, dave, carol, alice, accepted_settlement):
    [invoice] = issue_invoice(actor=alice, settlements=[accepted_settlement])
    for user in (dave, carol):
        _login(client, user)
        for name, args in [
            ("settlement:invoices", ["miyako"]),
            ("settlement:invoice", ["miyako", invoice.pk]),
            ("settlement:invoice_pdf", ["miyako", invoice.pk]),
            ("settlement:credit_note", ["miyako", invoice.pk]),
            ("settlement:issue_invoice", ["miyako", accepted_settlement.pk]),
        ]:
            assert client.get(reverse(name, args=args)).status_code == 404, (user, name)
    _login(client, dave)
    assert client.get(reverse("settlement:invoice", args=["hokko", invoice.pk])).status_code == 404


def test_the_customer_opens_its_invoice_through_the_tracking_page(
    client, alice, aoki, accepted_settlement
):
    [invoice] = issue_invoice(actor=alice, settlements=[accepted_settlement])
    inquiry = accepted_settlement.order.inquiry
    page = client.get(inquiry.get_tracking_url()).content.decode()
    link = reverse("settlement:customer_document", args=[inquiry.tracking_token, invoice.pk])
    assert link in page and invoice.number in page
    pdf = client.get(link)
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content)[:5] == b"%PDF-"
    assert DocumentEvent.objects.filter(
        document=invoice, kind=DocumentEventKind.DOWNLOADED
    ).exists()
    # Another customer's token does not open this invoice, nor does a wrong token.
    other = accepted(accepted_settlement.group, alice, [("X", 1, 1000, aoki)], email="o@x.example")
    other_token = other.order.inquiry.tracking_token
    assert (
        client.get(
            reverse("settlement:customer_document", args=[other_token, invoice.pk])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("settlement:customer_document", args=["not-a-token", invoice.pk])
        ).status_code
        == 404
    )


def test_the_portal_lists_each_orders_invoices(client, alice, accepted_settlement):
    from renkei.portal import session

    [invoice] = issue_invoice(actor=alice, settlements=[accepted_settlement])
    request_session = client.session
    request_session[session.SESSION_KEY] = {
        "email": "taro@rocket.example",
        "until": time.time() + 600,
    }
    request_session.save()
    page = client.get(reverse("portal:portal")).content.decode()
    inquiry = accepted_settlement.order.inquiry
    assert invoice.number in page
    assert (
        reverse("settlement:customer_document", args=[inquiry.tracking_token, invoice.pk]) in page
    )


# --- frozen ---------------------------------------------------------------------------------


def test_an_issued_invoice_refuses_every_change(client, alice, accepted_settlement):
    [invoice] = issue_invoice(actor=alice, settlements=[accepted_settlement])
    invoice.total_yen = 1
    with pytest.raises(FrozenDocument):
        invoice.save()
    with pytest.raises(FrozenDocument):
        IssuedDocument.objects.filter(pk=invoice.pk).update(total_yen=1)
    with pytest.raises(FrozenDocument):
        invoice.delete()
    with pytest.raises(FrozenDocument):
        IssuedDocument.objects.filter(pk=invoice.pk).delete()
    _login(client, alice)
    detail = reverse("settlement:invoice", args=["miyako", invoice.pk])
    assert client.post(detail, {"total_yen": "1"}).status_code == 405
    assert client.post(detail + "edit", {"total_yen": "1"}).status_code == 404
    pdf = reverse("settlement:invoice_pdf", args=["miyako", invoice.pk])
    assert client.post(pdf).status_code == 405
    invoice.refresh_from_db()
    assert invoice.total_yen == 90750
    assert accepted_settlement.__class__.objects.get(pk=accepted_settlement.pk).state == (
        OrderState.INVOICED
    )


def test_the_admin_shows_an_issued_invoice_read_only(client, alice, accepted_settlement):
    [invoice] = issue_invoice(actor=alice, settlements=[accepted_settlement])
    operator = get_user_model().objects.create_superuser(
        username="root", password=PASSWORD, email="root@example.com"
    )
    login_with_second_factor(client, operator)
    change = reverse("admin:settlement_issueddocument_change", args=[invoice.pk])
    page = client.get(change)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    posted = client.post(change, {"total_yen": "1", "_save": "Save"})
    assert posted.status_code == 403
    add = client.get(reverse("admin:settlement_issueddocument_add"))
    assert add.status_code == 403
    delete = client.post(
        reverse("admin:settlement_issueddocument_delete", args=[invoice.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    invoice.refresh_from_db()
    assert invoice.total_yen == 90750
    listing = client.get(reverse("admin:settlement_issueddocument_changelist"))
    assert invoice.number.encode() in listing.content
    terms = reverse(
        "admin:settlement_groupsettlement_change", args=[accepted_settlement.group.settlement.pk]
    )
    assert b'name="_save"' in client.get(terms).content
