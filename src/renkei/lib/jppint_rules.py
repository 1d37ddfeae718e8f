"""The checks of a JP PINT e-invoice, with no Django import: the UBL 2.1 schema and the rules.

``xsd_errors`` validates against the official OASIS UBL 2.1 schemas vendored under
``schemas/ubl-2.1`` (see the README there); ``rule_errors`` checks a subset of the Peppol JP PINT
business rules, rewritten in Python from their published texts, each with its rule id. They run
in Python because the official Schematron needs an XSLT 2 processor, which no Python package on
our registries provides; the subset covers what our own documents can get wrong (amounts, tax per
rate, identifiers, references). ``renkei.lib.jppint`` renders the documents checked here.
"""

import functools
import re
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from lxml import etree

CUSTOMIZATION_ID = "urn:peppol:pint:billing-1@jp-1"
PROFILE_ID = "urn:peppol:bis:billing"
CURRENCY = "JPY"
INVOICE_TYPE_CODE = "380"  # commercial invoice (UNCL 1001)
CREDIT_NOTE_TYPE_CODE = "381"  # credit note

INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CREDIT_NOTE_NS = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
NS = {"inv": INVOICE_NS, "cn": CREDIT_NOTE_NS, "cac": CAC, "cbc": CBC}

# JP PINT tax categories (UNCL 5305 subset, aligned-ibrp-cl-01-jp).
CATEGORY_STANDARD = "S"  # 10 %
CATEGORY_REDUCED = "AA"  # 8 %, 軽減税率
CATEGORY_EXEMPT = "E"  # 非課税
CATEGORY_EXPORT = "G"  # 輸出免税
CATEGORY_OUTSIDE = "O"  # 不課税 (e.g. reimbursed costs, 立替金)
CATEGORIES = (
    CATEGORY_STANDARD,
    CATEGORY_REDUCED,
    CATEGORY_EXEMPT,
    CATEGORY_EXPORT,
    CATEGORY_OUTSIDE,
)

SCHEMA_DIR = Path(__file__).with_name("schemas") / "ubl-2.1"
_SCHEMA_FILES = {
    "Invoice": SCHEMA_DIR / "maindoc" / "UBL-Invoice-2.1.xsd",
    "CreditNote": SCHEMA_DIR / "maindoc" / "UBL-CreditNote-2.1.xsd",
}
T_NUMBER = re.compile(r"^T[0-9]{13}$")

_Element = Any  # lxml ships no type hints


@functools.cache
def _schema(name: str) -> _Element:
    """The compiled UBL 2.1 schema of a root element; compiled once (≈0.2 s) per process."""
    return etree.XMLSchema(etree.parse(str(_SCHEMA_FILES[name])))


def _parser() -> _Element:
    # No entities, no DTD, no network: the XML may come from outside (an imported document).
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def xsd_errors(xml: bytes) -> list[str]:
    """Problems against the OASIS UBL 2.1 schema (empty = schema-valid)."""
    try:
        root = etree.fromstring(xml, _parser())
    except etree.XMLSyntaxError as exc:
        return [f"[xml] not well-formed: {exc}"]
    name = etree.QName(root).localname
    if (name, etree.QName(root).namespace) not in (
        ("Invoice", INVOICE_NS),
        ("CreditNote", CREDIT_NOTE_NS),
    ):
        return [f"[xsd] root element {root.tag} is neither a UBL 2.1 Invoice nor a CreditNote"]
    schema = _schema(name)
    if schema.validate(root):
        return []
    return [f"[xsd] line {e.line}: {e.message}" for e in schema.error_log]


def _texts(node: _Element, path: str) -> list[str]:
    return [str(v).strip() for v in node.xpath(path + "/text()", namespaces=NS)]


def _text(node: _Element, path: str) -> str:
    values = _texts(node, path)
    return values[0] if values else ""


