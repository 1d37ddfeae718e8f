"""The page where a person makes and revokes their API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from renkei.api import services
from renkei.api.forms import ApiTokenForm
from renkei.api.models import ApiToken


class AuthenticatedRequest(HttpRequest):
    """What login_required guarantees, told to the type checker."""

    user: User


@login_required
@never_cache
def tokens(request: AuthenticatedRequest) -> HttpResponse:
    """Lists the user's own tokens; a POST makes one and shows its secret in this response only.

    The secret is rendered straight into the POST's answer (not kept for a redirect) because
    keeping it anywhere, even in the session, would store it in clear; never_cache keeps it out
    of the browser's cache.
    """
    form = ApiTokenForm()
    secret = None
    status = 200
    if request.method == "POST":
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            _token, secret = services.create_api_token(
                actor=request.user, name=form.cleaned_data["name"]
            )
            form = ApiTokenForm()
        else:
            status = 400
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "secret": secret,
            "tokens": ApiToken.objects.filter(user=request.user),
        },
        status=status,
    )


@login_required
@require_POST
def revoke_token(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    # Scoped to the user: another person's token id answers 404 like a missing one.
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.revoke_api_token(actor=request.user, token=token)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("api:tokens")
