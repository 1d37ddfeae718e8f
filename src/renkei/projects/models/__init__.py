from renkei.projects.models.package import CompanyFeed, PackageEvent, WorkPackage
from renkei.projects.models.project import (
    DigestRun,
    Element,
    FundingSource,
    Project,
    TeamMember,
)

__all__ = [
    "CompanyFeed", "DigestRun", "Element", "FundingSource", "PackageEvent", "Project",
    "TeamMember", "WorkPackage",
]  # fmt: skip
