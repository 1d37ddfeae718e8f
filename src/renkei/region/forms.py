from django import forms
from django.utils.translation import gettext_lazy as _


class LicenceForm(forms.Form):
    licence = forms.CharField(label=_("licence"), max_length=100)
    licence_url = forms.URLField(label=_("licence URL"), required=False)


class SharingForm(forms.Form):
    shares = forms.BooleanField(label=_("share our figures with the region"), required=False)
