"""People in the community circles and the outsiders' opinions (seed l.2595–2634): the map page
shows them, the coordinator adds them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from renkei.cockpit.forms import CirclePersonForm, OpinionForm
from renkei.cockpit.models import CirclePerson, OutsiderOpinion
from renkei.cockpit.services import circles as service
from renkei.cockpit.views.access import writable_group
from renkei.orgs.choices import Circle
from renkei.orgs.models import Group, GroupRole

# The circles as the seed describes them (l.2603–2610), for the cockpit's map. The fourth is
# the outsider who sends opinions from outside, not a passive observer.
CIRCLES: list[tuple[str, object, object]] = [
    (
        Circle.CORE,
        pgettext_lazy("circle", "Core group"),
        gettext_lazy("Does the group's actual work: member companies and people."),
    ),
    (
        Circle.ACTIVE,
        pgettext_lazy("circle", "Active group"),
        gettext_lazy("Agrees with the activity and takes part from time to time."),
    ),
    (
        Circle.SUPPORTER,
        pgettext_lazy("circle", "Supporters"),
        gettext_lazy(
            "Support the group with money, skills or places; often large companies that agree "
            "with it."
        ),
    ),
    (
        Circle.OBSERVER,
        pgettext_lazy("circle", "Outsiders"),
        gettext_lazy("From quite unrelated quarters, they send the group their opinions."),
    ),
]
OPINIONS_SHOWN = 10  # per outsider on the map; older ones stay recorded


def circle_choices() -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label, _desc in CIRCLES]


def group_people(group: Group) -> list[tuple[int, str]]:
    """The group's accounts, each once, to pick a person from."""
    seen: dict[int, str] = {}
    for role in GroupRole.objects.filter(group=group).select_related("user").order_by("user_id"):
        seen.setdefault(role.user_id, role.user.get_username())
    return sorted(seen.items(), key=lambda each: each[1])


def people_by_circle(group: Group) -> dict[str, list[CirclePerson]]:
    people: dict[str, list[CirclePerson]] = {str(value): [] for value, _l, _d in CIRCLES}
    recent = OutsiderOpinion.objects.order_by("-received_on", "-pk")
    for person in (
        CirclePerson.objects.filter(group=group)
        .select_related("user")
        .prefetch_related(Prefetch("opinions", queryset=recent))
    ):
        people.setdefault(person.circle, []).append(person)
    return people


def _back(group: Group, anchor: str) -> HttpResponse:
    return redirect(reverse("cockpit:maps", args=[group.slug]) + anchor)


@login_required
@require_POST
def add_person(request: HttpRequest, slug: str) -> HttpResponse:
    group = writable_group(request, slug)
    form = CirclePersonForm(request.POST, circles=circle_choices(), people=group_people(group))
    if not form.is_valid():
        messages.error(request, _("The person was not added: check the form."))
        return _back(group, "#circle-people")
    data = form.cleaned_data
    try:
        person = service.add_person(
            actor=request.user,
            group=group,
            circle=data["circle"],
            user_id=data["user"],
            name=data["name"],
            affiliation=data["affiliation"],
            note=data["note"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(group, "#circle-people")
    messages.success(request, _("%(name)s added.") % {"name": person.display_name})
    return _back(group, f"#person-{person.pk}")


@login_required
@require_POST
def add_opinion(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = writable_group(request, slug)
    person = get_object_or_404(CirclePerson, group=group, pk=pk)
    form = OpinionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The opinion was not saved: write it in under 2,000 characters."))
        return _back(group, f"#person-{person.pk}")
    try:
        service.record_opinion(
            actor=request.user,
            person=person,
            text=form.cleaned_data["text"],
            received_on=form.cleaned_data["received_on"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Opinion recorded."))
    return _back(group, f"#person-{person.pk}")
