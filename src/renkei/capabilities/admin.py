from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import NestedObjects
from django.db import router
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from renkei.capabilities.models import (
    Certification,
    CertificationStandard,
    Equipment,
    Material,
    MaterialFamily,
    Process,
    ProcessCategory,
    Sector,
)
from renkei.capabilities.services import (
    TaxonomyInUse,
    delete_taxonomy_entry,
    save_taxonomy_entry,
    taxonomy_uses,
)


class TaxonomyAdmin(admin.ModelAdmin):
    """The shared vocabulary every group reads: only the platform operator (a superuser)
    changes it, through the services (audit entry, caches told), and nothing in use is
    deleted."""

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        # One at a time, through delete_view's check: the bulk action would bypass it.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        save_taxonomy_entry(actor=request.user, entry=obj)

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        delete_taxonomy_entry(actor=request.user, entry=obj)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: Any = None
    ) -> HttpResponse:
        entry = self.get_object(request, object_id)
        if entry is not None and self.has_delete_permission(request, entry):
            refusal = _in_use_message(entry)
            if refusal is None and request.method == "POST":
                try:
                    return super().delete_view(request, object_id, extra_context)
                except TaxonomyInUse:
                    refusal = _in_use_message(entry) or _generic_in_use(entry)
            if refusal is not None:
                self.message_user(request, refusal, messages.ERROR)
                opts = entry._meta
                return HttpResponseRedirect(
                    reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[entry.pk])
                )
        return super().delete_view(request, object_id, extra_context)


def _generic_in_use(entry: Model) -> str:
    return _(
        "“%(name)s” cannot be deleted: inquiries or work packages still name it. "
        "You can rename it instead."
    ) % {"name": entry}


def _in_use_message(entry: Model) -> str | None:
    """Why ``entry`` may not be deleted, in the operator's words; None when it may."""
    companies = taxonomy_uses(entry)
    if companies:
        return _(
            "“%(name)s” cannot be deleted: %(n)s companies list it in their profile. "
            "You can rename it instead, or delete it once no company lists it."
        ) % {"name": entry, "n": companies}
    collector = NestedObjects(using=router.db_for_write(type(entry)))
    collector.collect([entry])
    if collector.protected:
        return _generic_in_use(entry)
    return None


@admin.register(Sector)
class SectorAdmin(TaxonomyAdmin):
    list_display = ["code", "name_ja", "name_en", "position"]


@admin.register(ProcessCategory)
class ProcessCategoryAdmin(TaxonomyAdmin):
    list_display = ["code", "name_ja", "name_en", "sector", "position"]
    list_filter = ["sector"]


@admin.register(Process)
class ProcessAdmin(TaxonomyAdmin):
    list_display = ["code", "name_ja", "name_en", "category", "jis_code"]
    list_filter = ["category__sector", "category"]
    search_fields = ["code", "name_ja", "name_en"]


@admin.register(CertificationStandard)
class CertificationStandardAdmin(TaxonomyAdmin):
    list_display = ["code", "name_ja", "name_en", "sector", "position"]
    list_filter = ["sector"]


@admin.register(MaterialFamily)
class MaterialFamilyAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ja", "name_en"]


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
    list_display = ["symbol", "family"]
    list_filter = ["family"]
    search_fields = ["symbol"]


@admin.register(Equipment)
class EquipmentAdmin(admin.ModelAdmin):
    list_display = [
        "company",
        "kind",
        "maker_model",
        "count",
        "x_mm",
        "y_mm",
        "z_mm",
        "tolerance_um",
    ]
    search_fields = ["company__name", "kind"]


@admin.register(Certification)
class CertificationAdmin(admin.ModelAdmin):
    list_display = ["company", "standard", "number", "status", "expires_on"]
    list_filter = ["standard", "status"]
    search_fields = ["company__name", "number"]
