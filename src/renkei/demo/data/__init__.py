"""The demo region as pure data: the loader (renkei.demo.loader) turns it into records."""

from renkei.demo.data.food import TAMBA_FOOD
from renkei.demo.data.polishing import ECHIGO_MIGAKI
from renkei.demo.data.prototyping import RAKUNAN
from renkei.demo.data.region import PASSWORD, PEOPLE, REGION, SUPPORTERS
from renkei.demo.data.schema import Cert, GroupSpec, Machine, Member, Person
from renkei.demo.data.surface import HITACHI_NORTH

GROUPS: tuple[GroupSpec, ...] = (RAKUNAN, HITACHI_NORTH, ECHIGO_MIGAKI, TAMBA_FOOD)

__all__ = [
    "GROUPS",
    "PASSWORD",
    "PEOPLE",
    "REGION",
    "SUPPORTERS",
    "Cert",
    "GroupSpec",
    "Machine",
    "Member",
    "Person",
]
