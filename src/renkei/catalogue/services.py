"""Every write of the catalogue goes through here."""

from typing import Any

from django.db import transaction

from renkei.catalogue.models import CatalogueEntry
from renkei.core.audit import audit
from renkei.orgs.models import Company, Group


def set_listing(*, actor: Any, group: Group, company: Company, listed: bool) -> CatalogueEntry:
    """Puts ``company`` in or out of ``group``'s printed catalogue; the same choice twice is
    one entry and one change."""
    with transaction.atomic():
        entry, created = CatalogueEntry.objects.select_for_update().get_or_create(
            group=group, company=company, defaults={"listed": listed}
        )
        if created or entry.listed != listed:
            if not created:
                entry.listed = listed
                entry.save(update_fields=["listed", "updated_at"])
            audit(
                "catalogue.listing",
                actor=actor,
                obj=entry,
                group=group,
                summary=f"{company.name}: {'listed' if listed else 'opted out'}",
                listed=listed,
            )
    return entry
