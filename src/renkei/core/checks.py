"""Deployment checks of our own, run by `renkei check --deploy` (README "Production")."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register


@register(deploy=True)
def secret_key_is_set(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        return [
            Error(
                "SECRET_KEY is the development key.",
                hint="Set the SECRET_KEY environment variable to a long random value.",
                id="renkei.E001",
            )
        ]
    return []


@register(deploy=True)
def https_is_complete(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """What Django's own checks cannot know: `renkei serve` (waitress) speaks plain HTTP, so
    HTTPS means a TLS proxy in front, and renkei must be told which header carries the scheme;
    without it every request looks like plain HTTP and is redirected to HTTPS for ever."""
    if not settings.RENKEI_HTTPS:
        return []
    messages: list[CheckMessage] = []
    if not settings.RENKEI_PROXY_SSL_HEADER:
        messages.append(
            Warning(
                "RENKEI_HTTPS is on but RENKEI_PROXY_SSL_HEADER is not set.",
                hint="Set it to the header your TLS proxy sets to the original scheme, e.g. "
                "X-Forwarded-Proto, and make the proxy overwrite that header from clients.",
                id="renkei.W002",
            )
        )
    if not settings.RENKEI_BASE_URL.startswith("https://"):
        messages.append(
            Warning(
                "RENKEI_HTTPS is on but RENKEI_BASE_URL does not start with https://.",
                hint="Links in e-mails are made from RENKEI_BASE_URL: set it to the public "
                "https:// address.",
                id="renkei.W003",
            )
        )
    return messages
