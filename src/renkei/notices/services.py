"""Every write to notices and mail preferences goes through here."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from renkei.core.audit import audit
from renkei.notices.models import MailChoice, Notice, NoticePreference


@transaction.atomic
def notify(*, users: Iterable[Any], group: Any, kind: str, text: str, link: str) -> list[Notice]:
    """One notice per person (each person once, inactive accounts left out)."""
    people = {user.pk: user for user in users if user.is_active}
    made = Notice.objects.bulk_create(
        [
            Notice(user=user, group=group, kind=kind, text=text[:300], link=link[:500])
            for user in people.values()
        ]
    )
    return made


# Marking read is not audited: it changes nothing anyone else sees, and it happens on every click.
@transaction.atomic
def mark_read(*, user: Any, notice: Notice) -> Notice:
    if notice.user_id != user.pk:  # views scope first; this keeps the service honest too
        raise Notice.DoesNotExist
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


@transaction.atomic
def mark_all_read(*, user: Any) -> int:
    return Notice.objects.for_user(user).unread().update(read_at=timezone.now())


@transaction.atomic
def set_mail_preference(*, actor: Any, mail: str) -> NoticePreference:
    if mail not in MailChoice.values:
        raise ValueError(mail)
    preference, _created = NoticePreference.objects.select_for_update().get_or_create(user=actor)
    before = preference.mail
    preference.mail = mail
    preference.save(update_fields=["mail"])
    audit("notice.preference", actor=actor, obj=preference, summary=f"{before} → {mail}")
    return preference


def mail_choice(user: Any) -> str:
    found = NoticePreference.objects.filter(user=user).values_list("mail", flat=True).first()
    return found or MailChoice.IMMEDIATE


def quiet_emails(emails: Iterable[str]) -> set[str]:
    """Of these addresses, those whose people asked not to be mailed one by one ("daily" or
    "off"): the digest, or only the in-app notice, tells them instead."""
    emails = list(emails)
    rows = (
        NoticePreference.objects.exclude(mail=MailChoice.IMMEDIATE)
        .annotate(address=Lower("user__email"))
        .filter(address__in=[e.lower() for e in emails])
    )
    quiet = set(rows.values_list("address", flat=True))
    return {e for e in emails if e.lower() in quiet}
