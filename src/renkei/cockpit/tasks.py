"""Background work of the cockpit. Each task is safe to run twice."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from renkei.outbox.mail import put


@task(queue_name="mail")
def mail_kpi_alert(alert_id: int) -> str:
    """Mails the coordinators that a KPI fell beyond its tolerance, once."""
    from renkei.cockpit.models import KpiAlert
    from renkei.lib.kpi import BY_CODE
    from renkei.notices.services import coordinators_to_mail

    with transaction.atomic():
        alert = (
            KpiAlert.objects.select_for_update(of=("self",))
            .select_related("group")
            .filter(pk=alert_id, mailed_at__isnull=True)
            .first()
        )
        if alert is None:
            return "skipped"
        # Those who chose the daily summary (or no mail) read it there, not one by one.
        to = coordinators_to_mail(alert.group_id)
        link = settings.RENKEI_BASE_URL.rstrip("/") + reverse(
            "cockpit:kpis", args=[alert.group.slug]
        )
        context = {"alert": alert, "group": alert.group, "kpi": BY_CODE[alert.kpi], "link": link}
        if to:
            put(f"cockpit.kpi_alert:{alert.pk}", "cockpit/email/kpi_alert", context, to, "ja")
        alert.mailed_at = timezone.now()
        alert.save(update_fields=["mailed_at"])
    return "sent" if to else "no recipients"
