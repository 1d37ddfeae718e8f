"""Background work of the customer portal. Each task is safe to run twice."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django_tasks import task

from renkei.outbox.mail import put
from renkei.portal import services


@task(queue_name="mail")
def send_sign_in_link(link_id: int) -> str:
    """Mails a sign-in link. Its token is made here, in the worker, so that it is never stored
    in the task queue, and only its hash in the database; the link is built from
    RENKEI_BASE_URL, never from the Host header of the request that asked for it (which anyone
    can set). Run twice, the second run finds the link already has its token and sends nothing.
    The outbox holds the mail's text only until it has gone (``sensitive``)."""
    with transaction.atomic():
        issued = services.issue_token(link_id)
        if issued is None:
            return "skipped"
        link, token = issued
        path = reverse("portal:sign_in", args=[token])
        context = {
            "link": settings.RENKEI_BASE_URL.rstrip("/") + path,
            "minutes": int(services.LINK_VALID.total_seconds() // 60),
        }
        put(
            f"portal.sign_in:{link.pk}",
            "portal/email/sign_in",
            context,
            [link.email],
            link.language,
            sensitive=True,
        )
    return "sent"
