"""Background work of projects. Each task is safe to run twice: it marks its row in the same
transaction as it files the mail in the outbox, which delivers it (renkei.outbox.mail), so a
repeat skips."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from renkei.outbox.mail import put
from renkei.projects.models import DigestRun, PackageEvent


def _coordinator_emails(group_id: int) -> list[str]:
    from renkei.orgs.choices import PersonRole
    from renkei.orgs.models import GroupRole

    grants = GroupRole.objects.filter(group_id=group_id, role=PersonRole.COORDINATOR)
    users = [g.user for g in grants.select_related("user")]
    return sorted({u.email for u in users if u.email and u.is_active})


@task(queue_name="mail")
def mail_coordinators(event_id: int) -> str:
    """Mails the group's coordinators that a package was returned or is delayed, once."""
    from django.urls import reverse

    from renkei.notices.services import quiet_emails

    with transaction.atomic():
        event = (
            PackageEvent.objects.select_for_update(of=("self",))
            .select_related("package__group", "package__project", "company", "actor")
            .filter(pk=event_id, mailed_at__isnull=True)
            .first()
        )
        if event is None:
            return "skipped"
        package = event.package
        to = _coordinator_emails(package.group_id)
        quiet = quiet_emails(to)
        to = [address for address in to if address not in quiet]
        path = reverse("projects:package", args=[package.group.slug, package.pk])
        context = {
            "event": event,
            "package": package,
            "group": package.group,
            "link": settings.RENKEI_BASE_URL.rstrip("/") + path,
        }
        if to:
            put(f"projects.event:{event.pk}", "projects/email/package_event", context, to, "ja")
        event.mailed_at = timezone.now()
        event.save(update_fields=["mailed_at"])
    return "sent" if to else "no recipients"


@task(queue_name="mail")
def mail_digest(run_id: int) -> str:
    """The coordinator's daily digest of one group, at most once per run (group and day)."""
    from renkei.projects.digest import digest_context

    with transaction.atomic():
        run = (
            DigestRun.objects.select_for_update(of=("self",))
            .select_related("group")
            .filter(pk=run_id, sent_at__isnull=True)
            .first()
        )
        if run is None:
            return "skipped"
        context = digest_context(run.group)
        to = _coordinator_emails(run.group_id)
        sent = bool(to and context["anything"])
        if sent:
            put(f"projects.digest:{run.pk}", "projects/email/digest", context, to, "ja")
        run.sent_at = timezone.now()
        run.save(update_fields=["sent_at"])
    return "sent" if sent else "nothing to send"
