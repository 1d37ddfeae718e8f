"""Helpers every endpoint module shares."""

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from ninja.errors import HttpError

from renkei.api.schemas import Error, PageParams

M = TypeVar("M", bound=Model)

# Documented on every operation; the bodies come from the error handlers in renkei.api.v1
# (422: a parameter or the body does not validate, with the problems by field).
ERRORS: dict[int, Any] = {401: Error, 404: Error, 422: Error}


def page_of(queryset: QuerySet[M], page: PageParams) -> tuple[int, list[M]]:
    """The total and one slice, in two queries whatever the page size."""
    return queryset.count(), list(queryset[page.offset : page.offset + page.limit])


def not_found(message: str) -> HttpError:
    """Raised with the same message whether the object does not exist or the caller may not see
    it, so ids and slugs of another group's private data reveal nothing."""
    return HttpError(404, message)
