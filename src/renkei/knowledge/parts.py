"""Writing the parts of an article: photos and videos, answers to a question, accepting one.
Every write goes through here, with an audit entry and the index brought up to date."""

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.core.audit import audit
from renkei.knowledge.access import is_coordinator, writing_company
from renkei.knowledge.choices import ArticleKind, AttachmentKind
from renkei.knowledge.files import check_image, check_video
from renkei.knowledge.indexing import index_article
from renkei.knowledge.models import Answer, Article, Attachment
from renkei.knowledge.models.parts import MAX_ANSWER

MAX_ATTACHMENTS = 30


def add_attachment(
    *, actor: Any, article: Article, upload: UploadedFile, kind: str, caption: str = ""
) -> Attachment:
    """Checks the file by its content first: a refused file leaves the article as it was."""
    checked = check_video(upload) if kind == AttachmentKind.VIDEO else check_image(upload)
    if Attachment.objects.filter(article=article).count() >= MAX_ATTACHMENTS:
        raise ValidationError(
            _("An article can have at most %(n)s photos and videos.") % {"n": MAX_ATTACHMENTS}
        )
    with transaction.atomic():
        attachment = Attachment(
            article=article,
            kind=checked.kind,
            original_name=(upload.name or "file")[:255],
            content_type=checked.content_type,
            size=upload.size or 0,
            width=checked.width,
            height=checked.height,
            caption=" ".join(caption.split())[:200],
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        attachment.file.save(upload.name or "file", upload, save=False)
        attachment.save()
        index_article(article)
        audit(
            "knowledge.attach",
            actor=actor,
            obj=attachment,
            group=article.group,
            summary=f"{article.title} {attachment.original_name}",
        )
    return attachment


@transaction.atomic
def remove_attachment(*, actor: Any, attachment: Attachment) -> None:
    article = attachment.article
    name = attachment.original_name
    stored = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored), robust=True)
    index_article(article)
    audit("knowledge.detach", actor=actor, obj=article, group=article.group, summary=name)


def clean_answer(body: str) -> str:
    text = (body or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError(_("Please write an answer before sending it."))
    if len(text) > MAX_ANSWER:
        raise ValidationError(
            _("An answer can be at most %(max)s characters; this one has %(n)s.")
            % {"max": f"{MAX_ANSWER:,}", "n": f"{len(text):,}"}
        )
    return text


def post_answer(*, actor: Any, article: Article, body: str, key: uuid.UUID) -> Answer:
    """Saves the answer once per form (the same key twice returns the first one)."""
    if article.kind != ArticleKind.QUESTION:
        raise ValidationError(_("Only questions take answers."))
    text = clean_answer(body)
    existing = Answer.objects.filter(article=article, key=key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            answer = Answer.objects.create(
                article=article,
                body=text,
                author=actor,
                company=writing_company(actor, article.group),
                key=key,
            )
            index_article(article)
            audit(
                "knowledge.answer",
                actor=actor,
                obj=answer,
                group=article.group,
                summary=f"{article.title}: {text[:80]}",
            )
            return answer
    except IntegrityError:
        return Answer.objects.get(article=article, key=key)


def can_accept(user: Any, article: Article) -> bool:
    """The one who asked, or a coordinator of the group."""
    asked = article.author_id is not None and article.author_id == getattr(user, "pk", None)
    return asked or is_coordinator(user, article.group)


@transaction.atomic
def accept_answer(*, actor: Any, answer: Answer) -> Answer:
    """Marks this answer as the accepted one (another accepted before is unmarked)."""
    Answer.objects.filter(article_id=answer.article_id, accepted=True).exclude(pk=answer.pk).update(
        accepted=False, accepted_at=None
    )
    answer.accepted = True
    answer.accepted_at = timezone.now()
    answer.save(update_fields=["accepted", "accepted_at"])
    audit(
        "knowledge.accept",
        actor=actor,
        obj=answer,
        group=answer.article.group,
        summary=answer.article.title,
    )
    return answer
