from django.contrib import admin

from renkei.orgs.models import (
    Company,
    CompanyPhoto,
    Group,
    GroupRole,
    Invitation,
    Membership,
    Region,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["company"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "region", "stage", "is_public", "reply_promise_hours"]
    list_filter = ["region", "stage", "is_public"]
    search_fields = ["name", "slug"]
    inlines = [MembershipInline]


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "kana", "kind", "prefecture", "corporate_number", "employees"]
    list_filter = ["kind", "prefecture"]
    search_fields = ["name", "kana", "corporate_number"]


@admin.register(GroupRole)
class GroupRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "group", "role", "company"]
    list_filter = ["group", "role"]
    autocomplete_fields = ["company"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "group", "role", "company", "sent_at", "accepted_at", "expires_at"]
    list_filter = ["group", "role"]
    exclude = ["token"]


admin.site.register(CompanyPhoto)