def _dec(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _amount_of(node: _Element, path: str) -> Decimal | None:
    return _dec(_text(node, path))


def _nodes(node: _Element, path: str) -> list[_Element]:
    return list(node.xpath(path, namespaces=NS))


class _Problems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, rule: str, message: str) -> None:
        self.items.append(f"[{rule}] {message}")

    def check(self, ok: bool, rule: str, message: str) -> None:
        if not ok:
            self.add(rule, message)


def _check_header(root: _Element, credit: bool, p: _Problems) -> None:
    # aligned-ibrp-001-jp: the specification identifier of JP PINT billing.
    p.check(
        _text(root, "cbc:CustomizationID") == CUSTOMIZATION_ID,
        "aligned-ibrp-001-jp",
        f"Specification identifier (ibt-024) must be {CUSTOMIZATION_ID}.",
    )
    # aligned-ibrp-002-jp: the business process.
    p.check(
        _text(root, "cbc:ProfileID") == PROFILE_ID,
        "aligned-ibrp-002-jp",
        f"Business process (ibt-023) must be {PROFILE_ID}.",
    )
    p.check(
        bool(_text(root, "cbc:ID")), "ibr-002", "An invoice must have an invoice number (ibt-001)."
    )
    p.check(
        bool(_text(root, "cbc:IssueDate")),
        "ibr-003",
        "An invoice must have an issue date (ibt-002).",
    )
    # ibr-004 with the codes our documents use: 380 commercial invoice, 381 credit note.
    type_code = _text(root, "cbc:CreditNoteTypeCode" if credit else "cbc:InvoiceTypeCode")
    expected = CREDIT_NOTE_TYPE_CODE if credit else INVOICE_TYPE_CODE
    p.check(
        type_code == expected, "ibr-004", f"The document type code (ibt-003) must be {expected}."
    )
    # ibr-005 and aligned-ibr-jp-05: renkei issues in yen, and JP tax is accounted in yen.
    p.check(
        _text(root, "cbc:DocumentCurrencyCode") == CURRENCY,
        "ibr-005",
        "The invoice currency code (ibt-005) must be JPY.",
    )
    tax_currency = _text(root, "cbc:TaxCurrencyCode")
    p.check(
        tax_currency in ("", CURRENCY),
        "aligned-ibr-jp-05",
        "The tax accounting currency (ibt-006), if present, must be JPY.",
    )
    # aligned-ibrp-052 / jp-br-05: an invoice period or an invoice line period.
    p.check(
        bool(_nodes(root, ".//cac:InvoicePeriod")),
        "aligned-ibrp-052",
        "An invoice must have an invoice period (ibg-14) or an invoice line period (ibg-26).",
    )
    for period in _nodes(root, "cac:InvoicePeriod"):
        # jp-br-06: the document period has both dates.
        p.check(
            bool(_text(period, "cbc:StartDate")) and bool(_text(period, "cbc:EndDate")),
            "jp-br-06",
            "The invoice period (ibg-14) must have a start (ibt-073) and an end date (ibt-074).",
        )
    if credit:
        # 適格返還請求書 names the invoice it corrects; ibr-055: the reference carries its number.
        references = _nodes(root, "cac:BillingReference/cac:InvoiceDocumentReference")
        p.check(
            bool(references),
            "ibg-03",
            "A credit note must refer to the invoice it corrects (preceding invoice, ibg-03).",
        )
        for reference in references:
            p.check(
                bool(_text(reference, "cbc:ID")),
                "ibr-055",
                "Each preceding invoice reference (ibg-03) must give the invoice number (ibt-025).",
            )


