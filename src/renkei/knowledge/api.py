"""The knowledge market by API: one search over what the caller may open, and writing an
article. Mounted by renkei.api.v1."""

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.html import escape
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema
from ninja.errors import AuthenticationError
from ninja.responses import Status

from renkei.api.auth import caller
from renkei.api.endpoints.common import ERRORS, not_found
from renkei.api.endpoints.inquiry_work import Invalid
from renkei.api.inquiry_schemas import FieldErrors
from renkei.api.schemas import IdempotencyKey, In, ObjectId, PathSlug
from renkei.knowledge.access import can_write
from renkei.knowledge.choices import ArticleKind, LinkTarget, Visibility
from renkei.knowledge.models import Article
from renkei.knowledge.models.article import MAX_BODY
from renkei.knowledge.search import Hit, search
from renkei.knowledge.services import (
    MAX_ACTION_ITEMS,
    MAX_ATTENDEES,
    MAX_DECISIONS,
    MAX_LINKS,
    MAX_TAGS,
    Draft,
    create_article,
    parse_tags,
)
from renkei.lib.ngram import Segment
from renkei.orgs.models import Group

router = Router(tags=["knowledge"])
MAX_KEY = 200


class SearchParams(In):
    q: str = Field("", max_length=200, description="Words; every one must match.")
    limit: int = Field(20, ge=1, le=100, description="Articles per page.")
    offset: int = Field(0, ge=0, le=100_000)


class HitOut(Schema):
    id: int
    kind: str = Field(description="article kind, or inquiry / company")
    title: str
    group: str | None = None
    url: str
    snippet: str
    snippet_html: str = Field(description="The snippet, escaped, with hits in <mark>.")


class Section(Schema):
    count: int
    items: list[HitOut]


class SearchOut(Schema):
    query: str
    terms: list[list[str]] = Field(description="Each word with the variants searched for it.")
    articles: Section
    inquiries: Section
    companies: Section


class ActionItemIn(In):
    what: str = Field(max_length=200)
    owner: str = Field(max_length=100)
    due_on: dt.date | None = None


class LinkIn(In):
    target: LinkTarget
    id: ObjectId


# The same limits as the web form; bounded here too so that a huge request is refused before
# any work is done on it.
class ArticleIn(In):
    kind: ArticleKind
    title: str = Field(max_length=200)
    body: str = Field("", max_length=MAX_BODY, description="Markdown")
    visibility: Visibility = Visibility.GROUP
    tags: list[str] = Field([], max_length=MAX_TAGS)
    reading: str = Field("", max_length=100)
    synonyms: list[str] = Field([], max_length=50)
    video_url: str = Field("", max_length=500, description="An https:// link to a video")
    meeting_on: dt.date | None = None
    attendees: str = Field("", max_length=MAX_ATTENDEES)
    decisions: str = Field("", max_length=MAX_DECISIONS)
    action_items: list[ActionItemIn] = Field([], max_length=MAX_ACTION_ITEMS)
    links: list[LinkIn] = Field([], max_length=MAX_LINKS)
    key: str | None = Field(None, description="Makes a retried request return the same article.")


class ArticleOut(Schema):
    id: int
    kind: str
    title: str
    visibility: str
    revision: int
    url: str


def _html(segments: list[Segment]) -> str:
    return "".join(f"<mark>{escape(s.text)}</mark>" if s.hit else escape(s.text) for s in segments)


def _hit(hit: Hit, request: HttpRequest) -> dict[str, Any]:
    kind = hit.obj.kind if hit.kind == "article" else hit.kind
    group = getattr(getattr(hit.obj, "group", None), "slug", None)
    return {
        "id": hit.obj.pk,
        "kind": kind,
        "title": "".join(s.text for s in hit.title),
        "group": group,
        "url": request.build_absolute_uri(hit.url) if hit.url else "",
        "snippet": "".join(s.text for s in hit.snippet),
        "snippet_html": _html(hit.snippet),
    }


@router.get(
    "/search", response={200: SearchOut, **ERRORS}, summary="Search everything you may open"
)
def search_knowledge(request: HttpRequest, params: Query[SearchParams]) -> dict[str, Any]:
    """Articles (ranked, paged), the inquiries the caller may open and the companies the
    directory shows them. Width, kana and the glossaries' synonyms are folded: メッキ, めっき,
    ﾒｯｷ and 鍍金 find each other."""
    results = search(caller(request), params.q, limit=params.limit, offset=params.offset)
    return {
        "query": params.q,
        "terms": results.terms,
        "articles": {
            "count": results.article_count,
            "items": [_hit(h, request) for h in results.articles],
        },
        "inquiries": {
            "count": results.inquiry_count,
            "items": [_hit(h, request) for h in results.inquiries],
        },
        "companies": {
            "count": results.company_count,
            "items": [_hit(h, request) for h in results.companies],
        },
    }


def _key(header: str | None, given: str | None, user_id: int) -> uuid.UUID:
    given = header or given
    if not given:
        return uuid.uuid4()
    if len(given) > MAX_KEY:
        raise Invalid(
            {"key": [gettext("Use a key of at most %(max)s characters.") % {"max": MAX_KEY}]}
        )
    return uuid.uuid5(uuid.NAMESPACE_URL, f"renkei-article:{user_id}:{given.strip()}")


@router.post(
    "/groups/{slug}/articles",
    response={200: ArticleOut, 201: ArticleOut, 400: FieldErrors, **ERRORS},
    summary="Write an article",
)
def create_group_article(
    request: HttpRequest,
    slug: PathSlug,
    data: ArticleIn,
    idempotency_key: IdempotencyKey = None,
) -> Status[dict[str, Any]]:
    """For the group's member people and coordinators; everyone else gets 404. 201 with the
    new article; 200 with the same article when the request repeats one (same key)."""
    user = caller(request)
    if not user.is_authenticated:
        raise AuthenticationError(message=gettext("Send your API token to write."))
    group = Group.objects.filter(slug=slug).first()
    if group is None or not can_write(user, group):
        raise not_found(gettext("Group not found."))
    key = _key(idempotency_key, data.key, user.pk)
    try:
        draft = Draft(
            title=data.title,
            body=data.body,
            visibility=data.visibility,
            tags=parse_tags(",".join(data.tags)),
            reading=data.reading,
            synonyms=", ".join(data.synonyms),
            video_url=data.video_url,
            meeting_on=data.meeting_on,
            attendees=data.attendees,
            decisions=data.decisions,
            action_items=[item.dict() for item in data.action_items],
            links=[(link.target, link.id) for link in data.links],
        )
        repeated = Article.objects.filter(group=group, submission_key=key).exists()
        article = create_article(actor=user, group=group, kind=data.kind, draft=draft, key=key)
    except ValidationError as error:
        raise Invalid(
            error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        ) from None
    out = {
        "id": article.pk,
        "kind": article.kind,
        "title": article.title,
        "visibility": article.visibility,
        "revision": article.revision_number,
        "url": request.build_absolute_uri(article.get_absolute_url()),
    }
    return Status(200 if repeated else 201, out)
