from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from renkei.core.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    """Read-only: the log is append-only (and the admin is for platform operators only)."""

    list_display = ["at", "actor", "group", "action", "object_type", "object_id", "ip", "summary"]
    list_filter = ["action"]
    search_fields = ["summary", "object_id", "ip"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # not even an operator: a log one can edit answers nothing

    actions = None
