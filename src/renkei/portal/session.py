"""The customer session: a verified e-mail address kept in the browser's session, for a week.

Not a Django user: a customer has no account, and the staff pages must never take a customer
for a signed-in person. The session's key is renewed at sign-in, so a key planted in the
browser beforehand (session fixation) is not the one that comes to hold the address."""

import time

from django.http import HttpRequest

SESSION_KEY = "renkei_portal"
SESSION_SECONDS = 7 * 86400


def sign_in(request: HttpRequest, email: str) -> None:
    request.session.cycle_key()
    request.session[SESSION_KEY] = {"email": email, "until": time.time() + SESSION_SECONDS}


def signed_in_email(request: HttpRequest) -> str | None:
    """The verified address of this browser's customer session, or None (none, or expired)."""
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return None
    email, until = data.get("email"), data.get("until")
    if not isinstance(email, str) or not isinstance(until, int | float) or until < time.time():
        return None
    return email


def sign_out(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()
