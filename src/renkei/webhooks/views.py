"""The coordinator's page for the group's webhook endpoints and their recent deliveries."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from renkei.orgs.models import Group
from renkei.orgs.permissions import coordinator_group_or_404
from renkei.webhooks import services
from renkei.webhooks.choices import DeliveryStatus
from renkei.webhooks.forms import EndpointForm
from renkei.webhooks.models import Delivery, Endpoint

RECENT = 30


@never_cache  # the page that shows a new endpoint's secret must not be kept by a cache
@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = EndpointForm(request.POST if action == "create" else None)
    created = None
    if action == "create" and form.is_valid():
        try:
            created = services.create_endpoint(
                actor=request.user,
                group=group,
                url=form.cleaned_data["url"],
                events=form.cleaned_data["events"],
            )
        except ValidationError as invalid:  # e.g. the name's DNS answer changed meanwhile
            form.add_error(None, invalid)
        else:
            form = EndpointForm()
    elif action == "delete":
        # Deleting takes the delivery history with it: always through the confirmation page.
        endpoint = get_object_or_404(
            Endpoint.objects.filter(group=group), pk=_id(request, "endpoint")
        )
        return redirect("webhooks:delete", slug=group.slug, pk=endpoint.pk)
    elif action and action != "create":
        _act(request, group, action)
        return redirect("webhooks:manage", slug=group.slug)
    context = {
        "group": group,
        "form": form,
        "created": created,
        "endpoints": Endpoint.objects.filter(group=group),
        "deliveries": Delivery.objects.filter(endpoint__group=group).select_related("endpoint")[
            :RECENT
        ],
    }
    return render(request, "webhooks/manage.html", context, status=400 if form.errors else 200)


def _act(request: HttpRequest, group: Group, action: str) -> None:
    if action == "retry":
        delivery = get_object_or_404(
            Delivery.objects.filter(endpoint__group=group), pk=_id(request, "delivery")
        )
        try:
            services.retry_delivery(actor=request.user, delivery=delivery)
        except services.NotRetryable as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("Sending it again now."))
        return
    endpoint = get_object_or_404(Endpoint.objects.filter(group=group), pk=_id(request, "endpoint"))
    if action == "ping":
        services.send_ping(actor=request.user, endpoint=endpoint)
        messages.success(request, _("A test event is on its way."))
    elif action in ("activate", "deactivate"):
        active = action == "activate"
        services.set_endpoint_active(actor=request.user, endpoint=endpoint, active=active)
        messages.success(request, _("Turned on.") if active else _("Turned off."))
    else:
        raise Http404


@never_cache
@login_required
def delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Asks before an endpoint goes, saying what goes with it; the POST from here deletes."""
    group = coordinator_group_or_404(request, slug)
    endpoint = get_object_or_404(Endpoint.objects.filter(group=group), pk=pk)
    if request.method == "POST":
        services.delete_endpoint(actor=request.user, endpoint=endpoint)
        messages.success(request, _("Endpoint deleted."))
        return redirect("webhooks:manage", slug=group.slug)
    deliveries = endpoint.deliveries.all()
    context = {
        "group": group,
        "endpoint": endpoint,
        "deliveries": deliveries.count(),
        "waiting": deliveries.filter(
            status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING]
        ).count(),
        "last": deliveries.first(),
    }
    return render(request, "webhooks/delete.html", context)


def _id(request: HttpRequest, name: str) -> int:
    value = request.POST.get(name, "")
    if not (value.isascii() and value.isdigit()):
        raise Http404
    return int(value)
