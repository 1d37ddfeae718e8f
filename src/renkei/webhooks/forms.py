from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from renkei.webhooks.addresses import AddressRefused, check_url
from renkei.webhooks.choices import Event
from renkei.webhooks.models import validate_web_url


class EndpointForm(forms.Form):
    url = forms.CharField(
        label=_("URL"),
        max_length=500,
        validators=[validate_web_url],
        widget=forms.URLInput(attrs={"placeholder": "https://example.jp/renkei-hook"}),
        help_text=_("Where renkei sends the events, by HTTP POST."),
    )
    events = forms.MultipleChoiceField(
        label=_("events"),
        choices=Event.choices,
        initial=Event.values,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_url(self) -> str:
        url = str(self.cleaned_data["url"]).strip()
        try:
            check_url(url)
        except AddressRefused as refused:
            raise ValidationError(str(refused), code="private") from None
        return url
