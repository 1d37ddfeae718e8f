"""Forms of the projects pages: they parse and check input; services write."""

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renkei.capabilities.models import Process
from renkei.orgs.models import Company, Group
from renkei.projects.choices import FundingStatus
from renkei.projects.models import Element, FundingSource, Project, WorkPackage
from renkei.projects.models.project import MAX_YEN


def _choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:  # type: ignore[type-arg]
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


class DateInput(forms.DateInput):
    input_type = "date"


class PackageForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = WorkPackage
        fields = ["name", "process", "quantity", "work_days", "due_on", "after", "notes"]
        widgets = {"due_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "process").queryset = Process.objects.all()
        after = WorkPackage.objects.filter(project=project)
        if self.instance.pk:
            after = after.exclude(pk=self.instance.pk)
        _choice(self, "after").queryset = after


class ProjectForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Project
        fields = ["title", "goal", "delivery_on", "status"]
        widgets = {"delivery_on": DateInput(), "goal": forms.Textarea(attrs={"rows": 3})}


class DevelopmentForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Project
        fields = ["title", "goal", "delivery_on"]
        widgets = {"delivery_on": DateInput(), "goal": forms.Textarea(attrs={"rows": 3})}
        labels = {"delivery_on": _("target date")}


def group_companies(group: Group) -> Any:
    return Company.objects.filter(
        memberships__group=group, memberships__left_on__isnull=True
    ).distinct()


def partner_companies(group: Group) -> Any:
    """The group's members and the organisations the region lists publicly (its universities,
    supporters, other groups' listed members); never another group's unlisted members."""
    listed = Company.objects.publicly_listed().filter(memberships__group__region=group.region_id)
    return Company.objects.filter(
        Q(pk__in=group_companies(group).values("pk")) | Q(pk__in=listed.values("pk"))
    ).order_by("kana", "name")


class ElementForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Element
        fields = ["name", "description", "company", "partner"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "company").queryset = group_companies(group)
        # A university or supporter may be outside the group (江戸っ子1号's universities).
        _choice(self, "partner").queryset = partner_companies(group)


class TeamForm(forms.Form):
    company = forms.ModelChoiceField(label=_("organisation"), queryset=Company.objects.none())
    role = forms.ChoiceField(label=_("role"))

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        from renkei.projects.choices import TeamRole

        super().__init__(*args, **kwargs)
        _choice(self, "company").queryset = partner_companies(group)
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)
        role.choices = TeamRole.choices


class YenField(forms.IntegerField):
    """An amount in whole yen, as people type it: ``1,800,000``, ``１８０００００``, ``¥1800000``
    or ``1800000円`` all read as 1800000; anything else, a negative or an absurd amount gets a
    polite message rather than Django's."""

    def __init__(self, *, required: bool = False, **kwargs: Any) -> None:
        super().__init__(
            required=required,
            min_value=0,
            max_value=MAX_YEN,
            error_messages={
                "invalid": _("Enter the amount in whole yen, in digits (e.g. 1800000)."),
                "min_value": _("Enter an amount of ¥0 or more."),
                "max_value": _("Enter an amount of at most ¥100,000,000,000."),
                "required": _("Enter the amount in yen."),
            },
            **kwargs,
        )
        self.widget.input_type = "text"
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = value.strip().translate(_YEN_TYPING)
        number: int | None = super().to_python(value)
        return number


# Full-width digits become ASCII; separators and yen signs are dropped.
_YEN_TYPING = str.maketrans(
    {**{chr(0xFF10 + d): str(d) for d in range(10)}, **dict.fromkeys(",，¥￥円 　", None)}
)


class FundingForm(forms.ModelForm):  # type: ignore[type-arg]
    """A new funding source. A crowdfunding takes a target, the amount pledged and a deadline;
    the model's clean() holds the all-or-nothing rule (seed l.1969–1975)."""

    amount_yen = YenField(label=_("amount (yen)"))
    target_yen = YenField(label=_("target amount (yen)"))
    pledged_yen = YenField(label=_("amount pledged (yen)"))

    class Meta:
        model = FundingSource
        fields = ["kind", "name", "amount_yen", "target_yen", "pledged_yen", "deadline", "status"]
        fields += ["note"]
        widgets = {"deadline": DateInput()}
        help_texts = {
            "target_yen": _("Crowdfunding only: all or nothing, received only when reached."),
        }

    def clean_pledged_yen(self) -> int:
        return self.cleaned_data.get("pledged_yen") or 0


class FundingUpdateForm(forms.Form):
    """A funding row's status, and for a crowdfunding the pledges so far and the deadline."""

    status = forms.ChoiceField(
        label=_("status"),
        choices=FundingStatus.choices,
        error_messages={"invalid_choice": _("Choose one of the statuses.")},
    )
    pledged_yen = YenField(label=_("amount pledged (yen)"))
    deadline = forms.DateField(
        label=_("deadline for pledges"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Enter the date as YYYY-MM-DD.")},
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=500)