def _check_parties(root: _Element, p: _Problems) -> None:
    seller = _nodes(root, "cac:AccountingSupplierParty/cac:Party")
    buyer = _nodes(root, "cac:AccountingCustomerParty/cac:Party")
    p.check(bool(seller), "ibr-006", "An invoice must have a seller (ibg-04).")
    p.check(bool(buyer), "ibr-007", "An invoice must have a buyer (ibg-07).")
    for role, party, rule_name, rule_endpoint in (
        ("seller", seller, "ibr-006", "ibr-062"),
        ("buyer", buyer, "ibr-007", "ibr-063"),
    ):
        if not party:
            continue
        node = party[0]
        p.check(
            bool(_text(node, "cac:PartyLegalEntity/cbc:RegistrationName")),
            rule_name,
            f"The {role} must have a registered name.",
        )
        # ibt-034 / ibt-049: Peppol routes by the electronic address, with its scheme (ibr-062/063).
        endpoints = _nodes(node, "cbc:EndpointID")
        p.check(
            bool(endpoints) and bool(_text(node, "cbc:EndpointID")),
            "ibt-034" if role == "seller" else "ibt-049",
            f"The {role} must have an electronic address.",
        )
        for endpoint in endpoints:
            p.check(
                bool(endpoint.get("schemeID")),
                rule_endpoint,
                f"The {role} electronic address must have a scheme identifier.",
            )
        # ibr-008..011: postal address with a country code.
        p.check(
            bool(_text(node, "cac:PostalAddress/cac:Country/cbc:IdentificationCode")),
            "ibr-009" if role == "seller" else "ibr-011",
            f"The {role} postal address must have a country code.",
        )
    if not seller:
        return
    tax_ids = _texts(seller[0], "cac:PartyTaxScheme[cac:TaxScheme/cbc:ID='VAT']/cbc:CompanyID")
    # aligned-ibr-jp-04: a qualified invoice carries the seller's registration number.
    p.check(
        bool(tax_ids),
        "aligned-ibr-jp-04",
        "An invoice must have the seller tax identifier (ibt-031).",
    )
    # aligned-ibrp-009: at most once.
    p.check(
        len(tax_ids) <= 1,
        "aligned-ibrp-009",
        "The seller tax identifier (ibt-031) must occur at most once.",
    )
    for tax_id in tax_ids:
        # aligned-ibr-jp-01: since 2023-10-01 the registration number for qualified invoices.
        p.check(
            bool(T_NUMBER.match(tax_id)),
            "aligned-ibr-jp-01",
            f"The seller tax identifier {tax_id!r} must be T followed by 13 digits.",
        )


def _check_amounts_are_whole_yen(root: _Element, p: _Problems) -> None:
    # aligned-ibr-jp-06 (tax amounts) and jp-br-02 (all amounts): JPY amounts have no decimals;
    # only a unit price (ibt-146) and its base amount may carry sen.
    for node in _nodes(root, ".//*[@currencyID='JPY']"):
        name = etree.QName(node).localname
        if name in ("PriceAmount", "BaseAmount"):
            continue
        text = (node.text or "").strip()
        if "." in text or _dec(text) is None:
            rule = "aligned-ibr-jp-06" if name == "TaxAmount" else "jp-br-02"
            p.add(rule, f"{name} {text!r} in JPY must be a whole number of yen.")


def _category(node: _Element, path: str) -> tuple[str, Decimal | None, list[str]]:
    """(code, percent, tax schemes) of a TaxCategory / ClassifiedTaxCategory."""
    return (
        _text(node, f"{path}/cbc:ID"),
        _dec(_text(node, f"{path}/cbc:Percent")) if _texts(node, f"{path}/cbc:Percent") else None,
        _texts(node, f"{path}/cac:TaxScheme/cbc:ID"),
    )


