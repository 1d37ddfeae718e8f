"""Trade between members (仲間まわし): ordered, answered by the seller's admin, delivered, then
settled like a joint order — on the seller's statement, invoiced to the buyer — and counted
apart from the sales to customers."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from renkei.lib.documents import DocumentKind
from renkei.settlement.choices import PurchaseOrderState
from renkei.settlement.models import IssuedDocument, MemberTrade
from renkei.settlement.services.statements import issue_statements
from renkei.settlement.services.trades import trade_totals

pytestmark = pytest.mark.django_db


def _order(client, group, sakura, **extra):
    data = {
        "seller": sakura.pk,
        "description": "無電解ニッケルめっき 10μm",
        "quantity": 20,
        "amount_yen": 40000,
        "tax_rate": 10,
        "due_on": (timezone.localdate() + dt.timedelta(days=10)).isoformat(),
    } | extra
    return client.post(reverse("settlement:trade_new", args=[group.slug]), data)


def test_a_trade_through_the_pages_is_settled_and_counted_apart(client, bob, hana, emi, alice,
                                                                  group, aoki, sakura, terms,
                                                                  billing):  # fmt: skip
    client.force_login(bob)
    form = client.get(reverse("settlement:trade_new", args=[group.slug]))
    assert form.status_code == 200
    assert "さくら鍍金工業" in form.content.decode()
    assert f'value="{aoki.pk}">株式会社青木精工' not in form.content.decode()  # not itself
    response = _order(client, group, sakura)
    assert response.status_code == 302
    trade = MemberTrade.objects.get()
    assert (trade.buyer, trade.seller, trade.state) == (aoki, sakura, PurchaseOrderState.SENT)

    answer = reverse("settlement:trade_answer", args=[group.slug, trade.pk])
    client.force_login(emi)  # the seller's staff sees it, but only its admin answers
    assert client.get(reverse("settlement:trade", args=[group.slug, trade.pk])).status_code == 200
    assert client.post(answer, {"accept": "1"}).status_code == 403
    client.force_login(bob)  # nor does the buyer
    assert client.post(answer, {"accept": "1"}).status_code == 403
    client.force_login(hana)
    assert client.post(answer, {"accept": "1"}).status_code == 302
    trade.refresh_from_db()
    assert trade.state == PurchaseOrderState.ACCEPTED

    client.force_login(bob)
    delivered = reverse("settlement:trade_delivered", args=[group.slug, trade.pk])
    assert client.post(delivered).status_code == 302
    trade.refresh_from_db()
    assert trade.delivered_on == timezone.localdate()
    invoice = IssuedDocument.objects.get(kind=DocumentKind.INVOICE, recipient_company=aoki)
    assert (invoice.net_yen, invoice.tax_yen) == (40000, 4000)
    assert invoice.data["lines"][0]["reference"] == f"TR-{trade.pk:05d}"
    pdf = client.get(reverse("settlement:trade_invoice", args=[group.slug, trade.pk]))
    assert pdf.status_code == 200
    client.post(delivered)  # twice is refused politely, one invoice
    assert IssuedDocument.objects.filter(kind=DocumentKind.INVOICE).count() == 1

    statements = issue_statements(actor=alice, group=group, month=timezone.localdate())
    (statement,) = statements
    assert statement.company == sakura
    assert statement.document.data["lines"][0]["reference"] == f"TR-{trade.pk:05d}"
    assert statement.payable_yen == 44000  # no fee is kept on a trade between members
    today = timezone.localdate()
    totals = trade_totals(group, today.replace(day=1), today)
    assert totals["between_members_yen"] == 40000 and totals["between_members_count"] == 1
    assert totals["outside_yen"] == 0 and totals["outside_count"] == 0


def test_bad_trades_are_refused_politely(client, bob, group, aoki, sakura):
    client.force_login(bob)
    for bad in ({"seller": aoki.pk}, {"amount_yen": 0}, {"amount_yen": -5}, {"description": ""},
                {"due_on": "2001-01-01"}):  # fmt: skip
        response = _order(client, group, sakura, **bad)
        assert response.status_code == 400, bad
    assert MemberTrade.objects.count() == 0


def test_declined_trades_are_not_settled(client, bob, hana, alice, group, sakura, terms, billing):
    client.force_login(bob)
    _order(client, group, sakura)
    trade = MemberTrade.objects.get()
    client.force_login(hana)
    client.post(reverse("settlement:trade_answer", args=[group.slug, trade.pk]), {"accept": "0"})
    trade.refresh_from_db()
    assert trade.state == PurchaseOrderState.DECLINED
    client.force_login(bob)
    client.post(reverse("settlement:trade_delivered", args=[group.slug, trade.pk]))
    trade.refresh_from_db()
    assert trade.delivered_on is None
    assert issue_statements(actor=alice, group=group, month=timezone.localdate()) == []


def test_another_group_sees_no_trade(client, bob, dave, group, other_group, sakura):
    client.force_login(bob)
    _order(client, group, sakura)
    trade = MemberTrade.objects.get()
    client.force_login(dave)
    for url in (
        reverse("settlement:trade", args=[group.slug, trade.pk]),
        reverse("settlement:trade", args=[other_group.slug, trade.pk]),
        reverse("settlement:trades", args=[group.slug]),
        reverse("settlement:trade_new", args=[other_group.slug]),
    ):
        assert client.get(url).status_code == 404
    answer = reverse("settlement:trade_answer", args=[other_group.slug, trade.pk])
    assert client.post(answer, {"accept": "1"}).status_code == 404
