from renkei.capabilities.models.profile import (
    Certification,
    CompanyMaterial,
    CompanyProcess,
    Equipment,
)
from renkei.capabilities.models.taxonomy import (
    CertificationStandard,
    Material,
    MaterialFamily,
    Process,
    ProcessCategory,
    Sector,
)

__all__ = [
    "Certification",
    "CertificationStandard",
    "CompanyMaterial",
    "CompanyProcess",
    "Equipment",
    "Material",
    "MaterialFamily",
    "Process",
    "ProcessCategory",
    "Sector",
]
