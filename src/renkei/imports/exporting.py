"""Export of a group's member companies and capabilities, and the empty template, as .xlsx or
CSV (UTF-8 with BOM, which Japanese Excel opens correctly). Headers are in the user's language;
the import reads them in either language."""

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from renkei.capabilities.models import Certification, Equipment
from renkei.imports.columns import SHEETS, SheetSpec
from renkei.orgs.models import Company, Group, Membership

Row = list[object]

# A text cell starting with one of these is run as a formula by Excel, LibreOffice or Google
# Sheets when a CSV is opened (`=HYPERLINK(...)`, `+cmd|...`, `@SUM(...)`); a member typed it, the
# coordinator would run it. OWASP "CSV injection": such a cell is written behind a quote, which
# the spreadsheet shows as text; reading.unguard takes it off again on import.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard(value: object) -> object:
    """A CSV cell that no spreadsheet runs as a formula; numbers and dates are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _language() -> str:
    return get_language() or "ja"


def headers(spec: SheetSpec) -> Row:
    return [column.label(_language()) for column in spec.columns]


def members(group: Group) -> list[tuple[Membership, Company]]:
    memberships = (
        Membership.objects.for_group(group)
        .current()
        .select_related("company")
        .prefetch_related(
            Prefetch("company__company_processes__process"),
            Prefetch("company__company_materials__material"),
        )
        .order_by("company__kana", "company__name")
    )
    return [(m, m.company) for m in memberships]


def rows(group: Group, kind: str) -> Iterator[Row]:
    memberships = members(group)
    if kind == "companies":
        for membership, company in memberships:
            yield _company_row(membership, company)
        return
    companies = {company.pk: company for _m, company in memberships}
    order = ("company__kana", "company__name", "pk")
    if kind == "equipment":
        equipment = Equipment.objects.filter(company_id__in=companies).select_related("company")
        yield from (_equipment_row(e) for e in equipment.select_related("process").order_by(*order))
    else:
        certificates = Certification.objects.filter(company_id__in=companies)
        yield from (
            _certification_row(c) for c in certificates.select_related("company").order_by(*order)
        )


def _company_row(membership: Membership, c: Company) -> Row:
    processes = [cp.process.name for cp in c.company_processes.all()]
    materials = [cm.material.symbol for cm in c.company_materials.all()]
    return [
        c.corporate_number or "", c.name, c.kana, c.name_en, c.get_kind_display(), c.prefecture,
        c.address, c.employees, c.capital_yen, c.url, c.email, c.phone, c.profile,
        c.batch_band, c.typical_lead_days, membership.get_circle_display(),
        "、".join(processes), "、".join(materials),
    ]  # fmt: skip


def _equipment_row(e: Equipment) -> Row:
    process = e.process.name if e.process else ""
    return [
        e.company.corporate_number or "", e.company.name, e.kind, e.maker_model, process,
        e.count, e.axes, e.x_mm, e.y_mm, e.z_mm, e.tolerance_um,
    ]  # fmt: skip


def _certification_row(c: Certification) -> Row:
    return [
        c.company.corporate_number or "", c.company.name, c.standard, c.scope, c.number,
        c.issuer, c.issued_on, c.expires_on, c.get_status_display(),
    ]  # fmt: skip


def to_csv(table: Iterator[Row] | list[Row]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in table:
        writer.writerow(["" if value is None else guard(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(group: Group | None) -> bytes:
    """A workbook with one sheet per kind; with no group, the empty template and a guide."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for spec in SHEETS.values():
        sheet = workbook.create_sheet(spec.label(_language()))
        sheet.append(headers(spec))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        if group is not None:
            for row in rows(group, spec.kind):
                sheet.append(row)
                _as_text(sheet)
    if group is None:
        _guide(workbook.create_sheet(_("Guide")))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _as_text(sheet: Any) -> None:
    """openpyxl stores a string starting with "=" as a formula: the last row's text cells are
    made plain strings again, so a typed `=HYPERLINK(...)` stays text in Excel."""
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def _guide(sheet: object) -> None:
    sheet.append([_("sheet"), _("column"), _("required"), _("how to fill it")])  # type: ignore[attr-defined]
    for spec in SHEETS.values():
        for column in spec.columns:
            sheet.append(  # type: ignore[attr-defined]
                [
                    spec.label(_language()),
                    column.label(_language()),
                    _("yes") if column.required else "",
                    str(column.help),
                ]
            )
