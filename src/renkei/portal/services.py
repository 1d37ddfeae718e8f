"""Every write of the customer portal goes through here: sign-in links and re-orders."""

import datetime as dt
import hashlib
import secrets
import uuid
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.core.audit import audit
from renkei.inquiries import services as window
from renkei.inquiries.models import Drawing, Inquiry, Quote
from renkei.lib import drawingcheck
from renkei.outbox.followups import follow_up
from renkei.portal.models import SignInLink

# A link is for signing in now, from the mailbox it went to: long enough for slow mail, short
# enough that an old mail found later opens nothing.
LINK_VALID = dt.timedelta(minutes=30)
# Links are kept a day past their expiry (for the audit's sake), then forgotten.
LINK_KEPT = dt.timedelta(days=1)


def token_hash(token: str) -> str:
    """The SHA-256 of a link's token: 256 random bits need no key nor slow hash."""
    return hashlib.sha256(token.encode()).hexdigest()


def inquiries_of(email: str) -> Any:
    """Every inquiry sent from ``email``, in every group: the one scope of a customer's view.
    Case does not matter (people type Taro@… one day and taro@… the next)."""
    return Inquiry.objects.filter(email__iexact=email.strip())


@transaction.atomic
def request_sign_in(*, email: str, send: bool, language: str) -> None:
    """Records that someone asked for a sign-in link for ``email`` and, when inquiries were
    sent from it and the address has not asked too often (``send``), has the worker mail one.
    The page answers the same in every case, so it tells nobody which addresses are known."""
    from renkei.portal.tasks import send_sign_in_link

    now = timezone.now()
    SignInLink.objects.filter(expires_at__lt=now - LINK_KEPT).delete()
    known = inquiries_of(email).exists()
    if known and send:
        link = SignInLink.objects.create(
            email=email.strip(), language=language, expires_at=now + LINK_VALID
        )
        follow_up(send_sign_in_link, link.pk)
        audit("portal.sign_in_requested", obj=link, summary=link.email, throttled=False)
    elif known:
        audit("portal.sign_in_requested", summary=email.strip()[:300], throttled=True)
    else:
        # An address anyone may type: it is not recorded.
        audit("portal.sign_in_requested", known_address=False, throttled=not send)


