"""The coordinator's checklist (its roles and tasks) and the group's own indicators."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.cockpit import coordinator
from renkei.cockpit.forms import CoordinatorMarkForm, IndicatorForm, ReadingForm
from renkei.cockpit.services import coordinator as service
from renkei.cockpit.views.access import is_coordinator, readable_group, writable_group
from renkei.lib import coordinator as lib


@login_required
def checklist(request: HttpRequest, slug: str) -> HttpResponse:
    group = readable_group(request, slug)
    entries = coordinator.checklist(group)
    context = {
        "group": group,
        "roles": [e for e in entries if e.kind == lib.ROLE],
        "tasks": [e for e in entries if e.kind == lib.TASK],
        "done_count": sum(e.done for e in entries),
        "total": len(entries),
        "can_edit": is_coordinator(request, group),
    }
    return render(request, "cockpit/coordinator.html", context)


@login_required
@require_POST
def mark(request: HttpRequest, slug: str) -> HttpResponse:
    group = writable_group(request, slug)
    form = CoordinatorMarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The item was not saved: the note is limited to 500 characters."))
        return redirect("cockpit:coordinator", slug=group.slug)
    service.mark_task(actor=request.user, group=group, **form.cleaned_data)
    messages.success(request, _("Checklist saved."))
    anchor = f"#item-{form.cleaned_data['item']}"
    return redirect(reverse("cockpit:coordinator", args=[group.slug]) + anchor)


def _refused(request: HttpRequest, form: IndicatorForm | ReadingForm, lead: str) -> None:
    """One polite message naming what to fix (the form's own messages are translated)."""
    details = [str(message) for errors in form.errors.values() for message in errors]
    messages.error(request, " ".join([lead, *details]))


def _own_indicator_post(
    request: HttpRequest, slug: str, form_class: Any, save: Any, refused: str, done: str
) -> HttpResponse:
    """A form of the group's own indicators: validated, saved through ``save`` (a service
    that may refuse with a ValidationError), and back to the indicators with a message."""
    group = writable_group(request, slug)
    form = form_class(request.POST)
    back = reverse("cockpit:kpis", args=[group.slug]) + "#own-indicators"
    if not form.is_valid():
        _refused(request, form, refused)
        return redirect(back)
    try:
        save(actor=request.user, group=group, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join([refused, *error.messages]))
    else:
        messages.success(request, done)
    return redirect(back)


@login_required
@require_POST
def add_indicator(request: HttpRequest, slug: str) -> HttpResponse:
    return _own_indicator_post(
        request, slug, IndicatorForm, service.create_indicator,
        _("The indicator was not saved."), _("Indicator added."),
    )  # fmt: skip


@login_required
@require_POST
def add_reading(request: HttpRequest, slug: str) -> HttpResponse:
    return _own_indicator_post(
        request, slug, ReadingForm, service.record_reading,
        _("The reading was not saved."), _("Reading saved."),
    )  # fmt: skip
