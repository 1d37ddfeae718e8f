"""Loading the taxonomy shipped in data/taxonomy.json, and the per-process copies of it.

The taxonomy is data an operator extends (the admin, `renkei taxonomy_import`), so every copy a
process keeps of it follows the ``TAXONOMY`` change stamp that each write bumps.
"""

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import DatabaseError

from renkei.core import stamps
from renkei.lib.buyer_query import Vocabulary
from renkei.lib.jtext import fold_compact

if TYPE_CHECKING:
    from renkei.capabilities.models import CertificationStandard

TAXONOMY_FILE = Path(__file__).parent / "data" / "taxonomy.json"
TAXONOMY = "taxonomy"  # the change stamp of sectors, categories, processes and standards
MANUFACTURING = "manufacturing"  # the sector every category belonged to before sectors


def _has_field(model: Any, name: str) -> bool:
    return any(f.name == name for f in model._meta.get_fields())


def load_taxonomy(
    category_model: Any, process_model: Any, family_model: Any, material_model: Any
) -> None:
    """Create or update every sector, category, process, family, material and standard from the
    data file.

    Takes the model classes so that a data migration can pass its historical models; sectors and
    standards are reached through their relations, and skipped by the migrations that come
    before them (0003 adds them and loads the file again).
    """
    data = json.loads(TAXONOMY_FILE.read_text(encoding="utf-8"))
    sectors: dict[str, Any] = {}
    with_sectors = _has_field(category_model, "sector")
    if with_sectors:
        sector_model = category_model._meta.get_field("sector").related_model
        for row in data["sectors"]:
            code = row.pop("code")
            sectors[code], _ = sector_model.objects.update_or_create(code=code, defaults=row)
    categories = {}
    for row in data["process_categories"]:
        code = row.pop("code")
        sector = row.pop("sector", MANUFACTURING)
        if with_sectors:
            row["sector"] = sectors[sector]
        categories[code], _ = category_model.objects.update_or_create(code=code, defaults=row)
    for row in data["processes"]:
        row["category"] = categories[row["category"]]
        code = row.pop("code")
        process_model.objects.update_or_create(code=code, defaults=row)
    families = {}
    for row in data["material_families"]:
        code = row.pop("code")
        families[code], _ = family_model.objects.update_or_create(code=code, defaults=row)
    for row in data["materials"]:
        row["family"] = families[row["family"]]
        symbol = row.pop("symbol")
        material_model.objects.update_or_create(symbol=symbol, defaults=row)
    if with_sectors:
        standard_model = sector_model._meta.get_field("standards").related_model
        for row in data["standards"]:
            code = row.pop("code")
            sector = row.pop("sector", None)
            row["sector"] = sectors[sector] if sector else None
            standard_model.objects.update_or_create(code=code, defaults=row)


def standards() -> list["CertificationStandard"]:
    """Every certification standard, in display order, read once per change of the taxonomy."""
    from renkei.capabilities.models import CertificationStandard

    def build() -> list[CertificationStandard]:
        return list(CertificationStandard.objects.select_related("sector"))

    try:
        return stamps.cached(TAXONOMY, ("standards",), build)
    except DatabaseError:
        # Django's system checks read a certificate's choices before `migrate` made the table.
        return []


def standard_aliases() -> dict[str, str]:
    """Folded spellings a buyer or an import file may use → code. Only the listed aliases: a
    name such as その他 ("other") must not read as a certificate a buyer asks for."""
    found: dict[str, str] = {}
    for standard in standards():
        for term in standard.aliases:
            if term:
                found.setdefault(fold_compact(term), standard.code)
    return found


def build_vocabulary() -> Vocabulary:
    """Folded names, aliases and codes of processes, materials and standards for the parser."""
    from renkei.capabilities.models import Material, Process

    processes: dict[str, int] = {}
    for process in Process.objects.all():
        for term in [process.name_ja, process.name_en, process.code, *process.aliases]:
            processes.setdefault(fold_compact(term), process.pk)
    materials: dict[str, int] = {}
    for material in Material.objects.all():
        for term in [material.symbol, *material.aliases]:
            materials.setdefault(fold_compact(term), material.pk)
    return Vocabulary(processes=processes, materials=materials, certifications=standard_aliases())


def processes_for_group(group: Any) -> list[Any]:
    """Every process, the sectors the group's current members work in first (most members
    first), the rest after in the taxonomy's order.

    Not only the group's sectors: a customer may ask a machining group for packaging too, and
    an inquiry no member can serve is matched to the region's other groups (seed
    l.2309–2330) — hiding the other sectors' words would lose it. What the group does comes first,
    so the window speaks its language.
    """
    from django.db.models import Count

    from renkei.capabilities.models import Process
    from renkei.orgs.models import Membership

    members = Membership.objects.for_group(group).current().values("company_id")
    weight = dict(
        Process.objects.filter(company_processes__company__in=members)
        .values_list("category__sector_id")
        .annotate(n=Count("company_processes__company", distinct=True))
        .values_list("category__sector_id", "n")
    )
    processes = list(Process.objects.select_related("category__sector"))
    # A stable sort: within a sector the taxonomy's own order stays.
    return sorted(processes, key=lambda p: -weight.get(p.category.sector_id, 0))
