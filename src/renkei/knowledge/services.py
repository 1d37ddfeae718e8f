"""Writing articles: every write goes through here, in a transaction, with an audit entry and the
search index brought up to date in the same transaction."""

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from renkei.core.audit import audit
from renkei.knowledge.access import writing_company
from renkei.knowledge.choices import ArticleKind, LinkTarget
from renkei.knowledge.indexing import index_article
from renkei.knowledge.models import ActionItem, Article, ArticleLink, Revision, Tag
from renkei.knowledge.models.article import MAX_BODY
from renkei.orgs.models import Group

MAX_TAGS = 10
# Long enough for any manual or minutes people write (MAX_BODY ≈ 40 printed pages); short
# enough that saving, indexing and rendering one stays well under a second: a 9 MB body held
# a worker for 17 s.
MAX_ATTENDEES = 5_000
MAX_DECISIONS = 20_000
MAX_ACTION_ITEMS = 100
MAX_LINKS = 100
MAX_LINK_ID = 2**63 - 1  # ids are bigints: a larger one cannot name anything
TEXT_LIMITS = {"body": MAX_BODY, "attendees": MAX_ATTENDEES, "decisions": MAX_DECISIONS}
KIND_FIELDS = ("reading", "synonyms", "video_url", "meeting_on", "attendees", "decisions")


@dataclass
class Draft:
    """What a writer sends: the text, who may read it, and the kind's own fields."""

    title: str
    body: str = ""
    visibility: str = "group"
    tags: list[str] = field(default_factory=list)
    reading: str = ""
    synonyms: str = ""
    video_url: str = ""
    meeting_on: dt.date | None = None
    attendees: str = ""
    decisions: str = ""
    action_items: list[dict[str, Any]] = field(default_factory=list)
    links: list[tuple[str, int]] = field(default_factory=list)


def parse_tags(text: str) -> list[str]:
    names: list[str] = []
    for part in (text or "").replace("、", ",").replace("，", ",").split(","):
        name = " ".join(part.split())[:40]
        if name and name not in names:
            names.append(name)
    if len(names) > MAX_TAGS:
        raise ValidationError({"tags": _("At most %(n)s tags, please.") % {"n": MAX_TAGS}})
    return names


def _snapshot(article: Article) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(article, name) for name in KIND_FIELDS}
    data["meeting_on"] = article.meeting_on.isoformat() if article.meeting_on else None
    data["visibility"] = article.visibility
    data["tags"] = sorted(article.tags.values_list("name", flat=True))
    data["action_items"] = [
        {"what": a.what, "owner": a.owner, "due_on": a.due_on.isoformat() if a.due_on else None,
         "done": a.done}
        for a in article.action_items.all()
    ]  # fmt: skip
    data["links"] = [[link.target, link.target_id] for link in article.links.all()]
    return data


def _apply(article: Article, draft: Draft) -> None:
    article.title = " ".join((draft.title or "").split())
    article.body = (draft.body or "").replace("\r\n", "\n")
    article.visibility = draft.visibility
    for name in KIND_FIELDS:
        setattr(article, name, getattr(draft, name) or (None if name == "meeting_on" else ""))
    if not article.title:
        raise ValidationError({"title": _("Please give the article a title.")})
    _check_sizes(article, draft)
    if article.kind == ArticleKind.GLOSSARY and not article.body.strip():
        raise ValidationError({"body": _("Please write what the term means.")})
    article.full_clean(exclude=["group", "author", "company", "submission_key"])


def too_long(limit: int, length: int) -> str:
    return _("This text can be at most %(max)s characters; it has %(n)s.") % {
        "max": f"{limit:,}",
        "n": f"{length:,}",
    }


def _check_sizes(article: Article, draft: Draft) -> None:
    """The model's max_length of a TextField is not checked by full_clean: every way in (form,
    API, restore) is bounded here."""
    problems: dict[str, str] = {}
    for name, limit in TEXT_LIMITS.items():
        length = len(getattr(article, name) or "")
        if length > limit:
            problems[name] = too_long(limit, length)
    if len(draft.action_items) > MAX_ACTION_ITEMS:
        problems["action_items"] = _("At most %(n)s action items, please.") % {
            "n": MAX_ACTION_ITEMS
        }
    if len(draft.links) > MAX_LINKS:
        problems["links"] = _("At most %(n)s links, please.") % {"n": MAX_LINKS}
    elif any(not 1 <= target_id <= MAX_LINK_ID for _target, target_id in draft.links):
        problems["links"] = _("A link must name an existing inquiry, company or project.")
    if problems:
        raise ValidationError(problems)


