"""The application form of the group's page, and the coordinator's small forms."""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renkei.capabilities.models import Material, Process
from renkei.capabilities.models.taxonomy import standard_choices
from renkei.joining.models import Application, JoiningSettings
from renkei.lib.houjin import corporate_number_error, normalize_corporate_number

# The trap field: hidden from people, filled by scripts that fill every input (as the window's).
HONEYPOT = "renkei_hp_remark"
CERTIFICATE_ROWS = 3
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ApplicationForm(forms.ModelForm[Application]):
    # Longer than the 13 digits it keeps: people type hyphens, spaces and full-width digits.
    corporate_number = forms.CharField(
        label=_("法人番号"),
        required=False,
        max_length=40,
        help_text=_(
            "13 digits from the National Tax Agency; leave it empty for a sole proprietor."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    processes = forms.ModelMultipleChoiceField(
        label=_("Processes you do in house"),
        queryset=Process.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    materials = forms.ModelMultipleChoiceField(
        label=_("Materials you work"),
        queryset=Material.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    agree = forms.BooleanField(
        label=_("I have read the member rules and agree to them."),
        required=True,
        error_messages={"required": _("Please read the member rules and tick that you agree.")},
    )

    class Meta:
        model = Application
        fields = [
            "company_name", "kana", "corporate_number", "prefecture", "address", "employees",
            "website", "profile", "contact_name", "email", "phone", "motivation",
        ]  # fmt: skip
        widgets = {
            "profile": forms.Textarea(attrs={"rows": 3}),
            "motivation": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, processes: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [p.pk for p in processes] if processes is not None else None
        chosen = Process.objects.all() if ids is None else Process.objects.filter(pk__in=ids)
        process_field = self.fields["processes"]
        assert isinstance(process_field, forms.ModelMultipleChoiceField)
        process_field.queryset = chosen
        order = {pk: n for n, pk in enumerate(ids or [])}
        process_field.choices = [
            (p.pk, p.name) for p in sorted(chosen, key=lambda p: order.get(p.pk, 0))
        ]
        material_field = self.fields["materials"]
        assert isinstance(material_field, forms.ModelMultipleChoiceField)
        material_field.queryset = Material.objects.select_related("family")
        standards = [("", "—"), *standard_choices()]
        for n in range(1, CERTIFICATE_ROWS + 1):
            self.fields[f"cert{n}_standard"] = forms.ChoiceField(
                label=_("Certificate"), choices=standards, required=False
            )
            self.fields[f"cert{n}_number"] = forms.CharField(
                label=_("certificate number"), max_length=60, required=False
            )
            self.fields[f"cert{n}_until"] = forms.DateField(
                label=_("valid until"), required=False, widget=DATE
            )

    def certificate_rows(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"cert{n}_standard"], self[f"cert{n}_number"], self[f"cert{n}_until"]]
            for n in range(1, CERTIFICATE_ROWS + 1)
        ]

    def profile_fields(self) -> list[forms.BoundField]:
        names = ["company_name", "kana", "corporate_number", "prefecture", "address"]
        return [self[n] for n in [*names, "employees", "website", "profile"]]

    def contact_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in ["contact_name", "email", "phone"]]

    def clean_corporate_number(self) -> str:
        """Optional, but a number given must be a real 法人番号: the company is matched by it."""
        value = (self.cleaned_data.get("corporate_number") or "").strip()
        if not value:
            return ""
        number = normalize_corporate_number(value)
        if not number.isascii() or not number.isdigit() or len(number) != 13:
            raise forms.ValidationError(
                _("A 法人番号 has 13 digits. Please check it, or leave it empty."),
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

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        for n in range(1, CERTIFICATE_ROWS + 1):
            standard = data.get(f"cert{n}_standard")
            until: dt.date | None = data.get(f"cert{n}_until")
            if not standard and (data.get(f"cert{n}_number") or until):
                self.add_error(f"cert{n}_standard", _("Choose the standard of this certificate."))
            if standard and until and until < today:
                self.add_error(
                    f"cert{n}_until",
                    _("This certificate has expired; list only valid certificates."),
                )
        return data

    def certificates(self) -> list[dict[str, str]]:
        """The certificates as the application keeps them."""
        rows = []
        for n in range(1, CERTIFICATE_ROWS + 1):
            standard = self.cleaned_data.get(f"cert{n}_standard")
            if standard:
                until = self.cleaned_data.get(f"cert{n}_until")
                rows.append(
                    {
                        "standard": standard,
                        "number": self.cleaned_data.get(f"cert{n}_number") or "",
                        "valid_until": until.isoformat() if until else "",
                    }
                )
        return rows


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the applicant is told it)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class SettingsForm(forms.ModelForm[JoiningSettings]):
    class Meta:
        model = JoiningSettings
        fields = ["accepts_applications", "probation_jobs", "probation_max_yen"]


class FeeForm(forms.Form):
    company = forms.TypedChoiceField(label=_("company"), coerce=int)
    year = forms.IntegerField(label=_("year"), min_value=1990, max_value=2100)
    amount_yen = forms.IntegerField(label=_("amount (yen)"), min_value=0, max_value=100_000_000)
    paid_on = forms.DateField(label=_("paid on"), required=False, widget=DATE)
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args: Any, companies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        company = self.fields["company"]
        assert isinstance(company, forms.TypedChoiceField)
        company.choices = companies


class LeavingForm(forms.Form):
    left_on = forms.DateField(label=_("leaves on"), widget=DATE)
    reason = forms.CharField(
        label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
