"""Invoices and credit notes as Peppol JP PINT e-invoices (UBL 2.1 XML), with no Django import.

``to_ubl`` renders a settlement ``Document`` (an 適格請求書, the group's fee invoice or an
適格返還請求書) as the UBL 2.1 ``Invoice`` or ``CreditNote`` that the Japanese Peppol specification
(JP PINT, ``urn:peppol:pint:billing-1@jp-1``) expects; ``validate_ubl`` checks such a document
against the OASIS UBL 2.1 schema and our subset of the JP PINT rules (``renkei.lib.jppint_rules``).
"""

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from lxml import etree

from renkei.lib.documents import Document, DocumentKind, Line, Party
from renkei.lib.jppint_rules import (
    CAC,
    CATEGORY_EXEMPT,
    CATEGORY_EXPORT,
    CATEGORY_OUTSIDE,
    CATEGORY_REDUCED,
    CATEGORY_STANDARD,
    CBC,
    CREDIT_NOTE_NS,
    CREDIT_NOTE_TYPE_CODE,
    CURRENCY,
    CUSTOMIZATION_ID,
    INVOICE_NS,
    INVOICE_TYPE_CODE,
    PROFILE_ID,
    rule_errors,
    xsd_errors,
)

__all__ = ["ZERO_RATE_CATEGORY_KEY", "tax_category", "to_ubl", "validate_ubl"]

# Peppol electronic address schemes (EAS): 0221 is the qualified-invoice registration number
# (T + 13 digits), 0188 the 法人番号, EM an e-mail address for a party that has neither.
SCHEME_T_NUMBER = "0221"
SCHEME_CORPORATE_NUMBER = "0188"
SCHEME_EMAIL = "EM"

UNIT_CODE = "H87"  # UN/ECE rec 20 "piece": the parts and jobs we invoice are counted, not weighed
PAYMENT_MEANS_CREDIT_TRANSFER = "30"  # 銀行振込
# Document.extra key naming the category of 0 % lines: the shared document shape knows only the
# rate, and a 0 % line is most often 不課税 (O); an issuer of 非課税 or export lines says E or G.
ZERO_RATE_CATEGORY_KEY = "zero_rate_category"
_POSTCODE = re.compile(r"^\s*〒?\s*([0-9]{3}-?[0-9]{4})\s*(.*)$", re.S)

_Element = Any  # lxml ships no type hints

# ---------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------


def tax_category(rate: int, zero_category: str = CATEGORY_OUTSIDE) -> str:
    """The JP PINT category code of a tax rate: 10 → S, 8 → AA, 0 → O (or E / G when told)."""
    if rate == 10:
        return CATEGORY_STANDARD
    if rate == 8:
        return CATEGORY_REDUCED
    if rate == 0:
        if zero_category not in (CATEGORY_EXEMPT, CATEGORY_EXPORT, CATEGORY_OUTSIDE):
            raise ValueError(f"a 0 % line is E, G or O, not {zero_category!r}")
        return zero_category
    raise ValueError(f"no Japanese consumption tax rate of {rate} %")


