"""JP PINT e-invoices: the UBL 2.1 XML of invoices and credit notes, valid against the OASIS
schema and the JP PINT rules, and every rule catching the document that breaks it."""

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from lxml import etree

from renkei.lib.documents import BankAccount, Document, DocumentKind, Line, Party, RateTotal
from renkei.lib.jppint import ZERO_RATE_CATEGORY_KEY, tax_category, to_ubl, validate_ubl
from renkei.lib.jppint_rules import NS, rule_errors, xsd_errors

BANK = BankAccount(
    bank_name="第四北越銀行",
    bank_code="0140",
    branch_name="本店営業部",
    branch_code="001",
    kind="1",
    number="1234567",
    holder_kana="ｴﾁｺﾞﾓﾉﾂﾞｸﾘｷｷﾞﾖｳｸﾐｱｲ",
)
ISSUER = Party(
    name="越後ものづくり企業組合",
    address="〒950-0088 新潟県新潟市中央区万代1-1-1",
    registration_number="T1234567890123",
    corporate_number="1234567890123",
    email="office@echigo.example.jp",
    bank=BANK,
)
CUSTOMER = Party(
    name="株式会社サンプル機械", address="東京都大田区1-2-3", corporate_number="9876543210987"
)


def invoice(**changes: object) -> Document:
    """A month's invoice with a 10 % machining line and an 8 % (reduced) catering line."""
    lines = (
        Line(
            "切削加工 A7075 ブラケット",
            3,
            Decimal("3333.33"),
            10000,
            10,
            "KS-2026-0012",
            dt.date(2026, 10, 5),
        ),
        Line("打合せ用弁当", 7, Decimal("1080"), 7560, 8, delivered_on=dt.date(2026, 10, 20)),
    )
    doc = Document(
        kind=DocumentKind.INVOICE,
        number="INV-2026-0001",
        issued_on=dt.date(2026, 10, 31),
        issuer=ISSUER,
        recipient=CUSTOMER,
        lines=lines,
        # 7560 × 8 % = 604.8: rounded down once for the rate, not per line.
        totals=(RateTotal(10, 10000, 1000), RateTotal(8, 7560, 604)),
        period_start=dt.date(2026, 10, 1),
        period_end=dt.date(2026, 10, 31),
        due_on=dt.date(2026, 11, 30),
    )
    return dataclasses.replace(doc, **changes)  # type: ignore[arg-type]


def credit_note(**changes: object) -> Document:
    """適格返還請求書 for one returned part of the invoice."""
    doc = Document(
        kind=DocumentKind.CREDIT_NOTE,
        number="CN-2026-0001",
        issued_on=dt.date(2026, 11, 10),
        issuer=ISSUER,
        recipient=CUSTOMER,
        lines=(Line("返品 ブラケット 1個", 1, Decimal("3334"), 3334, 10, "INV-2026-0001"),),
        totals=(RateTotal(10, 3334, 333),),
        period_start=dt.date(2026, 11, 10),
        period_end=dt.date(2026, 11, 10),
        references=("INV-2026-0001",),
    )
    return dataclasses.replace(doc, **changes)  # type: ignore[arg-type]


def xpath(xml: bytes, path: str) -> list[str]:
    return [str(v) for v in etree.fromstring(xml).xpath(path, namespaces=NS)]


def rules_hit(problems: list[str]) -> set[str]:
    return {p[1 : p.index("]")] for p in problems}


def edit(xml: bytes, path: str, text: str) -> bytes:
    root = etree.fromstring(xml)
    nodes = root.xpath(path, namespaces=NS)
    assert nodes, path
    nodes[0].text = text
    return bytes(etree.tostring(root))


