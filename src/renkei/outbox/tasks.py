"""The outbox's task: deliver one mail. Safe to run twice (the claim lets one run through)."""

from django_tasks import task

from renkei.outbox.mail import deliver_one


@task(queue_name="mail")
def deliver(mail_id: int) -> str:
    """Sends one filed mail: claim, send, mark (see outbox.mail)."""
    return deliver_one(mail_id)
