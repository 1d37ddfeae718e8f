"""Every write to a capability profile goes through here, and keeps the search row fresh."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max, Min, Model, ProtectedError, RestrictedError

from renkei.capabilities.models import (
    Certification,
    CertificationStandard,
    CompanyMaterial,
    CompanyProcess,
    Equipment,
    Material,
    Process,
    ProcessCategory,
    Sector,
)
from renkei.capabilities.taxonomy import TAXONOMY
from renkei.core import stamps
from renkei.core.audit import audit
from renkei.lib.jtext import fold
from renkei.orgs.models import Company

if TYPE_CHECKING:
    from renkei.capabilities.taxonomy_file import TaxonomyPlan


def refresh_company_search(company: Company) -> None:
    """Rewrites the company's denormalised search columns from its profile."""
    processes = Process.objects.filter(company_processes__company=company)
    materials = Material.objects.filter(company_materials__company=company)
    parts = [
        company.name,
        company.kana,
        company.name_en,
        company.prefecture,
        company.address,
        company.profile,
    ]
    for process in processes:
        parts += [process.name_ja, process.name_en, *process.aliases]
    for material in materials:
        parts += [material.symbol, *material.aliases]
    parts += list(company.equipment.values_list("kind", flat=True))
    parts += list(company.equipment.values_list("maker_model", flat=True))
    envelope = company.equipment.aggregate(
        x=Max("x_mm"), y=Max("y_mm"), z=Max("z_mm"), tol=Min("tolerance_um")
    )
    sizes = [v for v in (envelope["x"], envelope["y"], envelope["z"]) if v]
    Company.objects.filter(pk=company.pk).update(
        search_text=fold(" ".join(p for p in parts if p)),
        max_envelope_mm=max(sizes) if sizes else None,
        best_tolerance_um=envelope["tol"],
    )
    stamps.bump(stamps.CAPABILITIES)  # the matching index reads these


@transaction.atomic
def set_processes(*, actor: Any, company: Company, processes: Iterable[Process]) -> None:
    wanted = {p.pk for p in processes}
    current = set(company.company_processes.values_list("process_id", flat=True))
    company.company_processes.exclude(process_id__in=wanted).delete()
    CompanyProcess.objects.bulk_create(
        [CompanyProcess(company=company, process_id=pk) for pk in wanted - current]
    )
    refresh_company_search(company)
    audit(
        "capabilities.processes",
        actor=actor,
        obj=company,
        summary=company.name,
        added=sorted(wanted - current),
        removed=sorted(current - wanted),
    )


@transaction.atomic
def set_materials(*, actor: Any, company: Company, materials: Iterable[Material]) -> None:
    wanted = {m.pk for m in materials}
    current = set(company.company_materials.values_list("material_id", flat=True))
    company.company_materials.exclude(material_id__in=wanted).delete()
    CompanyMaterial.objects.bulk_create(
        [CompanyMaterial(company=company, material_id=pk) for pk in wanted - current]
    )
    refresh_company_search(company)
    audit(
        "capabilities.materials",
        actor=actor,
        obj=company,
        summary=company.name,
        added=sorted(wanted - current),
        removed=sorted(current - wanted),
    )


@transaction.atomic
def save_equipment(*, actor: Any, equipment: Equipment) -> Equipment:
    created = equipment.pk is None
    equipment.full_clean()
    equipment.save()
    refresh_company_search(equipment.company)
    audit(
        "equipment.create" if created else "equipment.update",
        actor=actor,
        obj=equipment,
        summary=str(equipment),
    )
    return equipment


@transaction.atomic
def delete_equipment(*, actor: Any, equipment: Equipment) -> None:
    company = equipment.company
    audit("equipment.delete", actor=actor, obj=equipment, summary=str(equipment))
    equipment.delete()
    refresh_company_search(company)


@transaction.atomic
def save_certification(*, actor: Any, certification: Certification) -> Certification:
    created = certification.pk is None
    if certification.evidence and not certification.evidence_name:
        certification.evidence_name = (certification.evidence.name or "").rsplit("/", 1)[-1][:255]
    certification.full_clean()
    certification.save()
    stamps.bump(stamps.CAPABILITIES)
    audit(
        "certification.create" if created else "certification.update",
        actor=actor,
        obj=certification,
        summary=str(certification),
    )
    return certification


@transaction.atomic
def delete_certification(*, actor: Any, certification: Certification) -> None:
    audit("certification.delete", actor=actor, obj=certification, summary=str(certification))
    certification.evidence.delete(save=False)
    certification.delete()
    stamps.bump(stamps.CAPABILITIES)


