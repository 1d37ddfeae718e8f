"""Version 1 of the JSON API, mounted at /api/v1/ with its OpenAPI schema and docs page."""

import functools
from collections.abc import Callable
from typing import Any

from csp.decorators import csp_update
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.db import OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, re_path
from django.utils.translation import gettext
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation
from ninja.renderers import JSONRenderer

from renkei.api import errors
from renkei.api.auth import TokenAuth, anonymous
from renkei.api.endpoints import comments, companies, groups, inquiries, inquiry_work, taxonomy
from renkei.api.endpoints import projects as project_endpoints
from renkei.api.endpoints import settlement as settlement_endpoints
from renkei.api.endpoints.inquiries import InquiryInvalid
from renkei.cockpit import api as cockpit_api
from renkei.core import unavailable
from renkei.knowledge import api as knowledge_api
from renkei.products import api as products_api

DESCRIPTION = """\
Groups, their member companies and what those companies can make; and the joint order
window, where anyone may send an inquiry with drawings (`POST /groups/{slug}/inquiries`).

Without a token you read what the public pages show. With a personal token (made on the
“API tokens” page, sent as `Authorization: Bearer <token>`) you also read what your groups
share with their members. A token that is wrong or revoked is refused with 401.
"""


class Utf8JSONRenderer(JSONRenderer):
    # Japanese names stay readable in the body instead of \uXXXX escapes; the response is
    # declared as UTF-8 either way.
    json_dumps_params = {"ensure_ascii": False}


class RenkeiAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        # Short ids ("list_groups") read better in generated clients than ninja's
        # module-path ids; the view names are unique across the routers.
        return operation.view_func.__name__

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        # ninja lists only TokenAuth; the empty requirement tells clients the token is
        # optional, since every endpoint also answers visitors.
        for operations in schema["paths"].values():
            for operation in operations.values():
                operation.setdefault("security", []).append({})
                _declare_errors(operation)
        return schema

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        patterns = super()._get_urls()
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = _json_not_allowed(pattern.callback)
        # Last: any other address under /api/v1/ is a JSON 404, not the site's HTML page.
        patterns.append(re_path(r"^.*$", _no_such_endpoint))
        return patterns


_ERROR_REF = {"$ref": "#/components/schemas/Error"}


def _declare_errors(operation: dict[str, Any]) -> None:
    """Every operation documents the errors any request can get, so a client (or a fuzzer)
    meets no undocumented answer: 401 for a wrong token, 404, 422 for parameters or a body
    that do not validate, 503 while nothing can be saved; with a body also 400 (not JSON) and
    413 (too large)."""
    # ninja keys its own responses by int; JSON keys are text, so mixing "401" and 401 would
    # write the same key twice (Swagger UI then renders nothing).
    responses = {str(code): value for code, value in operation.get("responses", {}).items()}
    operation["responses"] = responses
    wanted = {
        "401": gettext("The token is wrong or revoked."),
        "404": gettext("Not found, or not yours to see."),
        "422": gettext("A parameter or the body does not validate: see errors."),
        "503": gettext(
            "Nothing can be saved just now (the server's disk is full or its database busy): "
            "send the same request again after the seconds in Retry-After."
        ),
    }
    if "requestBody" in operation:
        wanted["400"] = gettext("The request was refused: see detail and errors.")
        wanted["413"] = gettext("The request is too large.")
    for status, description in wanted.items():
        responses.setdefault(
            status,
            {"description": description, "content": {"application/json": {"schema": _ERROR_REF}}},
        )


def _json_not_allowed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """ninja answers a method a path does not take with a plain-text 405; the API's errors are
    all JSON in the documented shape."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            allowed = response.get("Allow", "")
            detail = gettext("This address does not take %(method)s.") % {"method": request.method}
            response = api.create_response(request, errors.body(detail), status=405)
            response["Allow"] = allowed
        return response

    return wrapper


def _no_such_endpoint(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    detail = gettext("There is no such address in the API.")
    return api.create_response(request, errors.body(detail), status=404)


class PhoneSwagger(Swagger):
    """ninja's Swagger UI page with a viewport and renkei's phone styles (api/swagger.html)."""

    template = "api/swagger.html"


api = RenkeiAPI(
    title="renkei API",
    version="1",
    description=DESCRIPTION,
    # Nested in the "api" URL namespace of renkei.api.urls; ninja reverses its own
    # openapi-json and root URLs through this full name.
    urls_namespace="api:api-v1",
    # ninja serves Swagger UI from its own packaged static files (it is an installed app),
    # so the docs page loads no third-party code from a CDN.
    docs=PhoneSwagger(),
    # Swagger UI's stylesheet draws its icons as data: SVG images; only this page allows them.
    docs_decorator=csp_update({"img-src": ["data:"]}),
    renderer=Utf8JSONRenderer(),
    auth=[TokenAuth(), anonymous],
)
api.add_router("", groups.router)
api.add_router("", companies.router)
api.add_router("", taxonomy.router)
api.add_router("", inquiries.router)  # with the operations of inquiry_work
api.add_router("", project_endpoints.router)
api.add_router("", comments.router)
api.add_router("", settlement_endpoints.router)
api.add_router("", knowledge_api.router)
api.add_router("", cockpit_api.router)
api.add_router("", products_api.router)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A parameter or the body does not validate: 422 (as ninja answers, and the tests and
    clients expect) in the documented shape, with the problems by field."""
    body = errors.body(errors.validation_detail(), errors.by_field(exc.errors))
    return api.create_response(request, body, status=422)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
        # ninja's "Cannot parse request body": the body is not JSON.
        problem = gettext("The body is not valid JSON.")
        return api.create_response(request, errors.body(problem, {"body": [problem]}), status=400)
    return api.create_response(request, errors.body(str(exc)), status=exc.status_code)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, errors.body(gettext("Not found.")), status=404)


@api.exception_handler(RequestDataTooBig)
def too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    """Django would answer its HTML 400 page; a client of the API gets JSON and the status
    that says what happened."""
    detail = gettext("The request is too large.")
    return api.create_response(request, errors.body(detail, {"body": [detail]}), status=413)


@api.exception_handler(SuspiciousOperation)
def refused(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    """Too many fields or files in a form, and the like: Django's own limits."""
    detail = gettext("The request was refused: it has too many parts.")
    return api.create_response(request, errors.body(detail), status=400)


@api.exception_handler(AuthenticationError)
def unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    """401 with the reason, and the challenge header RFC 6750 asks for."""
    response = api.create_response(request, errors.body(str(exc)), status=401)
    response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    return response


@api.exception_handler(InquiryInvalid)
def inquiry_invalid(request: HttpRequest, exc: InquiryInvalid) -> HttpResponse:
    detail = gettext("The inquiry was not accepted: see errors.")
    return api.create_response(request, {"detail": detail, "errors": exc.errors}, status=400)


@api.exception_handler(OSError)
@api.exception_handler(OperationalError)
def unavailable_now(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A full disk or a busy database (renkei.core.unavailable): 503 in the API's shape with
    Retry-After, since the same request sent later will do. Any other OSError or database
    error is no such thing and goes on to Django as before (a logged 500)."""
    if not unavailable.is_unavailable(exc):
        raise exc
    unavailable.log(request, exc)
    response = api.create_response(request, unavailable.api_body(), status=503)
    response["Retry-After"] = str(unavailable.RETRY_AFTER)
    return response


@api.exception_handler(inquiry_work.Invalid)
def work_invalid(request: HttpRequest, exc: inquiry_work.Invalid) -> HttpResponse:
    return api.create_response(
        request, errors.body(errors.validation_detail(), exc.errors), status=400
    )
