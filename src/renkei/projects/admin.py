from django.contrib import admin

from renkei.projects.models import FundingSource, PackageEvent, Project, WorkPackage


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "group", "kind", "status", "delivery_on"]
    list_filter = ["kind", "status"]


@admin.register(WorkPackage)
class WorkPackageAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "project", "state", "company", "stage", "due_on", "delayed"]
    list_filter = ["state", "stage", "delayed"]


@admin.register(PackageEvent)
class PackageEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["package", "kind", "company", "actor", "created_at"]

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False  # the history is append-only

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


admin.site.register(FundingSource)