def _save_parts(article: Article, draft: Draft) -> None:
    article.tags.set([Tag.objects.get_or_create(name=name)[0] for name in draft.tags])
    ActionItem.objects.filter(article=article).delete()
    items = []
    for position, item in enumerate(draft.action_items, start=1):
        what = " ".join(str(item.get("what") or "").split())[:200]
        if not what:
            continue
        owner = " ".join(str(item.get("owner") or "").split())[:100]
        if not owner:
            raise ValidationError({"action_items": _("Every action item needs someone to do it.")})
        due = item.get("due_on")
        items.append(
            ActionItem(
                article=article,
                what=what,
                owner=owner,
                due_on=dt.date.fromisoformat(due) if isinstance(due, str) and due else due or None,
                done=bool(item.get("done")),
                position=position,
            )
        )
    ActionItem.objects.bulk_create(items)
    ArticleLink.objects.filter(article=article).delete()
    ArticleLink.objects.bulk_create(
        [
            ArticleLink(article=article, target=target, target_id=target_id)
            for target, target_id in dict.fromkeys(draft.links)
            if target in LinkTarget.values
        ]
    )


def _revise(article: Article, actor: Any, note: str, restored_from: int | None = None) -> Revision:
    return Revision.objects.create(
        article=article,
        number=article.revision_number,
        title=article.title,
        body=article.body,
        data=_snapshot(article),
        note=note[:200],
        author=actor if getattr(actor, "is_authenticated", False) else None,
        company=writing_company(actor, article.group),
        restored_from=restored_from,
    )


def create_article(
    *, actor: Any, group: Group, kind: str, draft: Draft, key: uuid.UUID | None = None
) -> Article:
    """Saves a new article once per form: the same key twice returns the first one."""
    if key is not None:
        existing = Article.objects.filter(group=group, submission_key=key).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            article = Article(
                group=group,
                kind=kind,
                author=actor if getattr(actor, "is_authenticated", False) else None,
                company=writing_company(actor, group),
                submission_key=key or uuid.uuid4(),
            )
            _apply(article, draft)
            article.save()
            _save_parts(article, draft)
            _revise(article, actor, _("first version"))
            index_article(article)
            audit("knowledge.create", actor=actor, obj=article, group=group, summary=article.title)
            return article
    except IntegrityError:
        if key is None:
            raise
        # The same form sent twice at once: the other request saved it.
        return Article.objects.get(group=group, submission_key=key)


@transaction.atomic
def update_article(*, actor: Any, article: Article, draft: Draft, note: str = "") -> Article:
    """Saves the new text as the next revision; the old ones stay for the history."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    _apply(article, draft)
    article.revision_number += 1
    article.save()
    _save_parts(article, draft)
    _revise(article, actor, note)
    index_article(article)
    audit(
        "knowledge.update",
        actor=actor,
        obj=article,
        group=article.group,
        summary=f"r{article.revision_number} {article.title}",
    )
    return article


def draft_of(revision: Revision) -> Draft:
    data = revision.data
    return Draft(
        title=revision.title,
        body=revision.body,
        visibility=data.get("visibility", "group"),
        tags=list(data.get("tags", [])),
        reading=data.get("reading", ""),
        synonyms=data.get("synonyms", ""),
        video_url=data.get("video_url", ""),
        meeting_on=dt.date.fromisoformat(data["meeting_on"]) if data.get("meeting_on") else None,
        attendees=data.get("attendees", ""),
        decisions=data.get("decisions", ""),
        action_items=list(data.get("action_items", [])),
        links=[(t, int(i)) for t, i in data.get("links", [])],
    )


@transaction.atomic
def restore_revision(*, actor: Any, article: Article, number: int) -> Article:
    """Makes an old revision the current text again, as a new revision (nothing is lost)."""
    old = Revision.objects.get(article=article, number=number)
    article = Article.objects.select_for_update().get(pk=article.pk)
    draft = draft_of(old)
    # The text comes back, not who may read it: restoring an early public revision must not
    # reopen an article the group has since restricted.
    draft.visibility = article.visibility
    _apply(article, draft)
    article.revision_number += 1
    article.save()
    _save_parts(article, draft)
    _revise(article, actor, _("restored revision %(n)s") % {"n": number}, restored_from=number)
    index_article(article)
    audit(
        "knowledge.restore",
        actor=actor,
        obj=article,
        group=article.group,
        summary=f"r{number} → r{article.revision_number} {article.title}",
    )
    return article
