"""Payouts: confirmed statements into one 全銀協 総合振込 file, kept and downloaded again byte for
byte; a member without a bank account is named and nothing is made."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from renkei.core.models import AuditEntry
from renkei.lib.zengin import parse_transfer_file
from renkei.settlement.choices import PayoutState, StatementState
from renkei.settlement.models import MemberBilling, Statement, TransferFile
from renkei.settlement.services.payouts import PayoutError, make_transfer_file, mark_paid
from renkei.settlement.services.statements import issue_statements

# These groups keep their fee back from the members' prices, which a statement nets.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fee_kept_back")]


@pytest.fixture
def confirmed(alice, group, accepted_settlement, billing):
    made = issue_statements(actor=alice, group=group, month=timezone.localdate())
    Statement.objects.filter(pk__in=[s.pk for s in made]).update(state=StatementState.CONFIRMED)
    return list(Statement.objects.filter(pk__in=[s.pk for s in made]).order_by("pk"))


def test_the_transfer_file_has_120_byte_records_and_right_totals(alice, group, confirmed):
    day = timezone.localdate() + dt.timedelta(days=3)
    transfer = make_transfer_file(actor=alice, group=group, transfer_on=day, statements=confirmed)
    data = transfer.file.open("rb").read()
    records = data.split(b"\r\n")[:-1]
    assert [len(r) for r in records] == [120] * 5
    assert [r[:1] for r in records] == [b"1", b"2", b"2", b"8", b"9"]
    header, transfers, trailer = parse_transfer_file(data)
    assert trailer.count == 2 and trailer.total == 59400 + 14850 == transfer.total_yen
    assert sorted(t.amount for t in transfers) == [14850, 59400]
    assert header.month_day == day.strftime("%m%d")
    assert int(records[3][1:7]) == 2 and int(records[3][7:19]) == 74250
    assert set(Statement.objects.values_list("payout_state", flat=True)) == {PayoutState.IN_FILE}
    # Never remade: the statements are in a file and no second one can take them.
    with pytest.raises(PayoutError):
        make_transfer_file(actor=alice, group=group, transfer_on=day, statements=confirmed)
    assert mark_paid(actor=alice, transfer=transfer) == 2
    assert set(Statement.objects.values_list("payout_state", flat=True)) == {PayoutState.PAID}
    assert mark_paid(actor=alice, transfer=transfer) == 0


def test_a_member_without_a_bank_account_is_named_and_nothing_is_made(alice, group, confirmed,
                                                                       sakura):  # fmt: skip
    MemberBilling.objects.filter(company=sakura).update(bank_code="", branch_code="",
                                                        account_number="")  # fmt: skip
    with pytest.raises(PayoutError) as refused:
        make_transfer_file(
            actor=alice, group=group, transfer_on=timezone.localdate(), statements=confirmed
        )
    assert "さくら鍍金工業" in " ".join(refused.value.messages)
    assert TransferFile.objects.count() == 0
    assert set(Statement.objects.values_list("payout_state", flat=True)) == {PayoutState.PENDING}


def test_unconfirmed_statements_are_not_paid(alice, group, accepted_settlement, billing):
    made = issue_statements(actor=alice, group=group, month=timezone.localdate())
    with pytest.raises(PayoutError):
        make_transfer_file(
            actor=alice, group=group, transfer_on=timezone.localdate(), statements=made
        )


def test_the_coordinator_downloads_the_same_bytes_again(client, alice, group, confirmed):
    client.force_login(alice)
    page = client.get(reverse("settlement:payouts", args=[group.slug]))
    assert page.status_code == 200 and "株式会社青木精工" in page.content.decode()
    response = client.post(
        reverse("settlement:payout_make", args=[group.slug]),
        {"transfer_on": timezone.localdate().isoformat(), "statement": [s.pk for s in confirmed]},
    )
    assert response.status_code == 302
    transfer = TransferFile.objects.get()
    url = reverse("settlement:payout_download", args=[group.slug, transfer.pk])
    first, second = client.get(url), client.get(url)
    assert first.status_code == 200 and first.content == second.content
    assert first.content == transfer.file.open("rb").read()
    assert AuditEntry.objects.filter(action="settlement.payout.download").count() == 2


def test_the_page_names_the_member_without_an_account(client, alice, group, confirmed, sakura):
    MemberBilling.objects.filter(company=sakura).update(account_number="", bank_code="",
                                                        branch_code="")  # fmt: skip
    client.force_login(alice)
    response = client.post(
        reverse("settlement:payout_make", args=[group.slug]),
        {"transfer_on": timezone.localdate().isoformat(), "statement": [s.pk for s in confirmed]},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "さくら鍍金工業" in body and "口座" in body
    assert TransferFile.objects.count() == 0


def test_members_and_other_groups_get_404(client, bob, dave, group, other_group, confirmed,
                                          alice):  # fmt: skip
    transfer = make_transfer_file(
        actor=alice, group=group, transfer_on=timezone.localdate(), statements=confirmed
    )
    for user in (bob, dave):
        client.force_login(user)
        for url in (
            reverse("settlement:payouts", args=[group.slug]),
            reverse("settlement:payout_download", args=[group.slug, transfer.pk]),
            reverse("settlement:payout_download", args=[other_group.slug, transfer.pk]),
        ):
            assert client.get(url).status_code == 404
