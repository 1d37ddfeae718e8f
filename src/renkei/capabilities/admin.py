from django.contrib import admin

from renkei.capabilities.models import (
    Certification,
    Equipment,
    Material,
    MaterialFamily,
    Process,
    ProcessCategory,
)


@admin.register(ProcessCategory)
class ProcessCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ja", "name_en", "position"]


@admin.register(Process)
class ProcessAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ja", "name_en", "category", "jis_code"]
    list_filter = ["category"]
    search_fields = ["code", "name_ja", "name_en"]


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
