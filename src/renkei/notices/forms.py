from django import forms
from django.utils.translation import gettext_lazy as _

from renkei.notices.models import MailChoice


class PreferenceForm(forms.Form):
    mail = forms.ChoiceField(
        label=_("E-mail me about my notices"),
        choices=MailChoice.choices,
        widget=forms.RadioSelect,
    )