# The taxonomy (sectors, categories, processes, standards) -------------------------------------


class TaxonomyInUse(Exception):
    """A taxonomy entry that companies, machines, inquiries or work packages still name."""


def _entry_label(entry: Model) -> str:
    return str(getattr(entry, "name_ja", "") or entry)


@transaction.atomic
def save_taxonomy_entry(*, actor: Any, entry: Model) -> Model:
    """Adds or changes a sector, category, process or standard (the operator's admin)."""
    created = entry.pk is None
    entry.full_clean()
    entry.save()
    name = entry._meta.model_name
    audit(
        f"taxonomy.{name}.{'create' if created else 'update'}",
        actor=actor,
        obj=entry,
        summary=_entry_label(entry),
    )
    stamps.bump(TAXONOMY)
    stamps.bump(stamps.CAPABILITIES)  # the directory's category filters read the taxonomy
    return entry


def taxonomy_uses(entry: Model) -> int:
    """Companies (and machines) that name ``entry`` or a process under it."""
    if isinstance(entry, Process):
        processes = Process.objects.filter(pk=entry.pk)
    elif isinstance(entry, ProcessCategory):
        processes = Process.objects.filter(category=entry)
    elif isinstance(entry, Sector):
        processes = Process.objects.filter(category__sector=entry)
    elif isinstance(entry, CertificationStandard):
        return (
            Certification.objects.filter(standard=entry.code)
            .values("company_id")
            .distinct()
            .count()
        )
    else:
        return 0
    offering = CompanyProcess.objects.filter(process__in=processes).values("company_id")
    equipped = Equipment.objects.filter(process__in=processes).values("company_id")
    return len(
        {
            *offering.values_list("company_id", flat=True),
            *equipped.values_list("company_id", flat=True),
        }
    )


@transaction.atomic
def delete_taxonomy_entry(*, actor: Any, entry: Model) -> None:
    """Removes an entry nobody uses. Raises TaxonomyInUse when a company, a machine, an
    inquiry line or a work package still names it: deleting would change what they say (a
    machine's process would silently become empty), so the operator renames or merges instead."""
    if taxonomy_uses(entry):
        raise TaxonomyInUse(entry)
    label = _entry_label(entry)
    try:
        with transaction.atomic():
            entry.delete()
    except (ProtectedError, RestrictedError) as error:
        raise TaxonomyInUse(entry) from error
    audit(f"taxonomy.{entry._meta.model_name}.delete", actor=actor, summary=label)
    stamps.bump(TAXONOMY)
    stamps.bump(stamps.CAPABILITIES)  # the directory's category filters read the taxonomy


@transaction.atomic
def import_taxonomy(*, actor: Any, plan: "TaxonomyPlan") -> dict[str, int]:
    """Writes a checked taxonomy file: adds what is new, changes what differs, leaves the rest
    (a second run of the same file writes nothing). Returns how many were created and updated."""
    from renkei.capabilities.taxonomy_file import KINDS, existing

    counts = {"created": 0, "updated": 0, "unchanged": 0}
    refs: dict[str, Any] = {
        "sector": {s.code: s for s in Sector.objects.all()},
        "category": {},
    }
    for kind in KINDS:
        model = existing(kind)
        for row in plan.rows[kind]:
            values = dict(row)
            code = values.pop("code")
            if kind == "process_categories":
                values["sector"] = refs["sector"][values["sector"]]
            elif kind == "processes":
                values["category"] = refs["category"].get(
                    values["category"]
                ) or ProcessCategory.objects.get(code=values["category"])
            elif kind == "standards" and values["sector"]:
                values["sector"] = refs["sector"][values["sector"]]
            entry = model.objects.filter(code=code).first()
            if entry is None:
                entry = model(code=code, **values)
                counts["created"] += 1
            elif any(getattr(entry, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(entry, k, v)
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
                _remember(refs, kind, entry)
                continue
            entry.full_clean()
            entry.save()
            _remember(refs, kind, entry)
    if counts["created"] or counts["updated"]:
        audit("taxonomy.import", actor=actor, summary=str(counts), counts=counts)
        stamps.bump(TAXONOMY)
        stamps.bump(stamps.CAPABILITIES)  # the directory's category filters read the taxonomy
    return counts


def _remember(refs: dict[str, Any], kind: str, entry: Any) -> None:
    if kind == "sectors":
        refs["sector"][entry.code] = entry
    elif kind == "process_categories":
        refs["category"][entry.code] = entry
