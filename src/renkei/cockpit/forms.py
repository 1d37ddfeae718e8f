"""Input of the cockpit's pages; services check the rules again."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from renkei.cockpit.choices import DocumentKind, RiskCategory
from renkei.cockpit.kpis import label_of
from renkei.lib import coordinator, stages
from renkei.lib import kpi as lib
from renkei.orgs.choices import Stage

ITEM_CHOICES = [(item.code, item.text) for item in stages.CHECKLIST]


class MarkForm(forms.Form):
    item = forms.ChoiceField(choices=ITEM_CHOICES)
    done = forms.BooleanField(required=False, label=_("done"))
    evidence_url = forms.URLField(required=False, label=_("evidence link"), assume_scheme="https")
    note = forms.CharField(required=False, max_length=300, label=_("note"))


class StageForm(forms.Form):
    to_stage = forms.ChoiceField(choices=Stage.choices, label=_("move the group to"))
    reason = forms.CharField(required=False, max_length=500, label=_("reason"))


class AssessForm(forms.Form):
    done = forms.MultipleChoiceField(
        choices=ITEM_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("checklist items done"),
    )


class TargetForm(forms.Form):
    # Labels in the reader's language, chosen when the form is drawn (label_of reads it).
    kpi = forms.ChoiceField(
        choices=lambda: [(k.code, label_of(k.code)) for k in lib.KPIS], label=_("KPI")
    )
    target = forms.FloatField(min_value=0, label=_("target"))
    tolerance = forms.FloatField(min_value=0, initial=0, label=_("tolerance"))


class EffectForm(forms.Form):
    kind = forms.ChoiceField(
        choices=lambda: [(k.code, label_of(k.code)) for k in lib.KPIS if k.external],
        label=_("external effect"),
    )
    occurred_on = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))
    count = forms.IntegerField(min_value=1, initial=1, label=_("how many (people or times)"))
    note = forms.CharField(required=False, max_length=300, label=_("note"))


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(choices=DocumentKind.choices, label=_("document"))
    title = forms.CharField(max_length=200, label=_("title"))
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), label=_("text"))


class RiskForm(forms.Form):
    category = forms.ChoiceField(choices=RiskCategory.choices, label=_("category"))
    title = forms.CharField(max_length=200, label=_("risk"))
    likelihood = forms.IntegerField(min_value=1, max_value=5, label=_("likelihood (1–5)"))
    impact = forms.IntegerField(min_value=1, max_value=5, label=_("impact (1–5)"))
    mitigation = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label=_("mitigation")
    )
    review_on = forms.DateField(
        label=_("next review"), widget=forms.DateInput(attrs={"type": "date"})
    )


class ReviewForm(forms.Form):
    review_on = forms.DateField(
        label=_("next review"), widget=forms.DateInput(attrs={"type": "date"})
    )
    closed = forms.BooleanField(required=False, label=_("closed"))
    mitigation = forms.CharField(required=False, max_length=2000, label=_("mitigation"))


class CoordinatorMarkForm(forms.Form):
    item = forms.ChoiceField(choices=[(item.code, item.mark) for item in coordinator.ITEMS])
    done = forms.BooleanField(required=False, label=_("done"))
    how = forms.CharField(required=False, max_length=500, label=_("how it was done"))


class IndicatorForm(forms.Form):
    # Numbers are checked again (size, finiteness) by the service; text is refused here.
    name = forms.CharField(max_length=100, label=_("indicator name"))
    unit = forms.CharField(required=False, max_length=20, label=_("unit"))
    target = forms.DecimalField(
        required=False, max_digits=15, decimal_places=2, label=_("target (optional)")
    )


class ReadingForm(forms.Form):
    indicator = forms.IntegerField(widget=forms.HiddenInput)
    month = forms.DateField(
        input_formats=["%Y-%m"],
        label=_("month"),
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    value = forms.DecimalField(max_digits=15, decimal_places=2, label=_("value"))


class CirclePersonForm(forms.Form):
    """A person in a circle: one of the group's accounts, or a name (services check again)."""

    circle = forms.ChoiceField(label=_("circle"))
    user = forms.TypedChoiceField(label=_("account"), required=False, coerce=int, empty_value=None)
    name = forms.CharField(label=pgettext_lazy("person", "name"), required=False, max_length=100)
    affiliation = forms.CharField(label=_("affiliation"), required=False, max_length=200)
    note = forms.CharField(label=_("note"), required=False, max_length=500)

    def __init__(
        self,
        *args: object,
        circles: list[tuple[str, str]],
        people: list[tuple[int, str]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["circle"].choices = circles  # type: ignore[attr-defined]
        self.fields["user"].choices = [("", "—"), *people]  # type: ignore[attr-defined]


class OpinionForm(forms.Form):
    text = forms.CharField(
        label=_("opinion"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    received_on = forms.DateField(
        label=pgettext_lazy("opinion", "received on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
