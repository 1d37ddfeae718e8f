"""Version 1 of the JSON API, mounted at /api/v1/ with its OpenAPI schema and docs page."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation
from ninja.renderers import JSONRenderer

from renkei.api.auth import TokenAuth, anonymous
from renkei.api.endpoints import comments, companies, groups, inquiries, inquiry_work, taxonomy
from renkei.api.endpoints import projects as project_endpoints
from renkei.api.endpoints.inquiries import InquiryInvalid
from renkei.cockpit import api as cockpit_api
from renkei.knowledge import api as knowledge_api

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
        return schema


api = RenkeiAPI(
    title="renkei API",
    version="1",
    description=DESCRIPTION,
    # Nested in the "api" URL namespace of renkei.api.urls; ninja reverses its own
    # openapi-json and root URLs through this full name.
    urls_namespace="api:api-v1",
    # ninja serves Swagger UI from its own packaged static files (it is an installed app),
    # so the docs page loads no third-party code from a CDN.
    docs=Swagger(),
    renderer=Utf8JSONRenderer(),
    auth=[TokenAuth(), anonymous],
)
api.add_router("", groups.router)
api.add_router("", companies.router)
api.add_router("", taxonomy.router)
api.add_router("", inquiries.router)  # with the operations of inquiry_work
api.add_router("", project_endpoints.router)
api.add_router("", comments.router)
api.add_router("", knowledge_api.router)
api.add_router("", cockpit_api.router)


@api.exception_handler(AuthenticationError)
def unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    """401 with the reason, and the challenge header RFC 6750 asks for."""
    response = api.create_response(request, {"detail": str(exc)}, status=401)
    response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    return response


@api.exception_handler(InquiryInvalid)
def inquiry_invalid(request: HttpRequest, exc: InquiryInvalid) -> HttpResponse:
    detail = gettext("The inquiry was not accepted: see errors.")
    return api.create_response(request, {"detail": detail, "errors": exc.errors}, status=400)


@api.exception_handler(inquiry_work.Invalid)
def work_invalid(request: HttpRequest, exc: inquiry_work.Invalid) -> HttpResponse:
    detail = gettext("The request was not accepted: see errors.")
    return api.create_response(request, {"detail": detail, "errors": exc.errors}, status=400)
