"""Requests whose address or query carries a NUL character are answered before any view runs.

PostgreSQL text cannot hold NUL (0x00): a search or a slug lookup with one raises DataError,
a 500, where SQLite simply finds nothing. No address or query of renkei's means anything with
NUL in it, so a path with one names nothing (404) and a query with one is refused by field: the
API's documented 422 {detail, errors}, a plain 400 page elsewhere. Bodies are refused by the
forms (Django's CharField) and the API's schemas.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.defaults import bad_request, page_not_found

from renkei.api import errors

NUL = "\x00"


class RefuseNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        api = request.path.startswith("/api/")
        if NUL in request.path:
            if api:
                detail = _("There is no such address in the API.")
                return JsonResponse(errors.body(detail), status=404)
            return page_not_found(request, ValueError("NUL in the path"))
        for name, values in request.GET.lists():
            if NUL in name or any(NUL in value for value in values):
                if api:
                    message = _("Null characters are not allowed.")
                    body = errors.body(errors.validation_detail(), {name or "query": [message]})
                    return JsonResponse(body, status=422)
                return bad_request(request, ValueError("NUL in the query"))
        return self.get_response(request)