def _sub(parent: _Element, ns: str, tag: str, text: str | None = None, **attrs: str) -> _Element:
    element = etree.SubElement(parent, f"{{{ns}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def _amount(parent: _Element, tag: str, value: int) -> None:
    # JPY has no minor unit: whole yen, never "100.00" (aligned-ibr-jp-06, jp-br-02).
    _sub(parent, CBC, tag, str(int(value)), currencyID=CURRENCY)


def _decimal_text(value: Decimal) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def _date(value: dt.date) -> str:
    return value.isoformat()


def _period(parent: _Element, start: dt.date, end: dt.date) -> None:
    period = _sub(parent, CAC, "InvoicePeriod")
    _sub(period, CBC, "StartDate", _date(start))
    _sub(period, CBC, "EndDate", _date(end))


def _document_period(doc: Document) -> tuple[dt.date, dt.date]:
    """The transaction date or period the qualified invoice must show (消費税法 §57-4①).

    JP PINT wants both dates (jp-br-06); a document with one of them uses it for both, one with
    neither falls back to its lines' delivery dates and then to the issue date.
    """
    start, end = doc.period_start, doc.period_end
    if start is None and end is None:
        delivered = [line.delivered_on for line in doc.lines if line.delivered_on is not None]
        if delivered:
            return min(delivered), max(delivered)
        return doc.issued_on, doc.issued_on
    start = start or end
    end = end or start
    assert start is not None and end is not None
    return start, end


def _endpoint(party: Party) -> tuple[str, str] | None:
    if party.registration_number:
        return SCHEME_T_NUMBER, party.registration_number
    if party.corporate_number:
        return SCHEME_CORPORATE_NUMBER, party.corporate_number
    if party.email:
        return SCHEME_EMAIL, party.email
    return None


def _party(parent: _Element, role: str, party: Party) -> None:
    wrapper = _sub(parent, CAC, role)
    node = _sub(wrapper, CAC, "Party")
    endpoint = _endpoint(party)
    if endpoint is not None:
        _sub(node, CBC, "EndpointID", endpoint[1], schemeID=endpoint[0])
    address = _sub(node, CAC, "PostalAddress")
    match = _POSTCODE.match(party.address)
    street, postcode = (match.group(2), match.group(1)) if match else (party.address, "")
    if street.strip():
        _sub(address, CBC, "StreetName", street.strip())
    if postcode:
        _sub(address, CBC, "PostalZone", postcode)
    country = _sub(address, CAC, "Country")
    _sub(country, CBC, "IdentificationCode", "JP")
    if party.registration_number:
        tax_scheme = _sub(node, CAC, "PartyTaxScheme")
        _sub(tax_scheme, CBC, "CompanyID", party.registration_number)
        scheme = _sub(tax_scheme, CAC, "TaxScheme")
        _sub(scheme, CBC, "ID", "VAT")  # VAT stands for 消費税 in JP PINT (aligned-ibr-jp-03)
    legal = _sub(node, CAC, "PartyLegalEntity")
    _sub(legal, CBC, "RegistrationName", party.name)
    if party.corporate_number:
        _sub(legal, CBC, "CompanyID", party.corporate_number, schemeID=SCHEME_CORPORATE_NUMBER)
    if party.phone or party.email:
        contact = _sub(node, CAC, "Contact")
        if party.phone:
            _sub(contact, CBC, "Telephone", party.phone)
        if party.email:
            _sub(contact, CBC, "ElectronicMail", party.email)


def _payment_means(parent: _Element, doc: Document) -> None:
    bank = doc.issuer.bank
    if bank is None:
        return
    means = _sub(parent, CAC, "PaymentMeans")
    _sub(means, CBC, "PaymentMeansCode", PAYMENT_MEANS_CREDIT_TRANSFER)
    # The invoice number as remittance information lets the bank-statement import match it.
    _sub(means, CBC, "PaymentID", doc.number)
    account = _sub(means, CAC, "PayeeFinancialAccount")
    # Only what the JP PINT credit transfer group (ibg-17) holds: account number (ibt-084), its
    # name (ibt-085) and the payment service provider (ibt-086). UBL would take the account kind
    # and the bank's names too, but elements outside the data model are not for a Peppol
    # document; the PDF of the same invoice shows them.
    _sub(account, CBC, "ID", bank.number)
    _sub(account, CBC, "Name", bank.holder_kana)
    branch = _sub(account, CAC, "FinancialInstitutionBranch")
    # 金融機関コード + 支店コード identify the branch nationwide (a national clearing code).
    _sub(branch, CBC, "ID", f"{bank.bank_code}{bank.branch_code}")


def _tax_category(parent: _Element, tag: str, category: str, rate: int) -> None:
    node = _sub(parent, CAC, tag)
    _sub(node, CBC, "ID", category)
    # "Not subject to tax" carries no rate (aligned-ibrp-o-05, aligned-ibrp-048).
    if category != CATEGORY_OUTSIDE:
        _sub(node, CBC, "Percent", str(rate))
    scheme = _sub(node, CAC, "TaxScheme")
    _sub(scheme, CBC, "ID", "VAT")


def _line(
    parent: _Element, tag: str, quantity_tag: str, number: int, line: Line, zero: str
) -> None:
    node = _sub(parent, CAC, tag)
    _sub(node, CBC, "ID", str(number))
    if line.reference:
        _sub(node, CBC, "Note", line.reference)
    _sub(node, CBC, quantity_tag, str(line.quantity), unitCode=UNIT_CODE)
    _amount(node, "LineExtensionAmount", line.amount)
    if line.delivered_on is not None:
        # A consolidated invoice shows each line's transaction date (ibg-26, jp-br-07).
        _period(node, line.delivered_on, line.delivered_on)
    item = _sub(node, CAC, "Item")
    _sub(item, CBC, "Name", line.description)
    _tax_category(item, "ClassifiedTaxCategory", tax_category(line.tax_rate, zero), line.tax_rate)
    price = _sub(node, CAC, "Price")
    # The unit price alone may carry sen (Document's rule); the schema allows decimals here.
    _sub(price, CBC, "PriceAmount", _decimal_text(line.unit_price), currencyID=CURRENCY)


def to_ubl(doc: Document) -> bytes:
    """The JP PINT UBL 2.1 XML of an invoice, a fee invoice or a credit note (UTF-8 bytes)."""
    if doc.kind in (DocumentKind.INVOICE, DocumentKind.FEE_INVOICE):
        credit = False
    elif doc.kind == DocumentKind.CREDIT_NOTE:
        credit = True
    else:
        raise ValueError(f"{doc.kind} is not an e-invoice")
    if credit and not doc.references:
        raise ValueError("a credit note names the invoice it corrects (doc.references[0])")
    zero = doc.extra.get(ZERO_RATE_CATEGORY_KEY, CATEGORY_OUTSIDE)
    root_ns = CREDIT_NOTE_NS if credit else INVOICE_NS
    root = etree.Element(
        f"{{{root_ns}}}{'CreditNote' if credit else 'Invoice'}",
        nsmap={None: root_ns, "cac": CAC, "cbc": CBC},
    )
    # The order of every child follows the xsd:sequence of UBL 2.1; the schema rejects any other.
    _sub(root, CBC, "CustomizationID", CUSTOMIZATION_ID)
    _sub(root, CBC, "ProfileID", PROFILE_ID)
    _sub(root, CBC, "ID", doc.number)
    _sub(root, CBC, "IssueDate", _date(doc.issued_on))
    if not credit and doc.due_on is not None:
        _sub(root, CBC, "DueDate", _date(doc.due_on))  # a UBL 2.1 CreditNote has no DueDate
    _sub(
        root,
        CBC,
        "CreditNoteTypeCode" if credit else "InvoiceTypeCode",
        CREDIT_NOTE_TYPE_CODE if credit else INVOICE_TYPE_CODE,
    )
    if doc.notes:
        _sub(root, CBC, "Note", doc.notes)
    _sub(root, CBC, "DocumentCurrencyCode", CURRENCY)
    _period(root, *_document_period(doc))
    if credit:
        billing = _sub(root, CAC, "BillingReference")
        reference = _sub(billing, CAC, "InvoiceDocumentReference")
        _sub(reference, CBC, "ID", doc.references[0])
    _party(root, "AccountingSupplierParty", doc.issuer)
    _party(root, "AccountingCustomerParty", doc.recipient)
    if not credit:
        _payment_means(root, doc)
    tax_total = _sub(root, CAC, "TaxTotal")
    _amount(tax_total, "TaxAmount", doc.tax)
    for total in sorted(doc.totals, key=lambda t: -t.rate):
        subtotal = _sub(tax_total, CAC, "TaxSubtotal")
        _amount(subtotal, "TaxableAmount", total.taxable)
        _amount(subtotal, "TaxAmount", total.tax)
        _tax_category(subtotal, "TaxCategory", tax_category(total.rate, zero), total.rate)
    monetary = _sub(root, CAC, "LegalMonetaryTotal")
    _amount(monetary, "LineExtensionAmount", sum(line.amount for line in doc.lines))
    _amount(monetary, "TaxExclusiveAmount", doc.net)
    _amount(monetary, "TaxInclusiveAmount", doc.total)
    _amount(monetary, "PayableAmount", doc.total)
    line_tag, quantity_tag = (
        ("CreditNoteLine", "CreditedQuantity") if credit else ("InvoiceLine", "InvoicedQuantity")
    )
    for number, line in enumerate(doc.lines, start=1):
        _line(root, line_tag, quantity_tag, number, line, zero)
    xml: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return xml


def validate_ubl(xml: bytes) -> list[str]:
    """Every problem of a JP PINT document: the UBL 2.1 schema first, then the business rules.

    Each problem starts with its rule id in brackets ("[xsd]", "[aligned-ibr-jp-01]", …); an
    empty list means the document is valid. The messages are for developers and logs, in
    English like the official rule texts; a page shows its own translated message instead.
    """
    # A document that is not well-formed XML gets the same message from both: say it once.
    return list(dict.fromkeys([*xsd_errors(xml), *rule_errors(xml)]))
