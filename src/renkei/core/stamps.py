"""Change stamps: service functions bump one when they write what a cache is built from."""

from uuid import uuid4

from renkei.core.models import Stamp

CAPABILITIES = "capabilities"  # companies' processes, materials, equipment, certificates, groups


def bump(name: str) -> None:
    Stamp.objects.update_or_create(name=name, defaults={"token": uuid4().hex})


def current(name: str) -> str:
    return Stamp.objects.filter(name=name).values_list("token", flat=True).first() or ""