def test_an_invoice_with_standard_and_reduced_lines_is_valid_jp_pint() -> None:
    xml = to_ubl(invoice())

    assert validate_ubl(xml) == []
    assert xpath(xml, "/inv:Invoice/cbc:CustomizationID/text()") == [
        "urn:peppol:pint:billing-1@jp-1"
    ]
    assert xpath(xml, "/inv:Invoice/cbc:ProfileID/text()") == ["urn:peppol:bis:billing"]
    assert xpath(xml, "/inv:Invoice/cbc:InvoiceTypeCode/text()") == ["380"]
    assert xpath(xml, "/inv:Invoice/cbc:DueDate/text()") == ["2026-11-30"]
    assert xpath(xml, "//cac:TaxSubtotal/cac:TaxCategory/cbc:ID/text()") == ["S", "AA"]
    assert xpath(xml, "//cac:TaxSubtotal/cbc:TaxAmount/text()") == ["1000", "604"]
    assert xpath(xml, "//cac:LegalMonetaryTotal/cbc:PayableAmount/text()") == ["19164"]
    assert xpath(xml, "//cac:InvoiceLine/cac:Price/cbc:PriceAmount/text()") == ["3333.33", "1080"]
    supplier = "//cac:AccountingSupplierParty/cac:Party"
    assert xpath(xml, f"{supplier}/cbc:EndpointID/@schemeID") == ["0221"]
    assert xpath(xml, f"{supplier}/cac:PartyTaxScheme/cbc:CompanyID/text()") == ["T1234567890123"]
    assert xpath(xml, f"{supplier}/cac:PostalAddress/cbc:PostalZone/text()") == ["950-0088"]
    assert xpath(xml, "//cac:AccountingCustomerParty//cbc:EndpointID/@schemeID") == ["0188"]
    account = "//cac:PaymentMeans/cac:PayeeFinancialAccount"
    assert xpath(xml, f"{account}/cbc:ID/text()") == ["1234567"]
    assert xpath(xml, f"{account}/cac:FinancialInstitutionBranch/cbc:ID/text()") == ["0140001"]


def test_a_credit_note_is_valid_and_names_the_credited_invoice() -> None:
    xml = to_ubl(credit_note())

    assert validate_ubl(xml) == []
    assert etree.QName(etree.fromstring(xml)).localname == "CreditNote"
    assert xpath(xml, "/cn:CreditNote/cbc:CreditNoteTypeCode/text()") == ["381"]
    reference = "/cn:CreditNote/cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID/text()"
    assert xpath(xml, reference) == ["INV-2026-0001"]
    assert xpath(xml, "//cac:CreditNoteLine/cbc:CreditedQuantity/text()") == ["1"]


def test_a_fee_invoice_is_an_invoice_and_other_documents_are_refused() -> None:
    fee = invoice(kind=DocumentKind.FEE_INVOICE, recipient=ISSUER, issuer=CUSTOMER)
    assert xpath(to_ubl(fee), "/inv:Invoice/cbc:InvoiceTypeCode/text()") == ["380"]
    with pytest.raises(ValueError, match="not an e-invoice"):
        to_ubl(invoice(kind=DocumentKind.STATEMENT))
    with pytest.raises(ValueError, match="names the invoice"):
        to_ubl(credit_note(references=()))


def test_zero_rate_lines_are_outside_tax_without_a_rate_or_exempt_at_zero() -> None:
    lines = (*invoice().lines, Line("立替送料", 1, Decimal("1200"), 1200, 0))
    totals = (*invoice().totals, RateTotal(0, 1200, 0))
    outside = to_ubl(invoice(lines=lines, totals=totals))
    exempt = to_ubl(invoice(lines=lines, totals=totals, extra={ZERO_RATE_CATEGORY_KEY: "E"}))

    assert validate_ubl(outside) == []
    assert validate_ubl(exempt) == []
    assert xpath(outside, "//cac:TaxSubtotal/cac:TaxCategory[cbc:ID='O']/cbc:Percent") == []
    assert xpath(exempt, "//cac:TaxSubtotal/cac:TaxCategory[cbc:ID='E']/cbc:Percent/text()") == [
        "0"
    ]
    assert [tax_category(r) for r in (10, 8, 0)] == ["S", "AA", "O"]


def test_a_document_without_a_period_takes_its_delivery_dates() -> None:
    xml = to_ubl(invoice(period_start=None, period_end=None))

    assert validate_ubl(xml) == []
    assert xpath(xml, "/inv:Invoice/cac:InvoicePeriod/cbc:StartDate/text()") == ["2026-10-05"]
    assert xpath(xml, "/inv:Invoice/cac:InvoicePeriod/cbc:EndDate/text()") == ["2026-10-20"]


def test_tax_outside_floor_and_ceiling_of_the_rate_is_caught() -> None:
    # 10 % of 10,000 is 1,000; 1,100 is no rounding of it.
    wrong = invoice(totals=(RateTotal(10, 10000, 1100), RateTotal(8, 7560, 604)))
    problems = validate_ubl(to_ubl(wrong))

    assert rules_hit(problems) == {"aligned-ibrp-051-jp"}
    assert "between 1000 and 1000" in problems[0]


