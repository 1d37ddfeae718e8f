"""Sends a signed-in person who owes a second factor to the verify step or to setup.

A password alone then opens nothing but the two-factor pages, logging out and the language
switch. The JSON API is left alone: it reads bearer tokens only and never the session
(api.auth), so an unverified session is just an anonymous caller there.
"""

from collections.abc import Callable
from functools import cache
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from renkei.accounts.two_factor import owed_step


@cache
def _open_prefixes() -> tuple[str, ...]:
    static = "/" + settings.STATIC_URL.lstrip("/")
    return (
        reverse("two_factor_verify"),
        reverse("two_factor_setup"),
        reverse("logout"),
        reverse("set_language"),
        "/i18n/",
        static,
        "/healthz",
        "/livez",
        "/readyz",
        "/api/",
    )


def _is_open(path: str) -> bool:
    return any(path.startswith(prefix) for prefix in _open_prefixes())


class TwoFactorMiddleware:
    """After OTPMiddleware, which tells whether the session has been verified."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # OTPMiddleware gave the user is_verified(); the stubs do not know it.
        user: Any = request.user
        if user.is_authenticated and not user.is_verified() and not _is_open(request.path_info):
            step = owed_step(user)
            if step == "verify":
                return _send_to(request, "two_factor_verify")
            if step == "setup":
                return _send_to(request, "two_factor_setup")
        return self.get_response(request)


def _send_to(request: HttpRequest, name: str) -> HttpResponse:
    url = reverse(name)
    if request.method == "GET":
        # Only the path of this site: the verify step checks it again before following it.
        url += "?" + urlencode({"next": request.get_full_path()})
    if request.headers.get("HX-Request"):
        # An HTMX request would swap the whole page into a fragment: ask for a full navigation.
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)
