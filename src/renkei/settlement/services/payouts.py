"""Paying the members (issue "Settlement" item 8, payouts): confirmed or deemed statements into
one 全銀協 総合振込 file the coordinator uploads to the group's bank, then marked paid.

A file is made once and kept: downloading it again gives the same bytes, and a statement in a
file is in no other, so that no member is paid twice by uploading a remade file.
"""

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.core.audit import audit
from renkei.lib.zengin import (
    ZenginError,
    build_transfer_file,
    payer_from_account,
    transfer_to_account,
)
from renkei.orgs.models import Group
from renkei.settlement.choices import PayoutState, StatementState
from renkei.settlement.models import MemberBilling, Statement, TransferFile
from renkei.settlement.services.issue import settlement_of

PAYABLE_STATES = (StatementState.CONFIRMED, StatementState.DEEMED)


class PayoutError(ValidationError):
    """A transfer file that cannot be made as asked; nothing was made."""


def payable_statements(group: Group) -> Any:
    """Statements the member confirmed (or that were deemed confirmed) and are not paid yet."""
    return (
        Statement.objects.filter(
            group=group, state__in=PAYABLE_STATES, payout_state=PayoutState.PENDING,
            payable_yen__gt=0,
        )
        .select_related("company", "document")
        .order_by("pay_on", "company__name", "pk")
    )  # fmt: skip


@transaction.atomic
def make_transfer_file(
    *, actor: Any, group: Group, transfer_on: dt.date, statements: Iterable[Statement]
) -> TransferFile:
    """One 総合振込 file paying ``statements`` (those of them still payable) on ``transfer_on``.
    Refused, with nothing made, when the group's account or requester code is missing or a
    member has no bank account (each such member named)."""
    if transfer_on < timezone.localdate():
        raise PayoutError(_("The transfer date has passed. Please choose today or a later day."))
    ids = sorted({s.pk for s in statements})
    # Locked in primary-key order (STYLE.md): two coordinators making files at once queue here.
    chosen = list(payable_statements(group).filter(pk__in=ids).select_for_update().order_by("pk"))
    if not chosen:
        raise PayoutError(_("Choose at least one confirmed statement that is still to be paid."))
    terms = settlement_of(group)
    account = terms.bank_account()
    if account is None or not terms.zengin_requester_code or not account.holder_kana:
        raise PayoutError(
            _(
                "The group's bank account, its holder's name in kana or the transfer requester "
                "code (委託者コード) is missing. Please fill them in the settlement terms."
            )
        )
    billings = {
        b.company_id: b
        for b in MemberBilling.objects.filter(company_id__in={s.company_id for s in chosen})
    }
    transfers = []
    missing: list[str] = []
    for statement in chosen:
        billing = billings.get(statement.company_id)
        payee = billing.bank_account() if billing is not None else None
        if payee is None or not payee.holder_kana:
            missing.append(statement.company.name)
            continue
        transfers.append(
            transfer_to_account(payee, statement.payable_yen, customer_code=str(statement.pk))
        )
    if missing:
        raise PayoutError(
            _(
                "These members have no bank account (or no account holder's name in kana) in "
                "their billing details, so no file was made: %(names)s"
            )
            % {"names": "、".join(sorted(set(missing)))}
        )
    payer = payer_from_account(terms.zengin_requester_code, account)
    try:
        data = build_transfer_file(payer, transfer_on, transfers)
    except ZenginError as error:
        who = chosen[error.transfer - 1].company.name if error.transfer else terms.party().name
        raise PayoutError(
            _(
                "The bank details of %(name)s cannot go into a transfer file (the account "
                "holder's name must be in kana and fit the bank's field). Please correct them."
            )
            % {"name": who}
        ) from error
    total = sum(t.amount for t in transfers)
    transfer = TransferFile(
        group=group,
        transfer_on=transfer_on,
        count=len(transfers),
        total_yen=total,
        sha256=hashlib.sha256(data).hexdigest(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    transfer.file.save(f"sogo-furikomi-{transfer_on:%Y%m%d}.txt", ContentFile(data), save=False)
    transfer.save()
    Statement.objects.filter(pk__in=[s.pk for s in chosen]).update(
        payout_state=PayoutState.IN_FILE, transfer=transfer, updated_at=timezone.now()
    )
    audit(
        "settlement.payout.file",
        actor=actor,
        obj=transfer,
        group=group,
        summary=f"{transfer_on} {len(transfers)} ¥{total:,}",
    )
    return transfer


@transaction.atomic
def mark_paid(*, actor: Any, transfer: TransferFile) -> int:
    """The bank carried out the file: its statements are paid (on the transfer date). Safe to
    repeat: the statements already paid stay as they are."""
    paid = Statement.objects.filter(transfer=transfer, payout_state=PayoutState.IN_FILE).update(
        payout_state=PayoutState.PAID, paid_on=transfer.transfer_on, updated_at=timezone.now()
    )
    if paid:
        audit(
            "settlement.payout.paid",
            actor=actor,
            obj=transfer,
            group=transfer.group,
            summary=f"{transfer.transfer_on} {paid}",
        )
    return paid


def record_transfer_download(*, actor: Any, transfer: TransferFile) -> None:
    audit(
        "settlement.payout.download",
        actor=actor,
        obj=transfer,
        group=transfer.group,
        summary=f"{transfer.transfer_on} ¥{transfer.total_yen:,} {transfer.sha256[:12]}",
    )


def transfer_bytes(transfer: TransferFile) -> bytes:
    """The file as made, byte for byte."""
    with transfer.file.open("rb") as handle:
        return bytes(handle.read())
