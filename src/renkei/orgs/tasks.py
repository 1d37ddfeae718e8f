"""Background work of the organisations domain. Each task is safe to run twice."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from renkei.core.mail import send_templated_mail
from renkei.orgs.models import Invitation


@task(queue_name="mail")
def send_invitation(invitation_id: int) -> str:
    """E-mails the invitation link. A second run after success sends nothing (sent_at is set)."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("group")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None or invitation.sent_at is not None or not invitation.is_usable:
            return "skipped"
        link = settings.RENKEI_BASE_URL.rstrip("/") + reverse(
            "orgs:accept_invitation", args=[invitation.token]
        )
        context = {"invitation": invitation, "link": link}
        # Marked sent in the same transaction as the send: if SMTP raises, the row stays unsent
        # and the task fails, so a retry sends it; a crash after the send but before commit can
        # repeat one mail, which is the safe side for an invitation.
        send_templated_mail("orgs/email/invitation", context, [invitation.email], "ja")
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
    return "sent"
