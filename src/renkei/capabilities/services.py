"""Every write to a capability profile goes through here, and keeps the search row fresh."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Max, Min

from renkei.capabilities.models import (
    Certification,
    CompanyMaterial,
    CompanyProcess,
    Equipment,
    Material,
    Process,
)
from renkei.core import stamps
from renkei.core.audit import audit
from renkei.lib.jtext import fold
from renkei.orgs.models import Company


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
