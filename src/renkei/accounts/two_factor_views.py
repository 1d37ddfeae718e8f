"""Two-factor pages: status, setup, recovery codes, turning it off, and the login verify step."""

from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from renkei.accounts import two_factor
from renkei.accounts.two_factor_forms import CodeForm, DisableForm, VerifyForm

# Recovery codes wait here between the POST that made them and the one page that shows them.
SESSION_CODES = "renkei_two_factor_new_codes"


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    """Only a path or URL of this site (https when the request is): anything else goes home."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _wait_message(seconds: int) -> str:
    # django-otp waits longer after each wrong code (1 s, 2 s, 4 s …): after one mistake the
    # wait is a second, so the message must not speak of "several in a row".
    if seconds <= 5:
        return _("Please wait a moment, then enter the code again.")
    return ngettext(
        "There were several wrong codes in a row, so we are pausing for a moment. "
        "Please try again in %(seconds)d second.",
        "There were several wrong codes in a row, so we are pausing for a moment. "
        "Please try again in %(seconds)d seconds.",
        seconds,
    ) % {"seconds": seconds}


def _qr_svg(uri: str) -> str:
    """The otpauth:// address as inline SVG markup: no data: URI, no script, no style, so the
    strict Content-Security-Policy allows it."""
    code = segno.make(uri, error="m")
    svg: str = code.svg_inline(
        scale=5, border=4, dark="#000", light="#fff", title=_("QR code for the authenticator app")
    )
    return svg


@never_cache
@login_required
def status(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    return render(
        request,
        "accounts/two_factor/status.html",
        {
            "enabled": two_factor.has_two_factor(user),
            "required": two_factor.two_factor_required(user),
            "codes_left": two_factor.recovery_codes_left(user),
        },
    )


@never_cache
@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Shows the QR code and secret; the app counts as set up only after a correct code."""
    user: Any = request.user
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if two_factor.has_two_factor(user):
        # Never a second enrolment from a session that has only the password.
        if not user.is_verified():
            return redirect(reverse("two_factor_verify") + "?" + request.GET.urlencode())
        return redirect("two_factor_status")
    device = two_factor.pending_totp(user)
    form = CodeForm(request.POST or None)
    status_code = 200
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_totp(
            request=request, device=device, code=form.cleaned_data["code"]
        )
        if codes is not None:
            request.session[SESSION_CODES] = codes
            messages.success(request, _("Two-factor authentication is on."))
            target = reverse("two_factor_recovery_codes")
            if next_url:
                target += "?" + _next_query(request, next_url)
            return redirect(target)
        wait = two_factor.setup_wait_seconds(device)
        form.add_error(
            "code",
            _wait_message(wait)
            if wait
            else _(
                "That code is not right. Check the clock of your phone and enter the current code."
            ),
        )
        status_code = 400
    elif request.method == "POST":
        status_code = 400
    return render(
        request,
        "accounts/two_factor/setup.html",
        {
            "form": form,
            "qr_svg": mark_safe(_qr_svg(device.config_url)),  # noqa: S308 (segno's own markup)
            "secret": two_factor.base32_secret(device),
            "required": two_factor.two_factor_required(user),
            "next": next_url,
        },
        status=status_code,
    )


def _next_query(request: HttpRequest, next_url: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"next": _safe_next(request, next_url)})


@never_cache
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New codes are shown once, here; afterwards only how many are left."""
    user: Any = request.user
    if not two_factor.has_two_factor(user):
        return redirect("two_factor_status")
    codes = request.session.pop(SESSION_CODES, None)
    return render(
        request,
        "accounts/two_factor/recovery_codes.html",
        {
            "codes": codes,
            "codes_left": two_factor.recovery_codes_left(user),
            "next": _safe_next(request, request.GET.get("next")),
        },
    )


@login_required
@require_POST
def regenerate_recovery_codes(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not two_factor.has_two_factor(user):
        return redirect("two_factor_status")
    request.session[SESSION_CODES] = two_factor.regenerate_recovery_codes(actor=user)
    messages.success(request, _("New recovery codes are ready. The old ones no longer work."))
    return redirect("two_factor_recovery_codes")


@never_cache
@login_required
def disable(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not two_factor.has_two_factor(user):
        return redirect("two_factor_status")
    required = two_factor.two_factor_required(user)
    form = DisableForm(request.POST or None, user=user)
    status_code = 200
    if request.method == "POST":
        status_code = 400
        if required:
            messages.error(request, _("You must use two-factor authentication, so it stays on."))
        elif form.is_valid():
            result = two_factor.disable_two_factor(actor=user, code=form.cleaned_data["code"])
            if result.ok:
                messages.success(request, _("Two-factor authentication is off."))
                return redirect("two_factor_status")
            form.add_error(
                "code",
                _wait_message(result.wait_seconds)
                if result.throttled
                else _("That code is not right."),
            )
    return render(
        request,
        "accounts/two_factor/disable.html",
        {"form": form, "required": required},
        status=status_code,
    )


@never_cache
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The step after the password for a person with an authenticator app."""
    user: Any = request.user
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if user.is_verified():
        return redirect(_safe_next(request, next_url))
    if not two_factor.has_two_factor(user):
        if two_factor.two_factor_required(user):
            return redirect(reverse("two_factor_setup") + "?" + _next_query(request, next_url))
        return redirect(_safe_next(request, next_url))
    form = VerifyForm(request.POST or None, initial={"next": next_url})
    status_code = 200
    if request.method == "POST":
        status_code = 400
        if form.is_valid():
            result = two_factor.verify_second_factor(
                request=request, code=form.cleaned_data["code"]
            )
            if result.ok:
                if result.recovery_code:
                    left = result.device.token_set.count()
                    messages.warning(
                        request,
                        ngettext(
                            "You signed in with a recovery code: %(left)d is left.",
                            "You signed in with a recovery code: %(left)d are left.",
                            left,
                        )
                        % {"left": left},
                    )
                return redirect(_safe_next(request, next_url))
            form.add_error(
                "code",
                _wait_message(result.wait_seconds)
                if result.throttled
                else _("That code is not right. Enter the current code from your app."),
            )
    return render(request, "accounts/two_factor/verify.html", {"form": form}, status=status_code)
