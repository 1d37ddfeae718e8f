"""Background work of the organisations domain. Each task is safe to run twice."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from renkei.orgs.models import Invitation
from renkei.outbox.mail import put


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
        # Marked in the same transaction as it is filed in the outbox, which delivers it.
        put(
            f"orgs.invitation:{invitation.pk}",
            "orgs/email/invitation",
            context,
            [invitation.email],
            "ja",
        )
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
    return "sent"