def issue_token(link_id: int) -> tuple[SignInLink, str] | None:
    """Gives a link its token, once (the caller mails it in the same transaction); None when
    the link has one already, was used or has expired. Must run inside a transaction."""
    link = (
        SignInLink.objects.select_for_update()
        .filter(pk=link_id, token_hash="", used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if link is None:
        return None
    token = secrets.token_urlsafe(32)
    link.token_hash = token_hash(token)
    link.save(update_fields=["token_hash", "updated_at"])
    return link, token


def usable_link(token: str) -> SignInLink | None:
    """The link of ``token`` if it can still sign in (unused, unexpired). Reads only: a mail
    program that opens links to check them must not use the link up."""
    if not token:
        return None
    return SignInLink.objects.filter(
        token_hash=token_hash(token), used_at__isnull=True, expires_at__gt=timezone.now()
    ).first()


@transaction.atomic
def use_sign_in_link(*, token: str) -> str | None:
    """Uses up the link of ``token`` and returns its e-mail address, or None if it cannot sign
    in (wrong, used or expired). Two uses racing: the conditional UPDATE lets one win."""
    link = usable_link(token)
    if link is None:
        known = SignInLink.objects.filter(token_hash=token_hash(token)).first() if token else None
        if known is not None:
            audit("portal.sign_in_refused", obj=known, used=known.used_at is not None)
        return None
    now = timezone.now()
    if not SignInLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=now):
        return None
    audit("portal.sign_in_used", obj=link, summary=link.email)
    return link.email


def record_sign_out(*, email: str) -> None:
    audit("portal.sign_out", summary=email)


class ReorderFailed(Exception):
    """The earlier inquiry cannot be sent again as it is (a drawing is gone or no longer passes
    the checks); ``str()`` says why, in the request's language."""


def can_reorder(inquiry: Inquiry) -> bool:
    """Only what was quoted (and perhaps ordered) is ordered again: it has known parts and a
    price the customer saw."""
    return Quote.objects.filter(inquiry=inquiry, sent_at__isnull=False).exists()


def reorder_request(
    source: Inquiry, quantities: dict[int, int], note: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The header and lines of the new inquiry: the earlier one's, with the customer's
    quantities per line (by line id), no dates of the earlier one (they have passed), and
    ``note`` before the description, so the coordinator sees what it repeats."""
    header: dict[str, Any] = {name: getattr(source, name) for name in window.HEADER_FIELDS}
    header["quote_due"] = header["desired_delivery"] = None
    header["description"] = f"{note}\n\n{source.description}".strip()
    lines = [
        {name: getattr(line, name) for name in window.LINE_FIELDS}
        | {"quantity": quantities.get(line.pk, line.quantity)}
        for line in source.lines.all()
    ]
    return header, lines


def reorder_inquiry(
    *,
    email: str,
    source: Inquiry,
    key: uuid.UUID,
    quantities: dict[int, int],
    note: str,
    language: str,
) -> tuple[Inquiry, bool]:
    """Sends ``source`` again as a new inquiry to its group: the same lines with the given
    quantities and copies of its drawings (new files, new rows, each checked again as an upload
    is), through ``submit_inquiry`` so that acknowledgement, coordinators' mail and routing
    happen as for any inquiry. Returns the inquiry and whether it is new.

    ``key`` is the confirm page's submission key: sent twice, it is one inquiry. Raises
    ``window.KeyReused`` when the key already sent other quantities, ``ReorderFailed`` when a
    drawing cannot be copied."""
    if not inquiries_of(email).filter(pk=source.pk).exists():
        raise Inquiry.DoesNotExist
    group = source.group
    header, lines = reorder_request(source, quantities, note)
    originals = list(source.drawings.all())
    earlier = window.earlier_inquiry(
        group=group,
        key=key,
        header=header,
        lines=lines,
        digests=[d.sha256 for d in originals],
        all_files=True,
    )
    if earlier is not None:
        return earlier, False
    copies: list[Drawing] = []
    try:
        # One transaction for the copies and the inquiry: a second send racing this one either
        # waits for it and finds its inquiry, or loses the key's constraint and takes its
        # copies back; no copy is ever attached twice.
        with transaction.atomic():
            window.unstage_all(group=group, key=key)  # what a failed attempt left staged
            for original in originals:
                copies.append(_copy_drawing(original, key))
            inquiry, created = window.submit_inquiry(
                group=group, key=key, header=header, lines=lines, language=language
            )
            if not created:
                _remove(copies)
                return inquiry, False
            audit(
                "portal.reorder",
                obj=inquiry,
                group=group,
                summary=f"{source.reference} → {inquiry.reference}",
                source=source.pk,
                drawings=len(copies),
            )
    except BaseException:
        # Rows roll back with the transaction; files do not.
        for copy in copies:
            copy.file.storage.delete(copy.file.name)
        raise
    return inquiry, True


def _copy_drawing(original: Drawing, key: uuid.UUID) -> Drawing:
    storage, name = original.file.storage, original.file.name or ""
    try:
        handle = storage.open(name, "rb")
    except OSError as missing:
        raise ReorderFailed(
            _("The drawing %(name)s of the earlier inquiry is no longer kept.")
            % {"name": original.original_name}
        ) from missing
    with handle:
        upload = UploadedFile(file=handle, name=original.original_name, size=original.size)
        try:
            return window.stage_drawing(group=original.group, key=key, upload=upload)
        except drawingcheck.DrawingRejected as rejected:
            reason = _(drawingcheck.MESSAGES[rejected.code]) % rejected.params
            raise ReorderFailed(
                _("The drawing %(name)s of the earlier inquiry cannot be sent again: %(reason)s")
                % {"name": original.original_name, "reason": reason}
            ) from rejected


def _remove(copies: list[Drawing]) -> None:
    for copy in copies:
        copy.file.delete(save=False)
        copy.delete()
