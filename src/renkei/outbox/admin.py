"""The outbox in the operators' admin: read only, what waits, what failed and why."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from renkei.outbox.models import FollowUp, OutgoingMail


class ReadOnly(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(OutgoingMail)
class OutgoingMailAdmin(ReadOnly):
    list_display = ("key", "status", "attempts", "created_at", "sent_at", "last_error")
    list_filter = ("status", "template")
    search_fields = ("key",)
    exclude = ("body",)  # a mail's text is the recipient's, and may carry a link that logs in
    date_hierarchy = "created_at"


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnly):
    list_display = ("task_path", "args", "created_at", "attempts")
