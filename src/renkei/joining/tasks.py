"""Mail about applications to join. Each task is safe to run twice: the outbox files one mail
per key."""

from django.db import transaction
from django_tasks import task

from renkei.joining.choices import ApplicationStatus
from renkei.joining.models import Application
from renkei.outbox.mail import put


def _language(application: Application) -> str:
    return "en" if application.language.startswith("en") else "ja"


@task(queue_name="mail")
def mail_received(application_id: int) -> str:
    """Tells the applicant the application arrived and what happens next."""
    with transaction.atomic():
        application = Application.objects.select_related("group").filter(pk=application_id).first()
        if application is None:
            return "skipped"
        put(
            f"joining.received:{application.pk}",
            "joining/email/received",
            {"application": application, "group": application.group},
            [application.email],
            _language(application),
        )
    return "filed"


@task(queue_name="mail")
def mail_decision(application_id: int) -> str:
    """Tells the applicant, politely, whether it was admitted (and what comes next) or not and
    why."""
    with transaction.atomic():
        application = Application.objects.select_related("group").filter(pk=application_id).first()
        if application is None or application.status not in (
            ApplicationStatus.ACCEPTED,
            ApplicationStatus.DECLINED,
        ):
            return "skipped"
        accepted = application.status == ApplicationStatus.ACCEPTED
        put(
            f"joining.decision:{application.pk}",
            "joining/email/accepted" if accepted else "joining/email/declined",
            {"application": application, "group": application.group},
            [application.email],
            _language(application),
        )
    return "filed"