def _check_category(
    code: str, percent: Decimal | None, schemes: list[str], where: str, p: _Problems
) -> None:
    # aligned-ibrp-cl-01-jp: the Japanese categories.
    p.check(
        code in CATEGORIES,
        "aligned-ibrp-cl-01-jp",
        f"{where}: tax category {code!r} must be one of {', '.join(CATEGORIES)}.",
    )
    # aligned-ibr-jp-03: the tax scheme is VAT (consumption tax).
    p.check(schemes == ["VAT"], "aligned-ibr-jp-03", f"{where}: the tax scheme must be VAT.")
    if code == CATEGORY_OUTSIDE:
        # aligned-ibrp-o-05: not subject to tax carries no rate.
        p.check(
            percent is None, "aligned-ibrp-o-05", f"{where}: category O must not have a tax rate."
        )
    elif percent is None:
        # aligned-ibrp-050-jp / aligned-ibrp-048: every category but O has its rate.
        p.check(False, "aligned-ibrp-050-jp", f"{where}: the tax category must have a tax rate.")
    elif code in (CATEGORY_STANDARD, CATEGORY_REDUCED):
        # ibr-s-05 / ibr-aa-05: standard and reduced rates are above zero.
        p.check(
            percent > 0,
            f"ibr-{code.lower()}-05",
            f"{where}: category {code} must have a rate above 0.",
        )
    elif code in (CATEGORY_EXEMPT, CATEGORY_EXPORT):
        # aligned-ibrp-e-05 / aligned-ibrp-g-05: exempt and export lines are at 0 %.
        p.check(
            percent == 0,
            f"aligned-ibrp-{code.lower()}-05",
            f"{where}: category {code} must have rate 0.",
        )


