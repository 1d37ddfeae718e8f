from renkei.orgs.models.companies import Company, CompanyPhoto
from renkei.orgs.models.groups import Group, Membership, Region
from renkei.orgs.models.people import GroupRole, Invitation

__all__ = ["Company", "CompanyPhoto", "Group", "GroupRole", "Invitation", "Membership", "Region"]
