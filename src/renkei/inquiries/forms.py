"""The public inquiry form: a header, one or more lines, and drawings."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renkei.capabilities.models.taxonomy import standard_choices
from renkei.inquiries.models import Answer, AnswerKind, BoundaryRule, Inquiry, InquiryLine
from renkei.inquiries.services import HEADER_FIELDS
from renkei.lib.houjin import corporate_number_error, normalize_corporate_number

MAX_LINES = 20
# The window's trap field: hidden from people (CSS, aria-hidden, out of the tab order), left
# empty by them, filled by scripts that fill every input. A name no browser or password manager
# autofills (not "url", "website", "name" …).
HONEYPOT = "renkei_hp_note"
ABOUT_YOU = ["customer_company", "customer_corporate_number", "contact_name", "email", "phone"]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InquiryForm(forms.ModelForm):
    # Longer than the 13 digits it keeps: people type hyphens, spaces and full-width digits,
    # which clean_customer_corporate_number takes out before it checks the number.
    customer_corporate_number = forms.CharField(
        label=_("法人番号"),
        required=False,
        max_length=40,
        help_text=_("Optional, 13 digits."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def about_you(self) -> list[forms.BoundField]:
        return [self[name] for name in ABOUT_YOU]

    def needs(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in ABOUT_YOU]

    def clean_customer_corporate_number(self) -> str:
        """Optional, but a number given must be a real 法人番号 (the importer checks it too):
        a mistyped one would match the customer to the wrong company later."""
        value = (self.cleaned_data.get("customer_corporate_number") or "").strip()
        if not value:
            return ""
        number = normalize_corporate_number(value)
        if not number.isascii() or not number.isdigit():
            raise forms.ValidationError(
                _("Enter the 法人番号 in digits only (13 digits), or leave it empty."),
                code="corporate_number",
            )
        if len(number) != 13:
            raise forms.ValidationError(
                _(
                    "A 法人番号 has 13 digits; this one has %(n)s. "
                    "Please check it, or leave it empty."
                )
                % {"n": len(number)},
                code="corporate_number",
            )
        if corporate_number_error(number):
            raise forms.ValidationError(
                _(
                    "This 法人番号 does not exist: its first digit (the check digit) does not "
                    "match the other twelve. Please check it, or leave it empty."
                ),
                code="corporate_number",
            )
        return number

    class Meta:
        model = Inquiry
        fields = HEADER_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "quote_due": DATE,
            "desired_delivery": DATE,
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "customer_company": forms.TextInput(attrs={"autocomplete": "organization"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }
        help_texts = {
            "customer_corporate_number": _("Optional, 13 digits."),
            "nda_required": _("Drawings are then shown only to members who accepted our NDA."),
        }


def _document_kinds() -> list[tuple[str, str]]:
    from renkei.quality.models import DocumentKind

    return [(value, str(label)) for value, label in DocumentKind.choices]


class LineForm(forms.ModelForm):
    certifications = forms.MultipleChoiceField(
        label=_("required certifications"),
        choices=standard_choices,  # a callable: standards are data an operator extends
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Stored by the quality app (quality.services.documents.set_line_documents), not on the line.
    quality_documents = forms.MultipleChoiceField(
        label=_("required inspection documents"),
        choices=_document_kinds,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = InquiryLine
        fields = [
            "part_name", "drawing_number", "revision", "quantity", "material", "process_text",
            "size", "tolerance", "surface_treatment", "heat_treatment", "certifications", "notes",
        ]  # fmt: skip
        widgets = {
            "process_text": forms.TextInput(
                attrs={
                    "list": "process-names",
                    "placeholder": _("e.g. 旋盤加工 → 無電解ニッケルめっき"),
                }
            ),
            "material": forms.TextInput(attrs={"list": "material-names"}),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "quantity": forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
        }
        help_texts = {
            "process_text": _("In the order the part goes through them; leave empty if unsure."),
        }

    # Nobody asks for none of a part; ten million is far beyond any batch a group quotes.
    MAX_QUANTITY = 10_000_000
    # A machined part's material, envelope, tolerance and finishes: a food or farming group's
    # customer has none of them, so that group's window leaves them out (hide_part_fields).
    PART_FIELDS = ("material", "size", "tolerance", "surface_treatment", "heat_treatment")

    def hide_part_fields(self) -> None:
        for name in self.PART_FIELDS:
            self.fields.pop(name, None)

    def clean_quantity(self) -> int:
        quantity = self.cleaned_data["quantity"]
        if quantity is not None and not 1 <= quantity <= self.MAX_QUANTITY:
            raise forms.ValidationError(
                _("Enter a quantity from 1 to %(max)s.") % {"max": f"{self.MAX_QUANTITY:,}"}
            )
        return int(quantity or 1)


# absolute_max: a posted TOTAL_FORMS of 100000 must not make Django build (and render) a
# thousand extra line forms before it says there are too many.
LineFormSet = forms.formset_factory(
    LineForm,
    extra=0,
    min_num=1,
    max_num=MAX_LINES,
    absolute_max=MAX_LINES,
    validate_min=True,
    validate_max=True,
)


class AnswerForm(forms.ModelForm):
    class Meta:
        model = Answer
        fields = ["kind", "price_yen", "lead_days", "valid_until", "notes"]
        widgets = {
            "kind": forms.RadioSelect,
            "valid_until": DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
            "price_yen": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "lead_days": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Three plain choices: no "---------" radio button chosen for the member.
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = AnswerKind.choices


class QuoteForm(forms.Form):
    """One price per inquiry line, the group's fee, lead time and validity."""

    fee_percent = forms.DecimalField(
        label=_("group fee (%)"), min_value=0, max_value=100, decimal_places=2, initial=10
    )
    lead_days = forms.IntegerField(label=_("lead time (days)"), min_value=1, required=False)
    valid_until = forms.DateField(label=_("quote valid until"), widget=DATE)
    notes = forms.CharField(
        label=_("notes for the customer"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args: object,
        lines: list[InquiryLine],
        members: list[tuple[int, str]] | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.inquiry_lines = lines
        for line in lines:
            label = f"{line.position}. {line.part_name} × {line.quantity}"
            self.fields[f"price_{line.pk}"] = forms.IntegerField(
                label=label, min_value=0, help_text=_("unit price (yen, excl. tax)")
            )
            # Whose price it is: the member's share of the order (settlement).
            self.fields[f"member_{line.pk}"] = forms.TypedChoiceField(
                label=_("member"),
                choices=[("", _("not decided yet")), *(members or [])],
                coerce=int,
                empty_value=None,
                required=False,
            )

    def price_fields(self) -> list[forms.BoundField]:
        return [self[f"price_{line.pk}"] for line in self.inquiry_lines]

    def line_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [
            (self[f"price_{line.pk}"], self[f"member_{line.pk}"]) for line in self.inquiry_lines
        ]

    def quote_lines(self) -> list[tuple[str, int, int, int | None]]:
        return [
            (
                f"{line.part_name} {line.drawing_number}".strip(),
                line.quantity,
                self.cleaned_data[f"price_{line.pk}"],
                self.cleaned_data.get(f"member_{line.pk}"),
            )
            for line in self.inquiry_lines
        ]


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class BoundaryRuleForm(forms.ModelForm):
    class Meta:
        model = BoundaryRule
        fields = ["kind", "value", "note"]
