"""Background work of the accounts pages."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from renkei.outbox.mail import put


@task(queue_name="mail")
def send_password_reset(user_id: int, language: str) -> str:
    """Mails a password reset link. The link is made here, in the worker, so that it is never
    stored in the task queue, and from RENKEI_BASE_URL, never from the Host header of the
    request that asked for it (which anyone can set). Run twice, it sends a second link that
    works as well as the first: the safe side for someone locked out of their account. The
    outbox holds the link only until the mail has gone (``sensitive``)."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None or not user.has_usable_password():
        return "skipped"
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "user": user,
        "link": settings.RENKEI_BASE_URL.rstrip("/") + path,
        "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    put(
        f"accounts.reset:{user.pk}:{secrets.token_hex(8)}",
        "registration/password_reset_email",
        context,
        [user.email],
        language,
        sensitive=True,
    )
    return "sent"
