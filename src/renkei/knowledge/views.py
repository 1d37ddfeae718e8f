"""Pages of the knowledge market: search, a group's articles, one article, writing one."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.knowledge import markdown, parts
from renkei.knowledge.access import WRITER_ROLES, Reader, can_write, is_coordinator
from renkei.knowledge.choices import ArticleKind, Visibility
from renkei.knowledge.forms import AnswerForm, ArticleForm, AttachmentForm, initial_from
from renkei.knowledge.links import shown_links
from renkei.knowledge.models import Article
from renkei.knowledge.models.article import MAX_BODY
from renkei.knowledge.pages import article_or_404, writable_article_or_404
from renkei.knowledge.search import search
from renkei.knowledge.services import create_article, update_article
from renkei.knowledge.services import too_long as too_long_message
from renkei.orgs.models import Group, GroupRole
from renkei.orgs.permissions import visible_group_or_404

PAGE_SIZE = 20


def search_page(request: HttpRequest) -> HttpResponse:
    """One box over the articles, inquiries and companies this person may open."""
    query = (request.GET.get("q") or "").strip()[:200]
    raw = request.GET.get("page", "")
    page = min(max(1, int(raw)), 1000) if raw.isascii() and raw.isdigit() and len(raw) < 6 else 1
    results = search(request.user, query, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    return render(
        request,
        "knowledge/search.html",
        {
            "query": query,
            "results": results,
            "page": page,
            "page_size": PAGE_SIZE,
            "my_groups": _my_groups(request.user),
        },
    )


def _my_groups(user: Any) -> list[tuple[Group, bool]]:
    """The groups this person has a role in, each with whether they may write there: the way
    from the search box to where articles are written."""
    if not getattr(user, "is_authenticated", False):
        return []
    writes: dict[int, bool] = {}
    for group_id, role in GroupRole.objects.filter(user=user).values_list("group_id", "role"):
        writes[group_id] = writes.get(group_id, False) or role in WRITER_ROLES
    groups = Group.objects.filter(pk__in=writes).order_by("name")
    return [(group, writes[group.pk] or user.is_superuser) for group in groups]


def group_articles(request: HttpRequest, slug: str) -> HttpResponse:
    group = visible_group_or_404(request, slug)
    reader = Reader.of(request.user)
    kind = request.GET.get("kind", "")
    tag = (request.GET.get("tag") or "").strip()[:40]
    query = (request.GET.get("q") or "").strip()[:200]
    results = None
    if query:
        results = search(request.user, query, limit=50, group_id=group.pk, everywhere=False)
        articles: Any = [hit.obj for hit in results.articles]
    else:
        articles = Article.objects.for_group(group).filter(reader.article_filter())
        if kind in ArticleKind.values:
            articles = articles.filter(kind=kind)
        if tag:
            articles = articles.filter(tags__name=tag)
        articles = Paginator(
            articles.select_related("author", "company", "group"), PAGE_SIZE
        ).get_page(request.GET.get("page"))
    return render(
        request,
        "knowledge/group.html",
        {
            "group": group,
            "articles": articles,
            "results": results,
            "query": query,
            "kind": kind,
            "tag": tag,
            "kinds": ArticleKind.choices,
            "can_write": can_write(request.user, group),
            "is_coordinator": is_coordinator(request.user, group),
        },
    )


def article(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item, reader = article_or_404(request, slug, pk)
    writer = can_write(request.user, item.group)
    return render(
        request,
        "knowledge/article.html",
        {
            "group": item.group,
            "article": item,
            "html": markdown.render(item.body),
            "tags": item.tags.all(),
            "photos": [a for a in item.attachments.all() if a.kind == "image"],
            "videos": [a for a in item.attachments.all() if a.kind == "video"],
            "action_items": item.action_items.all(),
            "answers": [
                (answer, markdown.render(answer.body))
                for answer in item.answers.select_related("author", "company")
            ],
            "links": shown_links(item, reader),
            "can_write": writer,
            "sees_history": reader.everything or item.group_id in reader.group_ids,
            "can_accept": parts.can_accept(request.user, item),
            "answer_form": AnswerForm(initial={"key": uuid.uuid4()}) if writer else None,
            "attachment_form": AttachmentForm() if writer else None,
        },
    )


def _writer_group_or_404(request: HttpRequest, slug: str) -> Group:
    group = get_object_or_404(Group, slug=slug)
    if not can_write(request.user, group):
        raise Http404
    return group


def _show_errors(form: ArticleForm, error: ValidationError) -> None:
    for name, problems in error.message_dict.items():
        for problem in problems:
            form.add_error(name if name in form.fields else None, problem)


@login_required
def new_article(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    group = _writer_group_or_404(request, slug)
    if kind not in ArticleKind.values:
        raise Http404
    initial = {"key": uuid.uuid4(), "visibility": Visibility.GROUP}
    form = ArticleForm(
        request.POST or None,
        request.FILES or None,
        kind=kind,
        reader=Reader.of(request.user),
        group=group,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = create_article(
                actor=request.user,
                group=group,
                kind=kind,
                draft=form.draft(),
                key=form.cleaned_data["key"],
            )
            photo = form.cleaned_data.get("photo")
            if photo and not item.attachments.exists():
                parts.add_attachment(
                    actor=request.user,
                    article=item,
                    upload=photo,
                    kind="image",
                    caption=form.cleaned_data.get("photo_caption", ""),
                )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("Saved. Thank you for sharing what you know."))
            return redirect(item.get_absolute_url())
    return render(
        request,
        "knowledge/edit.html",
        {"group": group, "form": form, "kind": kind, "kind_label": ArticleKind(kind).label},
        status=400 if form.errors else 200,
    )


@login_required
def edit_article(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item, reader = writable_article_or_404(request, slug, pk)
    initial = initial_from(item) | {"key": uuid.uuid4()}
    form = ArticleForm(
        request.POST or None,
        kind=item.kind,
        reader=reader,
        group=item.group,
        current_links=[(link.target, link.target_id) for link in item.links.all()],
        editing=True,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_article(
                actor=request.user,
                article=item,
                draft=form.draft(),
                note=form.cleaned_data.get("note", ""),
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("Saved as a new revision."))
            return redirect(item.get_absolute_url())
    return render(
        request,
        "knowledge/edit.html",
        {
            "group": item.group,
            "form": form,
            "article": item,
            "kind": item.kind,
            "kind_label": item.get_kind_display(),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def preview(request: HttpRequest) -> HttpResponse:
    """The Markdown as the article page will show it (HTMX, while typing)."""
    text = request.POST.get("body") or ""
    too_long = too_long_message(MAX_BODY, len(text)) if len(text) > MAX_BODY else ""
    # Only as much as an article may hold is rendered: a huge paste costs no more than that.
    html = markdown.render(text[:MAX_BODY])
    return render(request, "knowledge/_preview.html", {"html": html, "too_long": too_long})
