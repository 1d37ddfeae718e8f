"""Pages for the parts of an article: photos and videos, answers, and the contributions page."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.knowledge import contributions, parts
from renkei.knowledge.forms import AnswerForm, AttachmentForm
from renkei.knowledge.models import Answer, Attachment
from renkei.knowledge.pages import article_or_404, writable_article_or_404
from renkei.orgs.permissions import coordinator_group_or_404


def attachment_file(request: HttpRequest, slug: str, pk: int, attachment_id: int) -> FileResponse:
    """A photo or video, for those who may read the article (never from a public folder)."""
    article, _reader = article_or_404(request, slug, pk)
    item = get_object_or_404(Attachment.objects.filter(article=article), pk=attachment_id)
    response = FileResponse(item.file.open("rb"), content_type=item.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_POST
def attach(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    article, _reader = writable_article_or_404(request, slug, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a photo or video to add."))
        return redirect(article.get_absolute_url() + "#photos")
    try:
        parts.add_attachment(
            actor=request.user,
            article=article,
            upload=form.cleaned_data["file"],
            kind=form.cleaned_data["kind"],
            caption=form.cleaned_data["caption"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Added."))
    return redirect(article.get_absolute_url() + "#photos")


@login_required
@require_POST
def detach(request: HttpRequest, slug: str, pk: int, attachment_id: int) -> HttpResponse:
    article, _reader = writable_article_or_404(request, slug, pk)
    item = get_object_or_404(Attachment.objects.filter(article=article), pk=attachment_id)
    parts.remove_attachment(actor=request.user, attachment=item)
    messages.success(request, _("Removed."))
    return redirect(article.get_absolute_url() + "#photos")


@login_required
@require_POST
def answer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    article, _reader = writable_article_or_404(request, slug, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "knowledge/answer_form.html",
            {"group": article.group, "article": article, "form": form},
            status=400,
        )
    try:
        parts.post_answer(
            actor=request.user,
            article=article,
            body=form.cleaned_data["body"],
            key=form.cleaned_data["key"],
        )
    except ValidationError as error:
        form.add_error("body", error)
        return render(
            request,
            "knowledge/answer_form.html",
            {"group": article.group, "article": article, "form": form},
            status=400,
        )
    messages.success(request, _("Answer posted."))
    return redirect(article.get_absolute_url() + "#answers")


@login_required
@require_POST
def accept(request: HttpRequest, slug: str, pk: int, answer_id: int) -> HttpResponse:
    article, _reader = article_or_404(request, slug, pk)
    if not parts.can_accept(request.user, article):
        raise Http404
    item = get_object_or_404(Answer.objects.filter(article=article), pk=answer_id)
    parts.accept_answer(actor=request.user, answer=item)
    messages.success(request, _("Marked as the accepted answer."))
    return redirect(article.get_absolute_url() + "#answers")


@login_required
def contributions_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The coordinator's view of who shares knowledge, month by month."""
    group = coordinator_group_or_404(request, slug)
    since = (timezone.localdate() - dt.timedelta(days=365)).replace(day=1)
    rows = contributions.monthly(group, since=since)
    return render(
        request,
        "knowledge/contributions.html",
        {"group": group, "rows": rows, "since": since},
    )
