"""Drawings staged under a form's key before the inquiry is sent: their quotas and their cleanup.

A web form sent back with an error keeps its drawings staged, so the customer need not upload
them again. Left alone, that is a way to fill the disk without ever sending an inquiry: so the
bytes staged under one key and from one address are bounded, and what was never sent is deleted
after a day by the periodic check (``renkei tick``).
"""

import datetime as dt
import math
import uuid

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from renkei.core import throttle
from renkei.core.audit import audit
from renkei.inquiries.models import Drawing
from renkei.orgs.models import Group

# Staged drawings older than this, never attached to an inquiry, are deleted.
STALE_AFTER = dt.timedelta(hours=24)
UPLOAD_SCOPE = "upload_address"


class OverQuota(Exception):
    """A drawing not staged because of a quota or the upload rate; ``str()`` says why, in the
    request's language, and names no other customer's data."""


def per_form_bytes() -> int:
    return int(settings.RENKEI_STAGED_MB_PER_FORM) * 2**20


def per_address_bytes() -> int:
    return int(settings.RENKEI_STAGED_MB_PER_ADDRESS) * 2**20


def staged_bytes_of_key(group: Group, key: uuid.UUID) -> int:
    rows = Drawing.objects.filter(group=group, submission_key=key, inquiry__isnull=True)
    return int(rows.aggregate(n=Sum("size"))["n"] or 0)


def staged_bytes_from(address: str) -> int:
    """Bytes of drawings staged from ``address`` in the last day and not sent with an inquiry."""
    rows = Drawing.objects.filter(
        sender=throttle.hashed(address),
        inquiry__isnull=True,
        created_at__gte=timezone.now() - STALE_AFTER,
    )
    return int(rows.aggregate(n=Sum("size"))["n"] or 0)


def check_quotas(*, key_bytes: int, address_bytes: int, adding: int) -> None:
    """Raises ``OverQuota`` if ``adding`` more bytes would pass the per-form or the per-address
    quota, given what is staged already under the key and from the address."""
    if key_bytes + adding > per_form_bytes():
        raise OverQuota(
            _("the drawings of one inquiry may be at most %(mb)s MB in all")
            % {"mb": settings.RENKEI_STAGED_MB_PER_FORM}
        )
    if address_bytes + adding > per_address_bytes():
        raise OverQuota(
            _(
                "too many drawings were attached from your connection without being sent; "
                "please send the inquiry, or remove drawings you do not need"
            )
        )


def count_upload(address: str) -> throttle.Verdict:
    """Counts one staged upload from ``address`` against the ``upload_address`` rate."""
    return throttle.check(UPLOAD_SCOPE, address, throttle.rate(UPLOAD_SCOPE))


def too_many_uploads(verdict: throttle.Verdict) -> OverQuota:
    minutes = max(1, math.ceil(verdict.retry_after / 60))
    return OverQuota(
        ngettext(
            "many files were sent from your connection in a short time; "
            "please try again in about %(minutes)s minute",
            "many files were sent from your connection in a short time; "
            "please try again in about %(minutes)s minutes",
            minutes,
        )
        % {"minutes": minutes}
    )


def purge_stale_drawings() -> dict[str, int]:
    """Periodic (``renkei tick``): deletes the rows and the files of drawings staged more than a
    day ago and never sent with an inquiry."""
    cutoff = timezone.now() - STALE_AFTER
    deleted = freed = 0
    stale = Drawing.objects.filter(inquiry__isnull=True, created_at__lt=cutoff)
    for drawing in stale.iterator():
        # The row goes first, and only while still unattached: an inquiry sent at this very
        # moment either got it (and it stays) or never sees it.
        removed, _kinds = Drawing.objects.filter(pk=drawing.pk, inquiry__isnull=True).delete()
        if removed:
            drawing.file.delete(save=False)
            deleted += 1
            freed += drawing.size
    if deleted:
        audit("drawing.purge_staged", summary=f"{deleted}", count=deleted, bytes=freed)
    return {"deleted": deleted}
