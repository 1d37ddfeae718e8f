from renkei.orgs.models.companies import Company, CompanyPhoto
from renkei.orgs.models.groups import Group, Membership, Region
from renkei.orgs.models.nda import NdaAcceptance
from renkei.orgs.models.people import GroupRole, Invitation

__all__ = [
    "Company", "CompanyPhoto", "Group", "GroupRole", "Invitation", "Membership", "NdaAcceptance",
    "Region",
]  # fmt: skip
