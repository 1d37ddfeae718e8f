"""Periodic work of settlement, run by `renkei tick` (RENKEI_PERIODIC). Each is safe to repeat."""

import calendar
import datetime as dt

from django.utils import timezone
from django_tasks import task

from renkei.lib.money import closing_date


def last_closing(closing_day: int, today: dt.date) -> dt.date:
    """The latest 締め日 that is over by ``today`` (a closing day is invoiced the day after it,
    once every order accepted on it is in)."""
    yesterday = today - dt.timedelta(days=1)
    this = closing_date(closing_day, yesterday)
    if this <= yesterday:
        return this
    previous = this.replace(day=1) - dt.timedelta(days=1)
    last = calendar.monthrange(previous.year, previous.month)[1]
    day = last if closing_day == 0 or closing_day > last else closing_day
    return previous.replace(day=day)


def close_due_periods(now: dt.datetime | None = None) -> dict[str, int]:
    """The periodic check: for each group that sends one invoice per customer and closing day,
    the consolidated invoices of its last closing day. An order already invoiced is skipped, so
    running it every minute issues each invoice once."""
    from renkei.settlement.models import GroupSettlement
    from renkei.settlement.services.invoices import close_period

    today = timezone.localdate(now or timezone.now())
    issued = 0
    for terms in GroupSettlement.objects.filter(consolidated_invoices=True).select_related("group"):
        issued += len(close_period(terms.group, last_closing(terms.closing_day, today)))
    return {"invoices": issued}


def deem_statements(now: dt.datetime | None = None) -> dict[str, int]:
    """The periodic check: statements a member left unanswered until their ``deemed_on`` day
    count as confirmed (the group's terms). Each moves once, so it may run every minute."""
    from renkei.settlement.services.statements import deem_confirmed

    return {"deemed": deem_confirmed(timezone.localdate(now or timezone.now()))}


@task(queue_name="default")
def render_pdf(document_id: int) -> str:
    """Draws an issued document's PDF and e-invoice XML from its frozen data (a follow-up of
    documents issued before batches were drawn by render_documents); safe to run twice."""
    return render_documents.call([document_id])


@task(queue_name="default")
def render_documents(document_ids: list[int]) -> str:
    """Draws issued documents' PDFs and e-invoice XML from their frozen data
    (services.issue.ensure_pdf, ensure_xml): one task per batch issued together. Safe to run
    twice: what is drawn is left as it is, so a worker stopped half way is taken up again."""
    from renkei.settlement.models import IssuedDocument
    from renkei.settlement.services.issue import ensure_pdf, ensure_xml

    drawn = 0
    for document in IssuedDocument.objects.filter(pk__in=document_ids).order_by("pk"):
        ensure_xml(ensure_pdf(document))
        drawn += 1
    return f"{drawn} drawn"
