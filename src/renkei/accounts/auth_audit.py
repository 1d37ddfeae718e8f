"""Audit entries for authentication events.

Logging in and out happens inside Django's auth views and django-axes, not in a service of
ours, so these are signal receivers (the one place renkei listens to signals: the events come
from outside). ``audit()`` adds the address and browser of the request being served.
"""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from renkei.core.audit import audit

# A username as typed may be anything an attacker sends; keep enough to recognise a typo.
TYPED_USERNAME_LENGTH = 80


def _typed(value: Any) -> str:
    return str(value or "")[:TYPED_USERNAME_LENGTH]


def on_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit("auth.login", actor=user, obj=user, summary=user.get_username())


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    # Only the username: Django has already masked the password in ``credentials``, and it is
    # never written anywhere in any case.
    username = _typed(credentials.get("username"))
    audit("auth.login_failed", summary=username, username=username)


def on_logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit("auth.logout", actor=user, obj=user, summary=user.get_username())


def on_locked_out(sender: Any, request: Any = None, username: Any = None, **kwargs: Any) -> None:
    typed = _typed(username)
    audit("auth.locked_out", summary=typed, username=typed)


def connect() -> None:
    user_logged_in.connect(on_logged_in, dispatch_uid="renkei.auth_audit.login")
    user_login_failed.connect(on_login_failed, dispatch_uid="renkei.auth_audit.failed")
    user_logged_out.connect(on_logged_out, dispatch_uid="renkei.auth_audit.logout")
    user_locked_out.connect(on_locked_out, dispatch_uid="renkei.auth_audit.locked_out")
