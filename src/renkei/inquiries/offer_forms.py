"""The counter-offer rows under a member's answer: a few optional rows, empty ones ignored, every
number checked with a message a person understands (web form and API alike)."""

import unicodedata
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renkei.inquiries.models.offer import (
    MAX_LEAD_DAYS,
    MAX_OFFER_QUANTITY,
    MAX_OFFERS,
    MAX_PRICE_YEN,
)

OFFERS_PREFIX = "offers"
NUMBER_FIELDS = ("quantity", "price_yen", "lead_days")
# What people type around a number on a phone: 「¥12,000」「12,000円」「50個」「10日」, full-width
# digits. Taken out before the number is read; anything else left makes it "not a number".
_AROUND_NUMBERS = str.maketrans("", "", ",¥円個日 \u3000")


class WholeNumberField(forms.IntegerField):
    """A whole number typed the ways people type it; out of bounds, ``message`` names them."""

    def __init__(self, *, low: int, high: int, message: Any, **kwargs: Any) -> None:
        # A text box with the digit keyboard, not type=number: "48,000" or "¥30,000" as people
        # write prices must reach the server (and its message), not be blocked by the browser.
        widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
        super().__init__(error_messages={"invalid": _number_message()}, widget=widget, **kwargs)
        self.low, self.high, self.message = low, high, message

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = unicodedata.normalize("NFKC", value).translate(_AROUND_NUMBERS)
            # "1e20", "12.5" or "-3" typed as text: not a whole number of yen or parts, and
            # never handed to int(), which would take "1_000" as a thousand.
            if value and not (value.isascii() and value.lstrip("-").isdigit()):
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        number: int | None = super().to_python(value)
        if number is not None and not self.low <= number <= self.high:
            # The message is translated when shown (params, not % at import time).
            raise forms.ValidationError(
                self.message, code="bounds", params={"max": f"{self.high:,}"}
            )
        return number


def _number_message() -> Any:
    return _("Enter a whole number in digits, e.g. 12000.")


class OfferForm(forms.Form):
    """One alternative: another material, quantity or lead time, and the price for it."""

    material = forms.CharField(
        label=_("material"),
        max_length=100,
        required=False,
        help_text=_("Empty: as asked."),
        widget=forms.TextInput(attrs={"list": "material-names", "placeholder": "A5052"}),
    )
    quantity = WholeNumberField(
        label=_("quantity"),
        low=1,
        high=MAX_OFFER_QUANTITY,
        required=False,
        message=_("Enter a quantity from 1 to %(max)s."),
    )
    price_yen = WholeNumberField(
        label=_("price for that quantity (yen, excl. tax)"),
        low=0,
        high=MAX_PRICE_YEN,
        required=False,
        message=_("Enter a price from 0 to %(max)s yen, in digits."),
    )
    lead_days = WholeNumberField(
        label=_("lead time (days)"),
        low=1,
        high=MAX_LEAD_DAYS,
        required=False,
        message=_("Enter a lead time from 1 to %(max)s days."),
    )
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.is_blank():
            return data
        missing = [name for name in NUMBER_FIELDS if data.get(name) is None]
        # A number refused above already says what is wrong with it.
        missing = [name for name in missing if name not in self.errors]
        for name in missing:
            self.add_error(
                name,
                _("Give the quantity, the price and the lead time, or leave the whole row empty."),
            )
        return data

    def is_blank(self) -> bool:
        """Nothing typed in the row at all: ignored, as if it were not there."""
        return not any(str(self.data.get(self.add_prefix(f), "")).strip() for f in self.fields)


class BaseOfferFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_many_forms": _("You can propose at most %(num)d offers."),
        "missing_management_form": _("The form was not complete: please send it again."),
    }

    def offers(self) -> list[dict[str, Any]]:
        """The filled rows in order, each as the model's fields (after is_valid())."""
        return [
            {
                "material": form.cleaned_data.get("material") or "",
                "quantity": form.cleaned_data["quantity"],
                "price_yen": form.cleaned_data["price_yen"],
                "lead_days": form.cleaned_data["lead_days"],
                "note": form.cleaned_data.get("note") or "",
            }
            for form in self.forms
            if not form.is_blank()
        ]


def offer_formset_class(rows: int) -> type[BaseOfferFormSet]:
    # absolute_max: a posted TOTAL_FORMS of 100000 must not build (and render) a hundred thousand
    # forms before it says there are too many.
    return forms.formset_factory(  # type: ignore[return-value]  # the class it was given
        OfferForm,
        formset=BaseOfferFormSet,
        extra=rows,
        max_num=MAX_OFFERS,
        absolute_max=MAX_OFFERS,
        validate_max=True,
    )


def offer_formset(data: Any = None, *, saved: list[dict[str, Any]] | None = None) -> Any:
    """The rows under the answer: the saved offers, then empty rows up to three (at most five)."""
    saved = saved or []
    empty = max(3 - len(saved), 1) if len(saved) < MAX_OFFERS else 0
    # Posted rows are what the member now says: the saved offers are only the page's first fill
    # (as initial data they would make an unchanged row count as empty).
    initial = saved if data is None and saved else None
    formset = offer_formset_class(empty)(data, initial=initial, prefix=OFFERS_PREFIX)
    for n, form in enumerate(formset.forms, start=1):
        form.number = n
    return formset


def offers_sent(data: Any) -> bool:
    """Whether the post carried the offer rows at all: a post without them (an older page, a
    script that answers only the straight question) leaves the saved offers as they are."""
    return f"{OFFERS_PREFIX}-TOTAL_FORMS" in data


def formset_data(offers: list[dict[str, Any]]) -> dict[str, Any]:
    """The API's list of offers as the web form would post it, to be checked the same way."""
    data: dict[str, Any] = {
        f"{OFFERS_PREFIX}-TOTAL_FORMS": str(len(offers)),
        f"{OFFERS_PREFIX}-INITIAL_FORMS": "0",
    }
    for n, offer in enumerate(offers):
        for name in ("material", "quantity", "price_yen", "lead_days", "note"):
            value = offer.get(name)
            data[f"{OFFERS_PREFIX}-{n}-{name}"] = "" if value is None else str(value)
    return data
