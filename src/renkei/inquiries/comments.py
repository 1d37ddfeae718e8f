"""The group's internal comment thread on an inquiry, with @mentions. Every write goes through
here; who may read the thread is decided here too, so pages and mentions agree."""

import re
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from renkei.core.audit import audit
from renkei.inquiries.models import Comment, Inquiry, Mention, Referral
from renkei.inquiries.models.comment import MAX_COMMENT
from renkei.inquiries.referrals import current_members
from renkei.notices.models import NoticeKind
from renkei.notices.services import notify
from renkei.orgs.choices import PersonRole
from renkei.orgs.models import GroupRole
from renkei.outbox.followups import follow_up

MEMBER_ROLES = (PersonRole.MEMBER_ADMIN, PersonRole.MEMBER_STAFF)
# After "@name" a mention ends at anything that cannot continue an ASCII login name, so that
# "@bobさん" (Japanese runs straight on) mentions bob, while "@bobby" does not.
_NAME_GOES_ON = re.compile(r"[A-Za-z0-9_]")


def thread_readers(inquiry: Inquiry) -> dict[str, Any]:
    """Active people who may read the thread, by lower-cased login name: the group's
    coordinators and the people of the member companies the inquiry was passed to."""
    referred = Referral.objects.filter(
        inquiry=inquiry, company_id__in=current_members(inquiry.group)
    ).values("company_id")
    grants = GroupRole.objects.filter(group_id=inquiry.group_id).filter(
        role=PersonRole.COORDINATOR
    ) | GroupRole.objects.filter(
        group_id=inquiry.group_id, role__in=MEMBER_ROLES, company_id__in=referred
    )
    users = {g.user for g in grants.select_related("user") if g.user.is_active}
    return {user.get_username().lower(): user for user in users}


def can_read_thread(user: Any, inquiry: Inquiry) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return any(reader.pk == user.pk for reader in thread_readers(inquiry).values())


def find_mentions(body: str, readers: dict[str, Any]) -> list[Any]:
    """The readers named as @name in the text, each once, in order. A name of someone who may
    not read the thread is plain text, not an error (they are simply not told)."""
    found: list[Any] = []
    names = sorted(readers, key=len, reverse=True)  # the longest name that fits wins
    for match in re.finditer(r"(?<![\w@])@", body):
        rest = body[match.end() :].lower()
        for name in names:
            after = rest[len(name) : len(name) + 1]
            if rest.startswith(name) and not _NAME_GOES_ON.match(after):
                if readers[name] not in found:
                    found.append(readers[name])
                break
    return found


def clean_body(body: str) -> str:
    text = (body or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError(_("Please write a comment before sending it."))
    if len(text) > MAX_COMMENT:
        raise ValidationError(
            _(
                "A comment can be at most %(max)s characters; this one has %(n)s. "
                "Please shorten it or split it in two."
            )
            % {"max": f"{MAX_COMMENT:,}", "n": f"{len(text):,}"}
        )
    return text


def post_comment(*, actor: Any, inquiry: Inquiry, body: str, key: uuid.UUID) -> Comment:
    """Saves the comment once per form (the same key twice returns the first one), tells each
    person mentioned in-app, and has the worker mail them."""
    text = clean_body(body)
    existing = Comment.objects.filter(inquiry=inquiry, key=key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return _create(actor, inquiry, text, key)
    except IntegrityError:
        # Two sends of one form raced; the other one won.
        return Comment.objects.get(inquiry=inquiry, key=key)


def _create(actor: Any, inquiry: Inquiry, text: str, key: uuid.UUID) -> Comment:
    from renkei.inquiries.tasks import mail_mention

    comment = Comment(inquiry=inquiry, author=actor, body=text, key=key)
    comment.full_clean(exclude=["key"])
    comment.save()
    mentioned = [u for u in find_mentions(text, thread_readers(inquiry)) if u.pk != actor.pk]
    mentions = Mention.objects.bulk_create([Mention(comment=comment, user=u) for u in mentioned])
    if mentioned:
        excerpt = " ".join(text.split())[:120]  # one line in the notice list
        notify(
            users=mentioned,
            group=inquiry.group,
            kind=NoticeKind.MENTION,
            text=f"{inquiry.reference} {actor.get_username()}: {excerpt}",
            link=thread_link(inquiry),
        )
    for mention in mentions:
        follow_up(mail_mention, mention.pk)
    audit(
        "inquiry.comment",
        actor=actor,
        obj=comment,
        group=inquiry.group,
        summary=f"{inquiry.reference} {text[:80]}",
        mentioned=[u.pk for u in mentioned],
    )
    return comment


def thread_link(inquiry: Inquiry) -> str:
    """One link for everyone: it opens the thread on the reader's own page of the inquiry."""
    return reverse("inquiries:comments", args=[inquiry.group.slug, inquiry.pk])


@dataclass
class ThreadItem:
    comment: Comment
    html: SafeString


def thread(inquiry: Inquiry) -> list[ThreadItem]:
    """The comments, oldest first, each as inert HTML with line breaks and its mentions
    highlighted (two queries however long the thread)."""
    comments = (
        Comment.objects.filter(inquiry=inquiry)
        .select_related("author")
        .prefetch_related("mentions__user")
    )
    return [
        ThreadItem(c, render_body(c.body, [m.user.get_username() for m in c.mentions.all()]))
        for c in comments
    ]


def render_body(body: str, names: list[str]) -> SafeString:
    """Escapes everything the author wrote; only our own <span> and <br> are markup."""
    if names:
        alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        pattern = re.compile(rf"(?<![\w@])@({alternatives})(?![A-Za-z0-9_])", re.IGNORECASE)
        pieces: list[str] = []
        last = 0
        for match in pattern.finditer(body):
            pieces.append(escape(body[last : match.start()]))
            pieces.append(f'<span class="mention">@{escape(match.group(1))}</span>')
            last = match.end()
        pieces.append(escape(body[last:]))
        html = "".join(pieces)
    else:
        html = escape(body)
    return mark_safe(html.replace("\n", "<br>"))  # noqa: S308 — every piece escaped above
