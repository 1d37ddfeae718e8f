"""Every write of the password pages goes through here."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.forms import Form

from renkei.api.services import revoke_all_tokens
from renkei.core.audit import audit
from renkei.outbox.followups import follow_up


@transaction.atomic
def request_password_reset(*, users: Iterable[Any], send: bool, language: str) -> None:
    """Mails each matching person a reset link (from the worker), unless this e-mail address
    asked too often (``send`` false). What the page answers never depends on either."""
    from renkei.accounts.tasks import send_password_reset

    matched = list(users)
    for user in matched:
        audit(
            "auth.password_reset_requested",
            obj=user,
            summary=user.get_username(),
            throttled=not send,
        )
        if send:
            follow_up(send_password_reset, user.pk, language)
    if not matched:
        audit("auth.password_reset_requested", known_address=False, throttled=not send)


def _end_access(user: Any, reason: str) -> None:
    # Every API token goes. The sessions go too, without our deleting them: a session keeps
    # the hash of the password it logged in with (Django's session auth hash) and ends at its
    # next request once that no longer matches. The password change page renews the hash of
    # the session that made the change, so only that one stays.
    revoke_all_tokens(user=user, reason=reason)


@transaction.atomic
def reset_password(*, form: Form) -> Any:
    """Saves the new password of a reset link's SetPasswordForm and ends the person's access
    everywhere: their API tokens and every session."""
    user = form.save()  # type: ignore[attr-defined]
    _end_access(user, "password_reset")
    # The reset link proved the mailbox is theirs: the wrong guesses before it (theirs or an
    # attacker's) no longer stand between them and their account.
    from axes.utils import reset as forget_failures

    forget_failures(username=user.get_username())
    audit("auth.password_reset_done", actor=user, obj=user, summary=user.get_username())
    return user


@transaction.atomic
def change_password(*, actor: Any, form: Form) -> Any:
    """Saves the PasswordChangeForm; the API tokens and the other sessions end."""
    user = form.save()  # type: ignore[attr-defined]
    _end_access(user, "password_changed")
    audit("auth.password_changed", actor=actor, obj=user, summary=user.get_username())
    return user


@transaction.atomic
def password_set_by_operator(*, actor: Any, user: Any) -> None:
    """A platform operator set someone's password in the admin (Django's form saved it): as
    after a reset, the person's API tokens and every session end."""
    _end_access(user, "password_set_by_operator")
    audit("auth.password_set_by_operator", actor=actor, obj=user, summary=user.get_username())
