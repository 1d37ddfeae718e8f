"""The coordinator's checklist (its roles and tasks) and the group's own indicators."""

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


@login_required
@require_POST
def add_indicator(request: HttpRequest, slug: str) -> HttpResponse:
    group = writable_group(request, slug)
    form = IndicatorForm(request.POST)
    back = reverse("cockpit:kpis", args=[group.slug]) + "#own-indicators"
    if not form.is_valid():
        _refused(request, form, _("The indicator was not saved."))
        return redirect(back)
    try:
        service.create_indicator(actor=request.user, group=group, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join([_("The indicator was not saved."), *error.messages]))
    else:
        messages.success(request, _("Indicator added."))
    return redirect(back)


@login_required
@require_POST
def add_reading(request: HttpRequest, slug: str) -> HttpResponse:
    group = writable_group(request, slug)
    form = ReadingForm(request.POST)
    back = reverse("cockpit:kpis", args=[group.slug]) + "#own-indicators"
    if not form.is_valid():
        _refused(request, form, _("The reading was not saved."))
        return redirect(back)
    try:
        service.record_reading(actor=request.user, group=group, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join([_("The reading was not saved."), *error.messages]))
    else:
        messages.success(request, _("Reading saved."))
    return redirect(back)
