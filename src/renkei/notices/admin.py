from django.contrib import admin

from renkei.notices.models import Notice, NoticePreference


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin[Notice]):
    list_display = ["user", "group", "kind", "text", "created_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["user__username", "text"]


@admin.register(NoticePreference)
class NoticePreferenceAdmin(admin.ModelAdmin[NoticePreference]):
    list_display = ["user", "mail", "digest_sent_at"]
    list_filter = ["mail"]
