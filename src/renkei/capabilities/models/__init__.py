from renkei.capabilities.models.profile import (
    Certification,
    CompanyMaterial,
    CompanyProcess,
    Equipment,
)
from renkei.capabilities.models.taxonomy import Material, MaterialFamily, Process, ProcessCategory

__all__ = [
    "Certification",
    "CompanyMaterial",
    "CompanyProcess",
    "Equipment",
    "Material",
    "MaterialFamily",
    "Process",
    "ProcessCategory",
]
