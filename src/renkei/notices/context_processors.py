"""The unread count in the navigation bar: one COUNT query, only for logged-in people."""

from typing import Any

from django.http import HttpRequest

from renkei.notices.models import Notice


def unread_notices(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notices": Notice.objects.for_user(user).unread().count()}
