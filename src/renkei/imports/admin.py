from django.contrib import admin

from renkei.imports.models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["original_name", "group", "status", "total_rows", "created_by", "created_at"]
    list_filter = ["status", "group"]
    readonly_fields = [f.name for f in ImportJob._meta.fields]

    def has_add_permission(self, request):  # imports start from the group's page
        return False
