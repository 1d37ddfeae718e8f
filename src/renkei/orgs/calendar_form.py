"""The business calendar of the group settings form, as people fill it in: a checkbox for each
weekday, the reply promise as a number of hours, and closures as rows of date inputs.

The group stores weekdays as ISO digits ("12345"), the promise as a Decimal and closures as a
yearly list ``[{"name": "年末年始", "start": "12-29", "end": "01-03"}]``; this form turns what
was ticked and picked into those, so nobody types JSON or digits.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext_lazy as _

# ISO weekday digit → Django's abbreviated name (0 = Monday there), translated by Django: 月 … 日.
WEEKDAY_CHOICES = [(str(day + 1), WEEKDAYS_ABBR[day]) for day in range(7)]
EXTRA_CLOSURE_ROWS = 3  # empty rows to add closures without any script
MAX_CLOSURES = 30


def _day_in(mmdd: str, year: int) -> dt.date:
    """A yearly "MM-DD" as a date of ``year`` (29 February falls in the next leap year)."""
    month, day = int(mmdd[:2]), int(mmdd[3:5])
    while True:
        try:
            return dt.date(year, month, day)
        except ValueError:
            year += 1


class WeekdaysField(forms.MultipleChoiceField):
    """Ticked days; a client that still posts the digits ("12345") as one value is read too."""

    def to_python(self, value: Any) -> list[str]:
        days = super().to_python(value)
        return [digit for day in days for digit in day] if days else []


class BusinessCalendarFields(forms.Form):
    """Declared on a Form so that a ModelForm deriving from it gets these fields instead of
    the model's text and JSON ones."""

    business_weekdays = WeekdaysField(
        label=_("business weekdays"),
        choices=WEEKDAY_CHOICES,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "weekdays"}),
        error_messages={"required": _("Tick at least one business day.")},
    )
    reply_promise_hours = forms.DecimalField(
        label=_("reply promise (business hours)"),
        min_value=Decimal("0.25"),
        max_value=Decimal("999"),
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
        help_text=_("Hours of business time, e.g. 2 or 1.5."),
    )

    closure_prefix = "closure"

    def add_calendar_fields(self, instance: Any) -> None:
        """Fields for each saved closure and a few empty rows; and the stored values shown
        the way the fields read them."""
        saved = list(getattr(instance, "closures", None) or [])
        year = timezone.localdate().year
        for index in range(len(saved) + EXTRA_CLOSURE_ROWS):
            self.fields[f"closure_name_{index}"] = forms.CharField(
                label=_("name"), required=False, max_length=60
            )
            for part in ("start", "end"):
                label = _("from") if part == "start" else _("to")
                self.fields[f"closure_{part}_{index}"] = forms.DateField(
                    label=label,
                    required=False,
                    widget=forms.DateInput(
                        attrs={"type": "date", "aria-label": f"{label} {index + 1}"},
                        format="%Y-%m-%d",
                    ),
                )
            self.fields[f"closure_remove_{index}"] = forms.BooleanField(
                label=_("remove"), required=False
            )
            if index < len(saved) and not self.is_bound:
                closure = saved[index]
                start = _day_in(closure["start"], year)
                end = _day_in(closure["end"], start.year)
                if end < start:  # 12-29 … 01-03 runs into the next year
                    end = _day_in(closure["end"], start.year + 1)
                self.initial[f"closure_name_{index}"] = closure["name"]
                self.initial[f"closure_start_{index}"] = start
                self.initial[f"closure_end_{index}"] = end
        self.closure_count = len(saved) + EXTRA_CLOSURE_ROWS
        if not self.is_bound:
            self.initial["business_weekdays"] = list(getattr(instance, "business_weekdays", ""))
            hours = getattr(instance, "reply_promise_hours", None)
            if hours is not None:  # 2, not 2.00
                self.initial["reply_promise_hours"] = format(Decimal(hours).normalize(), "f")

    @property
    def closure_rows(self) -> list[list[forms.BoundField]]:
        parts = ("name", "start", "end", "remove")
        return [
            [self[f"closure_{part}_{index}"] for part in parts]
            for index in range(self.closure_count)
        ]

    @property
    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if not name.startswith("closure_")]

    def clean_business_weekdays(self) -> str:
        return "".join(sorted(set(self.cleaned_data.get("business_weekdays") or [])))

    def _closures_from_rows(self) -> list[dict[str, str]]:
        closures: list[dict[str, str]] = []
        for index in range(self.closure_count):
            data = self.cleaned_data
            name = (data.get(f"closure_name_{index}") or "").strip()
            start = data.get(f"closure_start_{index}")
            end = data.get(f"closure_end_{index}")
            if data.get(f"closure_remove_{index}") or not (name or start or end):
                continue
            if not name:
                self.add_error(f"closure_name_{index}", _("Name the closure, e.g. お盆."))
            if start is None:
                self.add_error(f"closure_start_{index}", _("Choose the first closed day."))
            if end is None:
                self.add_error(f"closure_end_{index}", _("Choose the last closed day."))
            if not (name and start and end):
                continue
            if end < start or (end - start).days > 366:
                self.add_error(
                    f"closure_end_{index}", _("The last day must be within a year after the first.")
                )
                continue
            closures.append(
                {"name": name, "start": start.strftime("%m-%d"), "end": end.strftime("%m-%d")}
            )
        if len(closures) > MAX_CLOSURES:
            self.add_error(None, _("At most 30 closures."))
        return closures

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if any(key.startswith("closure_") for key in self.data):
            data["closures"] = self._closures_from_rows()
        else:  # a form posted without the rows (an older page) keeps the saved closures
            instance = getattr(self, "instance", None)  # the ModelForm this is mixed into
            data["closures"] = list(getattr(instance, "closures", None) or [])
        return data

    @property
    def changed_data(self) -> list[str]:
        """What changed as the model sees it: the closure rows are one field, ``closures``."""
        names = [name for name in super().changed_data if not name.startswith("closure_")]
        saved = list(getattr(getattr(self, "instance", None), "closures", None) or [])
        if (
            "closures" in getattr(self, "cleaned_data", {})
            and self.cleaned_data["closures"] != saved
        ):
            names.append("closures")
        return names
