from renkei.capabilities.models.profile import (
    Certification,
    CompanyMaterial,
    CompanyProcess,
    Equipment,
)
from renkei.capabilities.models.requirements import GroupRequirement
from renkei.capabilities.models.skills import MembershipStanding, SkillCertificate, SkillProfile
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
    "GroupRequirement",
    "Material",
    "MaterialFamily",
    "MembershipStanding",
    "Process",
    "ProcessCategory",
    "Sector",
    "SkillCertificate",
    "SkillProfile",
]
