"""The portal's forms: the e-mail address a link is asked for, and a re-order's quantities."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renkei.inquiries.forms import LineForm
from renkei.inquiries.models import InquiryLine


class LinkRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("e-mail"),
        max_length=254,
        help_text=_("The address you sent your inquiries from."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class ReorderForm(forms.Form):
    """One quantity per line of the earlier inquiry, the earlier one's by default."""

    def __init__(self, *args: Any, lines: list[InquiryLine], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.inquiry_lines = lines
        for line in lines:
            self.fields[f"quantity_{line.pk}"] = forms.IntegerField(
                label=_("quantity"),
                min_value=1,
                max_value=LineForm.MAX_QUANTITY,
                initial=line.quantity,
                error_messages={
                    "min_value": _("Enter a quantity from 1 to %(max)s.")
                    % {"max": f"{LineForm.MAX_QUANTITY:,}"},
                    "max_value": _("Enter a quantity from 1 to %(max)s.")
                    % {"max": f"{LineForm.MAX_QUANTITY:,}"},
                },
                widget=forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
            )

    def rows(self) -> list[tuple[InquiryLine, forms.BoundField]]:
        return [(line, self[f"quantity_{line.pk}"]) for line in self.inquiry_lines]

    def quantities(self) -> dict[int, int]:
        return {
            line.pk: int(self.cleaned_data[f"quantity_{line.pk}"]) for line in self.inquiry_lines
        }
