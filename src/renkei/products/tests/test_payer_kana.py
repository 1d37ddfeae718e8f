"""The order form's optional 振込名義（カナ）: katakana of either width (hiragana turned into
katakana, as renkei's bank files do) kept in the 全銀 half-width form the statement will print,
anything else refused politely with nothing typed lost; and a statement line with that name
pays the order's invoice."""

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from renkei.conftest_helpers import login
from renkei.lib import bankcsv
from renkei.products import services
from renkei.products.models import ProductOrder
from renkei.products.tests.conftest import order_data
from renkei.settlement.services import payments

pytestmark = pytest.mark.django_db

URL = "/g/miyako/products/beer-mug/"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("ウチュウ　タロウ", "ｳﾁﾕｳ ﾀﾛｳ"),  # full-width, as most people type it
        ("ｶ)ﾛｹﾂﾄｺｳﾎﾞｳ", "ｶ)ﾛｹﾂﾄｺｳﾎﾞｳ"),  # half-width, as the bank prints it
        ("カ）ロケットコウボウ", "ｶ)ﾛｹﾂﾄｺｳﾎﾞｳ"),  # the form's own example
        ("うちゅう たろう", "ｳﾁﾕｳ ﾀﾛｳ"),  # hiragana becomes katakana (lib.kana.to_zengin_kana)
        ("", ""),  # optional
    ],
)
def test_the_payer_kana_is_kept_as_the_bank_prints_it(client, mug, typed, kept):
    response = client.post(URL, order_data(payer_kana=typed))
    assert response.status_code == 302
    assert ProductOrder.objects.get().payer_kana == kept


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("宇宙太郎", "振込名義は、銀行に表示されるとおりカタカナでご入力ください。「宇」はお使い"),
        ("ロケット＆コウボウ", "「＆」はお使いいただけません。"),
        ("()", "振込名義は、銀行に表示されるとおりカタカナでご入力ください。"),
        ("ガ" * 25, "振込名義を短くしてください。銀行で表示できるのは半角48文字までです。"),
    ],
)
def test_a_payer_name_not_in_katakana_is_refused_politely_and_nothing_typed_is_lost(
    client, mug, typed, message
):
    response = client.post(URL, order_data(payer_kana=typed))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "振込名義（カナ）" in html
    assert f'value="{typed}"' in html  # what was typed comes back
    assert "株式会社ロケット工房" in html and "新潟県燕市吉田 1-2-3" in html
    assert not ProductOrder.objects.exists()


def test_the_coordinator_sees_the_payer_kana_on_the_order(client, mug, alice):
    client.post(URL, order_data(payer_kana="ウチュウ タロウ"))
    order = ProductOrder.objects.get()
    login(client, alice)
    page = client.get(reverse("products:manage_order", args=["miyako", order.pk]))
    assert '<dd id="payer-kana">ｳﾁﾕｳ ﾀﾛｳ</dd>' in page.content.decode()


def _statement(*rows: str) -> bytes:
    return ("日付,入金額,振込依頼人,取引番号\r\n" + "".join(f"{r}\r\n" for r in rows)).encode()


def _shipped(alice, mug, payer_kana):
    order, _new = services.submit_order(
        product=mug,
        key=uuid.uuid4(),
        quantity=2,
        options=[],
        who=services.Customer(
            customer_name="宇宙 太郎", email="taro@example.jp", postal_code="959-1200",
            address="新潟県燕市吉田 1-2-3", payer_kana=payer_kana,
        ),
    )  # fmt: skip
    services.confirm_order(actor=alice, order=order)
    return services.ship_order(actor=alice, order=order)


def test_a_statement_line_with_the_payer_kana_pays_the_product_invoice(
    alice, group, mug, group_terms
):
    order = _shipped(alice, mug, "ｳﾁﾕｳ ﾀﾛｳ")
    [invoice] = order.invoices.all()
    assert invoice.total_yen == 11_000
    # Another open invoice of the same amount, to a payer who gave no kana: the amount alone
    # cannot tell them apart, the payer's name can.
    other = _shipped(alice, mug, "").invoices.get()
    day = timezone.localdate().strftime("%Y/%m/%d")
    # The statement writes a small ｭ, the order keeps it large: folded, they are one name.
    data = _statement(f"{day},11000,ｳﾁｭｳ ﾀﾛｳ,T-1")

    [preview] = payments.preview_bank_statement(group=group, data=data, filename="meisai.csv")
    assert (preview.kind, preview.item_id) == (bankcsv.MatchKind.EXACT, invoice.pk)
    result = payments.import_bank_statement(
        actor=alice, group=group, data=data, filename="meisai.csv"
    )
    [match] = result.matches
    assert (match.kind, match.item_id) == (bankcsv.MatchKind.EXACT, invoice.pk)
    assert payments.balance_of(invoice).state == payments.InvoiceState.PAID
    assert payments.balance_of(other).state == payments.InvoiceState.OPEN


def test_without_the_payer_kana_the_line_is_not_put_against_the_invoice_by_name(
    alice, group, mug, group_terms
):
    first = _shipped(alice, mug, "").invoices.get()
    second = _shipped(alice, mug, "").invoices.get()
    day = timezone.localdate().strftime("%Y/%m/%d")
    data = _statement(f"{day},11000,ｳﾁｭｳ ﾀﾛｳ,T-1")
    [match] = payments.preview_bank_statement(group=group, data=data, filename="meisai.csv")
    assert match.kind == bankcsv.MatchKind.UNMATCHED  # two of that amount, no name to go by
    assert payments.balance_of(first).state == payments.balance_of(second).state