def _check_lines_and_tax(root: _Element, credit: bool, p: _Problems) -> None:
    line_tag, quantity_tag = (
        ("cac:CreditNoteLine", "cbc:CreditedQuantity")
        if credit
        else ("cac:InvoiceLine", "cbc:InvoicedQuantity")
    )
    lines = _nodes(root, line_tag)
    first, last = (
        _text(root, "cac:InvoicePeriod/cbc:StartDate"),
        _text(root, "cac:InvoicePeriod/cbc:EndDate"),
    )
    p.check(bool(lines), "ibr-016", "An invoice must have at least one line (ibg-25).")
    line_sums: dict[tuple[str, Decimal | None], Decimal] = {}
    line_total = Decimal(0)
    for index, line in enumerate(lines, start=1):
        where = f"line {_text(line, 'cbc:ID') or index}"
        p.check(
            bool(_text(line, "cbc:ID")),
            "ibr-021",
            f"{where}: a line must have an identifier (ibt-126).",
        )
        p.check(
            bool(_text(line, quantity_tag)),
            "ibr-022",
            f"{where}: a line must have a quantity (ibt-129).",
        )
        amount = _amount_of(line, "cbc:LineExtensionAmount")
        p.check(amount is not None, "ibr-024", f"{where}: a line must have a net amount (ibt-131).")
        p.check(
            bool(_text(line, "cac:Item/cbc:Name")),
            "ibr-025",
            f"{where}: a line must have an item name (ibt-153).",
        )
        price = _amount_of(line, "cac:Price/cbc:PriceAmount")
        p.check(
            price is not None and price >= 0,
            "ibr-027",
            f"{where}: the item net price (ibt-146) must be present and not negative.",
        )
        for period in _nodes(line, "cac:InvoicePeriod"):
            # jp-br-07: a line period has both dates.
            p.check(
                bool(_text(period, "cbc:StartDate")) and bool(_text(period, "cbc:EndDate")),
                "jp-br-07",
                f"{where}: the line period (ibg-26) must have a start and an end date.",
            )
            # jp-br-08: a line's dates lie within the invoice period (ISO dates compare as text).
            start, end = _text(period, "cbc:StartDate"), _text(period, "cbc:EndDate")
            p.check(
                not (first and last and start and end) or first <= start <= end <= last,
                "jp-br-08",
                f"{where}: the line period must lie within the invoice period.",
            )
        categories = _nodes(line, "cac:Item/cac:ClassifiedTaxCategory")
        if not categories or not _text(line, "cac:Item/cac:ClassifiedTaxCategory/cbc:ID"):
            # aligned-ibrp-050-jp: each line is categorised with code and rate.
            p.add(
                "aligned-ibrp-050-jp",
                f"{where}: the line must have a tax category code (ibt-151) and rate (ibt-152).",
            )
            continue
        code, percent, schemes = _category(line, "cac:Item/cac:ClassifiedTaxCategory")
        _check_category(code, percent, schemes, where, p)
        if amount is not None:
            line_total += amount
            key = (code, percent)
            line_sums[key] = line_sums.get(key, Decimal(0)) + amount

    tax_totals = _nodes(root, "cac:TaxTotal")
    p.check(
        len(tax_totals) == 1,
        "ibr-co-14",
        "An invoice in JPY must have exactly one tax total (ibg-22).",
    )
    breakdown: dict[tuple[str, Decimal | None], tuple[Decimal, Decimal]] = {}
    tax_sum = Decimal(0)
    for total in tax_totals[:1]:
        for index, subtotal in enumerate(_nodes(total, "cac:TaxSubtotal"), start=1):
            where = f"tax breakdown {index}"
            taxable = _amount_of(subtotal, "cbc:TaxableAmount")
            tax = _amount_of(subtotal, "cbc:TaxAmount")
            p.check(
                taxable is not None,
                "aligned-ibrp-045",
                f"{where}: must have a taxable amount (ibt-116).",
            )
            p.check(
                tax is not None, "aligned-ibrp-046", f"{where}: must have a tax amount (ibt-117)."
            )
            code, percent, schemes = _category(subtotal, "cac:TaxCategory")
            p.check(
                bool(code), "aligned-ibrp-047", f"{where}: must have a tax category code (ibt-118)."
            )
            _check_category(code, percent, schemes, where, p)
            if taxable is None or tax is None:
                continue
            tax_sum += tax
            key = (code, percent)
            # aligned-ibrp-e-01 / o-01 / g-01 and ibr-s/aa: one breakdown per category and rate.
            p.check(
                key not in breakdown,
                f"aligned-ibrp-{code.lower()}-01",
                f"{where}: category {code} at this rate appears more than once.",
            )
            breakdown[key] = (taxable, tax)
            rate = percent if percent is not None else Decimal(0)
            exact = taxable * rate / 100
            low, high = exact.to_integral_value(ROUND_FLOOR), exact.to_integral_value(ROUND_CEILING)
            # aligned-ibrp-051-jp: tax rounded once per rate, either way: between floor and ceiling.
            p.check(
                low <= tax <= high,
                "aligned-ibrp-051-jp",
                f"{where}: tax {tax} on {taxable} at {rate} % must be between {low} and {high}.",
            )
        declared = _amount_of(total, "cbc:TaxAmount")
        # ibr-co-14: the total tax is the sum of the category taxes.
        p.check(
            declared == tax_sum,
            "ibr-co-14",
            f"The total tax ({declared}) must equal the sum of the category taxes ({tax_sum}).",
        )

    for (code, percent), amount in line_sums.items():
        # ibr-s-08 / ibr-aa-08 / ibr-e-08 / ibr-o-08 / ibr-g-08: taxable = the lines of that rate.
        rule = f"ibr-{code.lower()}-08"
        if (code, percent) not in breakdown:
            # aligned-ibrp-e-01 etc.: a category used on a line has its breakdown.
            p.add(
                f"aligned-ibrp-{code.lower()}-01",
                f"Lines of category {code} have no tax breakdown.",
            )
            continue
        taxable = breakdown[(code, percent)][0]
        p.check(
            taxable == amount,
            rule,
            f"The taxable amount of category {code} ({taxable}) must equal its lines ({amount}).",
        )
    for code, _percent in breakdown.keys() - line_sums.keys():
        p.add(f"ibr-{code.lower()}-08", f"The tax breakdown of category {code} has no lines.")

    monetary = _nodes(root, "cac:LegalMonetaryTotal")
    if not monetary:
        p.add("ibr-012", "An invoice must have document totals (ibg-22).")
        return
    totals = monetary[0]
    line_extension = _amount_of(totals, "cbc:LineExtensionAmount")
    exclusive = _amount_of(totals, "cbc:TaxExclusiveAmount")
    inclusive = _amount_of(totals, "cbc:TaxInclusiveAmount")
    payable = _amount_of(totals, "cbc:PayableAmount")
    allowances = _amount_of(totals, "cbc:AllowanceTotalAmount") or Decimal(0)
    charges = _amount_of(totals, "cbc:ChargeTotalAmount") or Decimal(0)
    prepaid = _amount_of(totals, "cbc:PrepaidAmount") or Decimal(0)
    rounding = _amount_of(totals, "cbc:PayableRoundingAmount") or Decimal(0)
    for value, rule, name in (
        (line_extension, "ibr-012", "sum of invoice line net amounts (ibt-106)"),
        (exclusive, "ibr-013", "total without tax (ibt-109)"),
        (inclusive, "ibr-014", "total with tax (ibt-112)"),
        (payable, "ibr-015", "amount due (ibt-115)"),
    ):
        p.check(value is not None, rule, f"An invoice must have the {name}.")
    if line_extension is not None:
        # ibr-co-10: the sum of the line net amounts.
        p.check(
            line_extension == line_total,
            "ibr-co-10",
            f"The sum of line net amounts ({line_extension}) must equal the lines ({line_total}).",
        )
    if exclusive is not None and line_extension is not None:
        # ibr-co-13: total without tax = lines - allowances + charges.
        p.check(
            exclusive == line_extension - allowances + charges,
            "ibr-co-13",
            f"The total without tax ({exclusive}) must equal lines - allowances + charges.",
        )
    if inclusive is not None and exclusive is not None:
        # ibr-co-15: total with tax = total without tax + tax.
        p.check(
            inclusive == exclusive + tax_sum,
            "ibr-co-15",
            f"The total with tax ({inclusive}) must equal {exclusive} + {tax_sum}.",
        )
    if payable is not None and inclusive is not None:
        # ibr-co-16: amount due = total with tax - prepaid + rounding.
        p.check(
            payable == inclusive - prepaid + rounding,
            "ibr-co-16",
            f"The amount due ({payable}) must equal the total with tax - prepaid + rounding.",
        )


