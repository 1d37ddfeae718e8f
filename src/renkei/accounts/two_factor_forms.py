"""Forms of the two-factor pages: they only read what was typed; two_factor checks the codes."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


def _code_input(**attrs: Any) -> forms.TextInput:
    """A field for a one-time code: the phone offers the code it received, nothing corrects it."""
    return forms.TextInput(
        attrs={
            "autocomplete": "one-time-code",
            "autocapitalize": "none",
            "spellcheck": "false",
            "autofocus": True,
            **attrs,
        }
    )


class CodeForm(forms.Form):
    """The 6-digit code from the authenticator app (at setup)."""

    code = forms.CharField(
        label=_("6-digit code"), max_length=20, widget=_code_input(inputmode="numeric")
    )


class VerifyForm(forms.Form):
    """The login step after the password: a code from the app, or a recovery code."""

    code = forms.CharField(
        label=_("6-digit code or recovery code"), max_length=40, widget=_code_input()
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class DisableForm(forms.Form):
    """Turning two-factor authentication off needs both factors again."""

    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label=_("6-digit code or recovery code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password
