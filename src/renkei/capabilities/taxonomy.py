"""Loading the process and material vocabulary shipped in data/taxonomy.json."""

import json
from pathlib import Path
from typing import Any

from renkei.lib.buyer_query import Vocabulary
from renkei.lib.jtext import fold_compact

TAXONOMY_FILE = Path(__file__).parent / "data" / "taxonomy.json"


def load_taxonomy(
    category_model: Any, process_model: Any, family_model: Any, material_model: Any
) -> None:
    """Create or update every category, process, family and material from the data file.

    Takes the model classes so that a data migration can pass its historical models.
    """
    data = json.loads(TAXONOMY_FILE.read_text(encoding="utf-8"))
    categories = {}
    for row in data["process_categories"]:
        code = row.pop("code")
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


def build_vocabulary() -> Vocabulary:
    """Folded names, aliases and codes of processes, materials and standards for the parser."""
    from renkei.capabilities.choices import STANDARD_ALIASES
    from renkei.capabilities.models import Material, Process

    processes: dict[str, int] = {}
    for process in Process.objects.all():
        for term in [process.name_ja, process.name_en, process.code, *process.aliases]:
            processes.setdefault(fold_compact(term), process.pk)
    materials: dict[str, int] = {}
    for material in Material.objects.all():
        for term in [material.symbol, *material.aliases]:
            materials.setdefault(fold_compact(term), material.pk)
    certifications = {k: str(v) for k, v in STANDARD_ALIASES.items()}
    return Vocabulary(processes=processes, materials=materials, certifications=certifications)
