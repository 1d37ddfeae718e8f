"""Forms of the organisations domain."""

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from renkei.orgs.calendar_form import BusinessCalendarFields
from renkei.orgs.choices import Circle, MemberRole, PersonRole
from renkei.orgs.models import Company, Group, Membership

User = get_user_model()


class CompanyForm(forms.ModelForm):
    class Meta:
        model = Company
        fields = [
            "name",
            "kana",
            "name_en",
            "corporate_number",
            "prefecture",
            "address",
            "employees",
            "capital_yen",
            "url",
            "email",
            "phone",
            "profile",
            "batch_band",
            "typical_lead_days",
        ]
        widgets = {"profile": forms.Textarea(attrs={"rows": 5})}

    def clean_corporate_number(self) -> str | None:
        from renkei.lib.houjin import normalize_corporate_number

        value = self.cleaned_data.get("corporate_number") or ""
        return normalize_corporate_number(value) or None


class NewMemberForm(CompanyForm):
    circle = forms.ChoiceField(label=_("circle"), choices=Circle.choices, initial="active")
    role = forms.ChoiceField(label=_("office"), choices=MemberRole.choices, initial="member")

    class Meta(CompanyForm.Meta):
        fields = [
            "name",
            "kana",
            "corporate_number",
            "prefecture",
            "address",
            "employees",
            "url",
            "email",
        ]


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["circle", "role", "joined_on", "left_on", "listed_publicly", "internal_note"]
        widgets = {
            "joined_on": forms.DateInput(attrs={"type": "date"}),
            "left_on": forms.DateInput(attrs={"type": "date"}),
            "internal_note": forms.Textarea(attrs={"rows": 3}),
        }


class GroupSettingsForm(BusinessCalendarFields, forms.ModelForm):
    class Meta:
        model = Group
        fields = [
            "name",
            "name_en",
            "tagline",
            "description",
            "is_public",
            "stage",
            "reply_promise_hours",
            "business_day_start",
            "business_day_end",
            "business_weekdays",  # checkboxes, and closures as date rows: see calendar_form
            "inquiry_routing",
            "job_decision",
            "first_hand_takes",
            # Optional as a checkbox: a form posted without it hides the names, the safe side.
            "show_member_names",
            "show_fee_to_customers",
            "require_two_factor",
            "contact_email",
            "website",
            "nda_text",
        ]
        widgets = {
            "nda_text": forms.Textarea(attrs={"rows": 8}),
            "business_day_start": forms.TimeInput(attrs={"type": "time"}),
            "business_day_end": forms.TimeInput(attrs={"type": "time"}),
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A client that posts the older form without this field keeps the current routing.
        self.fields["inquiry_routing"].required = False
        self.fields["job_decision"].required = False
        self.add_calendar_fields(self.instance)

    def clean_inquiry_routing(self) -> str:
        return str(self.cleaned_data.get("inquiry_routing") or self.instance.inquiry_routing)

    def clean_job_decision(self) -> str:
        return str(self.cleaned_data.get("job_decision") or self.instance.job_decision)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("e-mail"))
    role = forms.ChoiceField(label=_("role"), choices=PersonRole.choices)
    company = forms.ModelChoiceField(
        label=_("company"),
        queryset=Company.objects.none(),
        required=False,
        help_text=_("Needed for member admin and member staff."),
    )

    def __init__(self, *args: object, group: Group, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["company"].queryset = Company.objects.filter(  # type: ignore[attr-defined]
            memberships__group=group, memberships__left_on__isnull=True
        )

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("role") in {PersonRole.MEMBER_ADMIN, PersonRole.MEMBER_STAFF} and not data.get(
            "company"
        ):
            self.add_error("company", _("Choose the member company this person acts for."))
        return data


class AcceptInvitationForm(forms.Form):
    username = forms.CharField(label=_("login name"), max_length=150)
    password = forms.CharField(label=_("password"), widget=forms.PasswordInput)

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This login name is taken; choose another."))
        return username

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        validate_password(password)
        return password
