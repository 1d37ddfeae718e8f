"""The legal-form tables with the operator's as-of dates (stored in the database)."""

import datetime as dt

from renkei.cockpit.models import LegalFormAsOf
from renkei.lib import legal_forms


def as_of_dates() -> dict[str, dt.date]:
    dates = dict.fromkeys(legal_forms.FORMS, legal_forms.SEED_AS_OF)
    dates.update(dict(LegalFormAsOf.objects.values_list("form", "as_of")))
    return dates


def table_rows() -> list[dict[str, object]]:
    """Each table as header and rows of plain values, for templates and the API."""
    return [
        {
            "code": table.code,
            "title": table.title,
            "lines": f"{table.lines[0]}–{table.lines[1]}",
            "forms": list(table.forms),
            "rows": [
                {
                    "label": row.label or "区分",
                    "lines": f"{row.lines[0]}–{row.lines[1]}",
                    "values": [cell.value for cell in row.cells],
                }
                for row in table.rows
            ],
        }
        for table in legal_forms.TABLES
    ]
