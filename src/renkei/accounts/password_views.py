"""renkei's password pages: Django's views with our templates, throttling and services."""

from typing import Any

from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import get_language

from renkei.accounts import services
from renkei.core import throttle


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for an e-mail address and mails a reset link to the accounts that have it.

    Two limits: per address of the client (over it: a polite 429 page), and per e-mail address
    (over it: the same "check your mail" page as always, but no mail), so that the page never
    tells whether an address has an account, nor that its owner is being flooded with mail.
    """

    template_name = "registration/password_reset_form.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        verdict = throttle.check(
            "password_reset_address",
            throttle.client_address(request),
            throttle.rate("password_reset_address"),
        )
        if not verdict.allowed:
            return throttle.too_many_page(request, verdict)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        email = form.cleaned_data["email"]
        verdict = throttle.check(
            "password_reset_email", email, throttle.rate("password_reset_email")
        )
        services.request_password_reset(
            users=form.get_users(email), send=verdict.allowed, language=get_language() or "ja"
        )
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"

    def form_valid(self, form: Any) -> HttpResponse:
        services.reset_password(form=form)
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"

    def form_valid(self, form: Any) -> HttpResponse:
        services.change_password(actor=self.request.user, form=form)
        # This session stays signed in; every other one ends (services._end_access).
        update_session_auth_hash(self.request, form.user)
        return HttpResponseRedirect(self.get_success_url())


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_change_done.html"
