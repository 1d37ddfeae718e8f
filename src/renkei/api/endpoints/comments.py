"""The internal comment thread of an inquiry by API: the same thread, the same readers and the
same @mentions as on the web pages. The group's coordinators and the people of the member
companies the inquiry was passed to read and write it; everyone else gets 404.
"""

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from renkei.api.endpoints.common import ERRORS, not_found, page_of
from renkei.api.endpoints.inquiry_work import Invalid, Scope
from renkei.api.inquiry_schemas import FieldErrors
from renkei.api.schemas import IdempotencyKey, In, PageParams, PathId, PathSlug
from renkei.inquiries import comments
from renkei.inquiries.models import Comment, Inquiry

# GET and POST of one path live on this one router: ninja answers 405 when two routers declare
# the same path.
router = Router(tags=["comments"])

MAX_KEY = 200


class CommentIn(In):
    body: str = Field("", description="Plain text; write @login-name to let someone know.")
    key: str | None = Field(
        None,
        description="Any string (a UUID is best) that makes a retried request return the comment "
        "the first one made; the Idempotency-Key header does the same.",
    )


class CommentOut(Schema):
    id: int
    author: str | None = Field(description="Login name; null if the account was deleted.")
    body: str
    mentions: list[str] = Field(description="Login names of the people this comment told.")
    created_at: dt.datetime


class CommentPage(Schema):
    count: int
    items: list[CommentOut]


def _inquiry(request: HttpRequest, slug: str, inquiry_id: int) -> tuple[Scope, Inquiry]:
    """The inquiry if the caller may read its thread. Scope already refuses supporters, other
    groups and members it was not passed to; the thread's own rule is asked too, so the API can
    never show a thread the web page would not."""
    scope = Scope(request, slug)
    inquiry = scope.inquiry(inquiry_id)
    if not comments.can_read_thread(scope.user, inquiry):
        raise not_found(gettext("Inquiry not found."))
    return scope, inquiry


@router.get(
    "/groups/{slug}/inquiries/{inquiry_id}/comments",
    response={200: CommentPage, **ERRORS},
    summary="An inquiry's internal comment thread",
)
def list_inquiry_comments(
    request: HttpRequest, slug: PathSlug, inquiry_id: PathId, page: Query[PageParams]
) -> dict[str, Any]:
    """Oldest first. The customer never sees this thread."""
    _scope, inquiry = _inquiry(request, slug, inquiry_id)
    found = (
        Comment.objects.filter(inquiry=inquiry)
        .select_related("author")
        .prefetch_related("mentions__user")
        .order_by("created_at", "pk")
    )
    count, items = page_of(found, page)
    return {"count": count, "items": [_comment(c) for c in items]}


@router.post(
    "/groups/{slug}/inquiries/{inquiry_id}/comments",
    response={200: CommentOut, 201: CommentOut, 400: FieldErrors, **ERRORS},
    summary="Write in an inquiry's internal comment thread",
)
def post_inquiry_comment(
    request: HttpRequest,
    slug: PathSlug,
    inquiry_id: PathId,
    data: CommentIn,
    idempotency_key: IdempotencyKey = None,
) -> Status[dict[str, Any]]:
    """201 with the new comment; 200 with the same comment when the request repeats one already
    received (same key). Everyone mentioned is told in-app and by mail, as on the web."""
    scope, inquiry = _inquiry(request, slug, inquiry_id)
    key = _key(idempotency_key or data.key, scope.user.pk)
    try:
        body = comments.clean_body(data.body)
    except ValidationError as error:
        raise Invalid({"body": list(error.messages)}) from None
    repeated = Comment.objects.filter(inquiry=inquiry, key=key).exists()
    comment = comments.post_comment(actor=scope.user, inquiry=inquiry, body=body, key=key)
    return Status(200 if repeated else 201, _comment(comment))


def _key(given: str | None, user_id: int | None) -> uuid.UUID:
    """The comment's key from the client's idempotency key, tied to the caller: two people who
    happen to send the same key write two comments, and nobody can learn of another's comment
    by guessing their key."""
    if not given:
        return uuid.uuid4()
    if len(given) > MAX_KEY:
        raise Invalid(
            {"key": [gettext("Use a key of at most %(max)s characters.") % {"max": MAX_KEY}]}
        )
    return uuid.uuid5(uuid.NAMESPACE_URL, f"renkei-comment:{user_id}:{given.strip()}")


def _comment(comment: Comment) -> dict[str, Any]:
    return {
        "id": comment.pk,
        "author": comment.author.get_username() if comment.author else None,
        "body": comment.body,
        "mentions": [m.user.get_username() for m in comment.mentions.all()],
        "created_at": comment.created_at,
    }
