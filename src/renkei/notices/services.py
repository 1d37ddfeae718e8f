"""Every write to notices and mail preferences goes through here."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from renkei.core.audit import audit
from renkei.notices.models import MAILED_BY_OWN_TASK, MailChoice, Notice, NoticePreference
from renkei.outbox.followups import follow_up


@transaction.atomic
def notify(*, users: Iterable[Any], group: Any, kind: str, text: str, link: str) -> list[Notice]:
    """One notice per person (each person once, inactive accounts left out), and for each a
    mail task once the transaction commits: the task mails those who chose "at once" (kinds
    whose own app mails them are left to that app's task)."""
    from renkei.notices.tasks import mail_notice

    people = {user.pk: user for user in users if user.is_active}
    made = Notice.objects.bulk_create(
        [
            Notice(user=user, group=group, kind=kind, text=text[:300], link=link[:500])
            for user in people.values()
        ]
    )
    if kind not in MAILED_BY_OWN_TASK:
        for notice in made:
            if notice.user.email:
                follow_up(mail_notice, notice.pk)
    return made


def unread_links(*, user: Any, group: Any, kind: str) -> set[str]:
    """The pages this person has unread notices of ``kind`` about, in one query (the board marks
    its inquiries with them)."""
    found = Notice.objects.for_user(user).unread().filter(group=group, kind=kind)
    return set(found.values_list("link", flat=True))


# Not audited, as mark_read: it changes nothing anyone else sees.
@transaction.atomic
def mark_read_about(*, user: Any, link: str) -> int:
    """Opening a page is reading what this person's notices said about it."""
    return Notice.objects.for_user(user).unread().filter(link=link).update(read_at=timezone.now())


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


def coordinator_addresses(group_id: int) -> list[str]:
    """The addresses of the group's active coordinators, sorted, each once."""
    from renkei.orgs.choices import PersonRole
    from renkei.orgs.models import GroupRole

    grants = GroupRole.objects.filter(group_id=group_id, role=PersonRole.COORDINATOR)
    users = [g.user for g in grants.select_related("user")]
    return sorted({u.email for u in users if u.email and u.is_active})


def coordinators_to_mail(group_id: int) -> list[str]:
    """The coordinators' addresses less those who read such news in their digest or notices."""
    to = coordinator_addresses(group_id)
    quiet = quiet_emails(to)
    return [address for address in to if address not in quiet]


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
