"""Forms of settlement's own settings: the group's terms and a member's billing details."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renkei.settlement.models import GroupSettlement, MemberBilling

SEAL_MAX_BYTES = 512 * 1024

BILLING_FIELDS = [
    "legal_name", "address", "registration_number", "representative", "phone", "billing_email",
    "bank_name", "bank_code", "branch_name", "branch_code", "account_kind", "account_number",
    "account_holder_kana", "payer_kana", "rounding", "fiscal_year_start_month", "seal",
]  # fmt: skip


class _SealMixin(forms.ModelForm):
    def clean_seal(self) -> Any:
        seal = self.cleaned_data.get("seal")
        if seal and getattr(seal, "size", 0) > SEAL_MAX_BYTES:
            raise forms.ValidationError(_("The seal image must be smaller than 512 KB."))
        if seal and getattr(seal, "content_type", "image/png") not in ("image/png", "image/jpeg"):
            raise forms.ValidationError(_("Please upload the seal as a PNG or JPEG image."))
        return seal


class TermsForm(_SealMixin):
    class Meta:
        model = GroupSettlement
        fields = [
            "mode", "entity_form", "fee_kind", "fee_value", "closing_day",
            "consolidated_invoices", "customer_pay_months", "customer_pay_day",
            "member_pay_months", "member_pay_day", "deemed_days", "net_fee_in_statements",
            "zengin_requester_code", "reserve_percent", "education_percent",
            "capital_dividend_percent", *BILLING_FIELDS,
        ]  # fmt: skip
        help_texts = {
            "closing_day": _("0 means the last day of the month (月末締め)."),
            "customer_pay_day": _("0 means the last day of the month."),
            "member_pay_day": _("0 means the last day of the month."),
            "registration_number": _("T and 13 digits, as on the registration notice."),
            "fee_value": _("A percent for the percentage and margin kinds; yen for a fixed fee."),
        }


class BillingForm(_SealMixin):
    class Meta:
        model = MemberBilling
        fields = BILLING_FIELDS
        help_texts = {
            "registration_number": _("T and 13 digits, as on the registration notice."),
            "account_holder_kana": _("As the bank has it, e.g. ｶ)ｱｵｷｾｲｺｳ."),
        }
