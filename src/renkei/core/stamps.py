"""Change stamps: service functions bump one when they write what a cache is built from.

``cached`` keeps one value per key in this process for as long as the stamp holds, and at most
``MAX_AGE`` seconds as a backstop for edits made past the services (Django admin).
"""

import logging
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
_building: dict[tuple[object, ...], threading.Lock] = {}
logger = logging.getLogger(__name__)


def bump(name: str) -> None:
    Stamp.objects.update_or_create(name=name, defaults={"token": uuid4().hex})


def current(name: str) -> str:
    return Stamp.objects.filter(name=name).values_list("token", flat=True).first() or ""


def cached(name: str, key: tuple[object, ...], build: Callable[[], T]) -> T:
    """``build()``'s value for ``key``, built again once the stamp ``name`` has changed.

    One build per key at a time: requests arriving while it runs wait for it rather than build
    the same index beside it. Past ``MAX_AGE`` with the stamp unchanged, the value in hand is
    served while one background thread builds the next (the directory's index of 100,000
    companies takes seconds, and no request should carry that for a backstop)."""
    token = current(name)
    full_key = (name, *key)
    with _lock:
        entry = _cache.get(full_key)
    if entry is not None and entry[0] == token:
        if time.monotonic() - entry[1] >= MAX_AGE:
            _refresh_in_background(full_key, token, build)
        value: T = entry[2]
        return value
    with _building_lock(full_key):
        with _lock:
            entry = _cache.get(full_key)
        if entry is not None and entry[0] == token:  # built by the request we waited for
            return entry[2]
        return _build_and_keep(full_key, token, build)


def _build_and_keep(full_key: tuple[object, ...], token: str, build: Callable[[], T]) -> T:
    value = build()
    with _lock:
        if full_key not in _cache and len(_cache) >= MAX_ENTRIES:
            _cache.pop(min(_cache, key=lambda k: _cache[k][1]))
        _cache[full_key] = (token, time.monotonic(), value)
    return value


def _building_lock(full_key: tuple[object, ...]) -> threading.Lock:
    with _lock:
        return _building.setdefault(full_key, threading.Lock())


def _refresh_in_background(
    full_key: tuple[object, ...], token: str, build: Callable[[], T]
) -> None:
    lock = _building_lock(full_key)
    if not lock.acquire(blocking=False):
        return  # a build of this key is under way already

    def refresh() -> None:
        from django.db import connections

        try:
            _build_and_keep(full_key, token, build)
        except Exception:
            logger.exception("refreshing the cached %s failed; the value in hand stays", full_key)
        finally:
            lock.release()
            connections.close_all()  # this thread's own connections

    threading.Thread(target=refresh, name="stamps-refresh", daemon=True).start()


def forget() -> None:
    with _lock:
        _cache.clear()
