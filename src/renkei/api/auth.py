"""Who is calling the API: a person by their bearer token, or an anonymous visitor.

Every endpoint accepts both. A request without an Authorization header reads what the public
pages show; a request with a bad, revoked or malformed header is refused with 401 rather than
read as anonymous, so a client with a broken key notices instead of seeing less data.
"""

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from renkei.api.models import ApiToken, hash_secret
from renkei.api.services import record_token_use

# The same type django-stubs gives request.user.
Caller = User | AnonymousUser


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>`` with a token made on the "API tokens" page."""

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header, "")
        if not header:
            return None
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != self.openapi_scheme or not secret.strip():
            raise AuthenticationError(
                message=gettext("Send the token as “Authorization: Bearer <token>”.")
            )
        return self.authenticate(request, secret.strip())

    def authenticate(self, request: HttpRequest, token: str) -> User:
        api_token = (
            ApiToken.objects.select_related("user").filter(key_hash=hash_secret(token)).first()
        )
        if api_token is None or not api_token.user.is_active:
            raise AuthenticationError(message=gettext("This API token is not valid."))
        if api_token.revoked_at is not None:
            raise AuthenticationError(message=gettext("This API token has been revoked."))
        record_token_use(api_token)
        return api_token.user


def anonymous(request: HttpRequest) -> AnonymousUser:
    """Tried after TokenAuth: no header at all means a visitor. The session is deliberately not
    consulted, so the API answers the same in a browser as in a script."""
    return AnonymousUser()


def caller(request: HttpRequest) -> Caller:
    """The user the authentication step resolved (ninja stores it on ``request.auth``)."""
    user: Caller = getattr(request, "auth", None) or AnonymousUser()
    return user
