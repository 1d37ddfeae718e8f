"""An operator updates the as-of dates of the legal-form comparison here."""

from django.contrib import admin

from renkei.cockpit.models import LegalFormAsOf


@admin.register(LegalFormAsOf)
class LegalFormAsOfAdmin(admin.ModelAdmin[LegalFormAsOf]):
    list_display = ("form", "as_of", "note")