def _check_payment(root: _Element, p: _Problems) -> None:
    for means in _nodes(root, "cac:PaymentMeans"):
        # aligned-ibrp-049: a payment instruction has its means code.
        p.check(
            bool(_text(means, "cbc:PaymentMeansCode")),
            "aligned-ibrp-049",
            "A payment instruction (ibg-16) must specify the payment means code (ibt-081).",
        )
        if _text(means, "cbc:PaymentMeansCode") in ("30", "58"):
            for account in _nodes(means, "cac:PayeeFinancialAccount"):
                # aligned-ibrp-016: a credit transfer names the account.
                p.check(
                    bool(_text(account, "cbc:ID")),
                    "aligned-ibrp-016",
                    "A credit transfer (ibg-17) must give the payment account (ibt-084).",
                )


def rule_errors(xml: bytes) -> list[str]:
    """Problems against our subset of the JP PINT business rules (empty = none found)."""
    try:
        root = etree.fromstring(xml, _parser())
    except etree.XMLSyntaxError as exc:
        return [f"[xml] not well-formed: {exc}"]
    qname = etree.QName(root)
    if (qname.localname, qname.namespace) not in (
        ("Invoice", INVOICE_NS),
        ("CreditNote", CREDIT_NOTE_NS),
    ):
        return [f"[xml] root element {root.tag} is neither a UBL 2.1 Invoice nor a CreditNote"]
    credit = qname.localname == "CreditNote"
    problems = _Problems()
    _check_header(root, credit, problems)
    _check_parties(root, problems)
    _check_amounts_are_whole_yen(root, problems)
    _check_lines_and_tax(root, credit, problems)
    _check_payment(root, problems)
    return problems.items
