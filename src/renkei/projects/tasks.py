"""Background work of projects. Each task is safe to run twice: it marks its row in the same
transaction as it files the mail in the outbox, which delivers it (renkei.outbox.mail), so a
repeat skips."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from renkei.outbox.mail import put
from renkei.projects.models import DigestRun, PackageEvent


@task(queue_name="mail")
def mail_coordinators(event_id: int) -> str:
    """Mails the group's coordinators that a package was returned or is delayed, once."""
    from django.urls import reverse

    from renkei.notices.services import coordinators_to_mail

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
        to = coordinators_to_mail(package.group_id)
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
    from renkei.notices.services import coordinator_addresses
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
        to = coordinator_addresses(run.group_id)
        sent = bool(to and context["anything"])
        if sent:
            put(f"projects.digest:{run.pk}", "projects/email/digest", context, to, "ja")
        run.sent_at = timezone.now()
        run.save(update_fields=["sent_at"])
    return "sent" if sent else "nothing to send"