def test_tax_rounded_up_once_per_rate_is_accepted() -> None:
    # 604.8 rounded up is 605, still between floor and ceiling.
    up = invoice(totals=(RateTotal(10, 10000, 1000), RateTotal(8, 7560, 605)))
    assert validate_ubl(to_ubl(up)) == []


def test_a_registration_number_of_twelve_digits_is_caught() -> None:
    issuer = dataclasses.replace(ISSUER, registration_number="T123456789012")
    problems = validate_ubl(to_ubl(invoice(issuer=issuer)))

    assert rules_hit(problems) == {"aligned-ibr-jp-01"}


def test_a_seller_without_registration_number_is_caught() -> None:
    issuer = dataclasses.replace(ISSUER, registration_number="")
    xml = to_ubl(invoice(issuer=issuer))

    assert rules_hit(validate_ubl(xml)) == {"aligned-ibr-jp-04"}
    # Without a T-number the seller is routed by its 法人番号.
    assert xpath(xml, "//cac:AccountingSupplierParty//cbc:EndpointID/@schemeID") == ["0188"]


def test_a_jpy_tax_amount_with_decimals_is_caught() -> None:
    xml = edit(to_ubl(invoice()), "//cac:TaxSubtotal/cbc:TaxAmount", "1000.0")

    assert xsd_errors(xml) == []
    assert rules_hit(validate_ubl(xml)) == {"aligned-ibr-jp-06"}


def test_a_credit_note_without_billing_reference_is_caught() -> None:
    root = etree.fromstring(to_ubl(credit_note()))
    for node in root.xpath("cac:BillingReference", namespaces=NS):
        root.remove(node)
    problems = validate_ubl(etree.tostring(root))

    assert rules_hit(problems) == {"ibg-03"}


def test_totals_that_do_not_add_up_are_caught() -> None:
    xml = to_ubl(invoice())
    hits = rules_hit(
        validate_ubl(edit(xml, "//cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount", "19000"))
    )
    assert "ibr-co-15" in hits
    hits = rules_hit(validate_ubl(edit(xml, "//cac:InvoiceLine/cbc:LineExtensionAmount", "9000")))
    assert {"ibr-co-10", "ibr-s-08"} <= hits
    hits = rules_hit(validate_ubl(edit(xml, "/inv:Invoice/cac:TaxTotal/cbc:TaxAmount", "1600")))
    assert "ibr-co-14" in hits


def test_header_and_line_rules_are_caught() -> None:
    xml = to_ubl(invoice())
    assert rules_hit(
        rule_errors(edit(xml, "//cbc:CustomizationID", "urn:fdc:peppol:jp:billing:3.0"))
    ) == {"aligned-ibrp-001-jp"}
    assert rules_hit(rule_errors(edit(xml, "//cbc:DocumentCurrencyCode", "USD"))) == {"ibr-005"}
    assert rules_hit(rule_errors(edit(xml, "//cac:ClassifiedTaxCategory/cbc:ID", "Z"))) >= {
        "aligned-ibrp-cl-01-jp"
    }
    assert rules_hit(
        rule_errors(edit(xml, "//cac:ClassifiedTaxCategory/cac:TaxScheme/cbc:ID", "GST"))
    ) == {"aligned-ibr-jp-03"}
    outside = edit(xml, "//cac:InvoiceLine/cac:InvoicePeriod/cbc:EndDate", "2026-11-02")
    assert rules_hit(rule_errors(outside)) == {"jp-br-08"}


def test_the_schema_rejects_an_element_out_of_order() -> None:
    root = etree.fromstring(to_ubl(invoice()))
    issue_date = root.find("cbc:IssueDate", NS)
    root.remove(issue_date)
    root.find("cbc:InvoiceTypeCode", NS).addnext(issue_date)  # IssueDate must come before it
    xml = etree.tostring(root)

    problems = validate_ubl(xml)
    assert rule_errors(xml) == []
    assert problems and all(p.startswith("[xsd]") for p in problems)
    assert "IssueDate" in problems[0]


def test_not_well_formed_xml_is_one_problem() -> None:
    assert validate_ubl(b"<Invoice><oops></Invoice>") == [
        validate_ubl(b"<Invoice><oops></Invoice>")[0]
    ]
    assert validate_ubl(b"<Invoice><oops></Invoice>")[0].startswith("[xml]")
