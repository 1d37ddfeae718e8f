"""Bank statement imports: matched by payer kana and amount, partial and over payments, unmatched
rows kept for the coordinator, bad files refused whole with the row and column named."""

import pathlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from renkei.conftest_helpers import login
from renkei.lib import bankcsv
from renkei.settlement.choices import OrderState, PaymentSource
from renkei.settlement.models import BankImport, Payment, PaymentAllocation
from renkei.settlement.services import payments as service
from renkei.settlement.services.invoices import issue_invoice

pytestmark = pytest.mark.django_db

SAMPLES = pathlib.Path(bankcsv.__file__).parent / "tests" / "data"


@pytest.fixture
def invoice(alice, accepted_settlement):
    [issued] = issue_invoice(actor=alice, settlements=[accepted_settlement])
    return issued  # ¥90,750 to 株式会社ロケット工房, who pays as ｶ)ﾛｹﾂﾄｺｳﾎﾞｳ


def _csv(*rows: str) -> bytes:
    return ("日付,入金額,振込依頼人,取引番号\r\n" + "".join(f"{r}\r\n" for r in rows)).encode()


def _import(alice, group, data, name="meisai.csv"):
    return service.import_bank_statement(actor=alice, group=group, data=data, filename=name)


def test_a_deposit_matches_the_invoice_by_amount_and_kana_payer(
    alice, group, invoice, accepted_settlement
):
    # The bank writes the payer in full-width kana with its legal form spelled out; the
    # customer confirmed it in half-width with the 全銀 abbreviation.
    data = _csv(
        '2026/12/10,"90,750",カブシキガイシャ ロケットコウボウ,B-1', "2026/12/10,5000,ﾔﾏﾀﾞ ﾀﾛｳ,B-2"
    )

    result = _import(alice, group, data)

    assert not result.duplicate
    assert [m.kind for m in result.matches] == [
        bankcsv.MatchKind.EXACT,
        bankcsv.MatchKind.UNMATCHED,
    ]
    assert result.bank_import.rows == 2 and result.bank_import.matched == 1
    assert service.balance_of(invoice).state == service.InvoiceState.PAID
    accepted_settlement.refresh_from_db()
    assert accepted_settlement.state == OrderState.PAID
    unmatched = Payment.objects.get(reference="B-2")
    assert unmatched.source == PaymentSource.BANK_IMPORT and unmatched.unallocated_yen == 5000


def test_partial_and_over_payments_from_the_bank(alice, group, invoice):
    _import(alice, group, _csv("2026/12/10,50000,ｶ)ﾛｹﾂﾄｺｳﾎﾞｳ,P-1"))
    balance = service.balance_of(invoice)
    assert balance.state == service.InvoiceState.PARTLY_PAID and balance.open == 40750

    result = _import(alice, group, _csv("2026/12/20,45000,ｶ)ﾛｹﾂﾄｺｳﾎﾞｳ,P-2"))

    [match] = result.matches
    assert match.kind == bankcsv.MatchKind.OVER and match.overpaid == 4250
    assert service.balance_of(invoice).state == service.InvoiceState.PAID
    assert Payment.objects.get(reference="P-2").unallocated_yen == 4250


def test_the_libs_sample_statements_import(alice, group, invoice):
    for name in ("anser_statement.csv", "generic_statement.csv"):
        result = _import(alice, group, (SAMPLES / name).read_bytes(), name)
        assert result.bank_import.rows == len(result.payments) > 0
    # No payer of the samples is this group's customer: all kept for allocating by hand.
    assert not PaymentAllocation.objects.exists()
    assert service.balance_of(invoice).state == service.InvoiceState.OPEN


def test_the_same_file_twice_is_imported_once(alice, group, invoice):
    data = _csv("2026/12/10,90750,ｶ)ﾛｹﾂﾄｺｳﾎﾞｳ,D-1")
    first = _import(alice, group, data)
    again = _import(alice, group, data, "renamed.csv")

    assert again.duplicate and again.bank_import == first.bank_import
    assert BankImport.objects.count() == 1 and Payment.objects.count() == 1


def test_a_broken_file_imports_nothing(alice, group, invoice):
    bad_date = _csv("2026/12/10,90750,ｶ)ﾛｹﾂﾄｺｳﾎﾞｳ,E-1", "2026/13/40,1000,ﾔﾏﾀﾞ,E-2")
    with pytest.raises(bankcsv.StatementError) as refused:
        _import(alice, group, bad_date)
    assert (refused.value.row, refused.value.column) == (3, "日付")
    assert not BankImport.objects.exists() and not Payment.objects.exists()
    assert service.balance_of(invoice).state == service.InvoiceState.OPEN


def _upload(client, group, data, name="meisai.csv"):
    return client.post(
        f"/g/{group.slug}/money/payments/",
        {"action": "import", "file": SimpleUploadedFile(name, data, "text/csv")},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="ja",
    )


def test_the_import_page_shows_the_invoice_paid(client, group, alice, invoice):
    login(client, alice)
    response = _upload(client, group, _csv("2026/12/10,90750,ｶ)ﾛｹﾂﾄｺｳﾎﾞｳ,W-1"))

    assert response.status_code == 200
    text = response.content.decode()
    assert invoice.number in text and 'data-state="paid"' in text
    again = _upload(client, group, _csv("2026/12/10,90750,ｶ)ﾛｹﾂﾄｺｳﾎﾞｳ,W-1"))
    assert again.status_code == 200 and Payment.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # UTF-8 that breaks on its third row (a byte no encoding reads there).
        (_csv("2026/12/10,1000,ﾔﾏﾀﾞ,X") + "2026/12/11,2000,ﾀﾅｶ".encode() + b"\xff\xfe\r\n", "3行目"),
        # Columns of no bank statement: named, with the row.
        ("いつ,いくら,だれ\r\n2026/12/10,1000,ﾔﾏﾀﾞ\r\n".encode(), "1行目"),
        (_csv("2026/12/10,-500,ﾔﾏﾀﾞ,X"), "「入金額」"),
        (_csv("2026/12/10,12.5,ﾔﾏﾀﾞ,X"), "「入金額」"),
        (b"", "空"),
    ],
)
def test_a_refused_file_is_named_in_japanese_and_nothing_is_imported(
    client, group, alice, data, expected
):
    login(client, alice)
    response = _upload(client, group, data)

    assert response.status_code == 400
    text = response.content.decode()
    assert expected in text, text
    assert "row" not in text.split('id="import-form"')[1].split("</form>")[0].lower()
    assert not BankImport.objects.exists() and not Payment.objects.exists()


def test_a_file_too_large_is_refused(client, group, alice, settings):
    settings.RENKEI_IMPORT_MAX_BYTES = 2**20
    login(client, alice)
    response = _upload(client, group, _csv("2026/12/10,1000,ﾔﾏﾀﾞ,X") + b" " * 2**20)
    assert response.status_code == 400
    assert not BankImport.objects.exists()
