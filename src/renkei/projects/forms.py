"""Forms of the projects pages: they parse and check input; services write."""

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renkei.capabilities.models import Process
from renkei.orgs.models import Company, Group
from renkei.projects.models import Element, FundingSource, Project, WorkPackage


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


class FundingForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = FundingSource
        fields = ["kind", "name", "amount_yen", "status", "note"]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=500)
