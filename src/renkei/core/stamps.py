"""Change stamps: service functions bump one when they write what a cache is built from.

``cached`` keeps one value per key in this process for as long as the stamp holds, and at most
``MAX_AGE`` seconds as a backstop for edits made past the services (Django admin).
"""

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar
from uuid import uuid4

from renkei.core.models import Stamp

CAPABILITIES = "capabilities"  # companies' processes, materials, equipment, certificates, groups
MAX_AGE = 300.0
MAX_ENTRIES = 32

T = TypeVar("T")
_lock = threading.Lock()
_cache: dict[tuple[object, ...], tuple[str, float, Any]] = {}


def bump(name: str) -> None:
    Stamp.objects.update_or_create(name=name, defaults={"token": uuid4().hex})


def current(name: str) -> str:
    return Stamp.objects.filter(name=name).values_list("token", flat=True).first() or ""


def cached(name: str, key: tuple[object, ...], build: Callable[[], T]) -> T:
    """``build()``'s value for ``key``, built again once the stamp ``name`` has changed."""
    token = current(name)
    now = time.monotonic()
    full_key = (name, *key)
    with _lock:
        entry = _cache.get(full_key)
    if entry is not None and entry[0] == token and now - entry[1] < MAX_AGE:
        value: T = entry[2]
        return value
    value = build()
    with _lock:
        if len(_cache) >= MAX_ENTRIES:
            _cache.pop(min(_cache, key=lambda k: _cache[k][1]))
        _cache[full_key] = (token, now, value)
    return value


def forget() -> None:
    with _lock:
        _cache.clear()
