"""An article's revisions: the list, the difference between two, restoring an old one."""

import difflib
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.knowledge.access import can_write
from renkei.knowledge.models import Revision
from renkei.knowledge.pages import article_or_404, writable_article_or_404
from renkei.knowledge.services import restore_revision


def _lines(revision: Revision) -> list[str]:
    data = json.dumps(revision.data, ensure_ascii=False, sort_keys=True, indent=1)
    return [f"# {revision.title}", *revision.body.splitlines(), "", *data.splitlines()]


def diff_rows(old: Revision, new: Revision) -> list[tuple[str, str]]:
    """(kind, line) with kind "add", "del", "ctx" or "hunk": a unified diff to show as text."""
    rows = []
    lines = difflib.unified_diff(_lines(old), _lines(new), lineterm="", n=2)
    for line in list(lines)[2:]:
        if line.startswith("@@"):
            rows.append(("hunk", line))
        elif line.startswith("+"):
            rows.append(("add", line[1:]))
        elif line.startswith("-"):
            rows.append(("del", line[1:]))
        else:
            rows.append(("ctx", line[1:]))
    return rows


def history(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    article, reader = article_or_404(request, slug, pk)
    if not (reader.everything or article.group_id in reader.group_ids):
        # Earlier revisions may hold what was written for the group only, before the article
        # was opened to the region or the public: its history stays with the group.
        raise Http404
    revisions = list(Revision.objects.filter(article=article).select_related("author", "company"))
    numbers = {r.number: r for r in revisions}
    new_n = request.GET.get("b", "")
    old_n = request.GET.get("a", "")
    new = numbers.get(int(new_n)) if new_n.isdigit() else (revisions[0] if revisions else None)
    old = numbers.get(int(old_n)) if old_n.isdigit() else None
    if old is None and new is not None:
        old = numbers.get(new.number - 1)
    return render(
        request,
        "knowledge/history.html",
        {
            "group": article.group,
            "article": article,
            "revisions": revisions,
            "old": old,
            "new": new,
            "rows": diff_rows(old, new) if old and new else [],
            "can_write": can_write(request.user, article.group),
        },
    )


@login_required
@require_POST
def restore(request: HttpRequest, slug: str, pk: int, number: int) -> HttpResponse:
    article, _reader = writable_article_or_404(request, slug, pk)
    get_object_or_404(Revision, article=article, number=number)
    restore_revision(actor=request.user, article=article, number=number)
    messages.success(request, _("Revision %(n)s is the current text again.") % {"n": number})
    return redirect(article.get_absolute_url())
