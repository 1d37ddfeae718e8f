"""Monthly statements to members (仕入明細書): issued with the fee netted under its own invoice,
once per member and month, answered by the member's admin only, deemed confirmed after the
group's days; the PDF downloads and every answer is an event and an audit entry."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from renkei.core.models import AuditEntry
from renkei.lib.documents import DocumentKind
from renkei.notices.models import Notice
from renkei.settlement.choices import DocumentEventKind, StatementState
from renkei.settlement.models import DocumentEvent, Statement
from renkei.settlement.services.statements import (
    deem_confirmed,
    issue_statements,
    month_share_rows,
    month_totals_in_db,
    statement_lines,
)
from renkei.settlement.tasks import deem_statements
from renkei.settlement.tests.conftest import AOKI_T_NUMBER

# These groups keep their fee back from the members' prices, which a statement nets.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fee_kept_back")]


@pytest.fixture
def month() -> dt.date:
    return timezone.localdate().replace(day=1)


@pytest.fixture
def issued(alice, group, accepted_settlement, billing, month):
    return {s.company_id: s for s in issue_statements(actor=alice, group=group, month=month)}


def test_statements_net_the_fee_under_its_own_qualified_invoice(issued, aoki, sakura, terms):
    aoki_statement = issued[aoki.pk]
    document = aoki_statement.document
    # aoki: ¥60,000 at 10 % → tax ¥6,000; its fee ¥6,000 + 10 % = ¥6,600 is deducted.
    assert (document.kind, document.net_yen, document.tax_yen) == ("statement", 60000, 6000)
    assert document.recipient_company_id == aoki.pk
    assert document.data["recipient"]["registration_number"] == AOKI_T_NUMBER
    assert document.data["issuer"]["name"] == "企業組合みやこ試作"
    assert document.data["extra"]["deemed_days"] == "7"
    line = document.data["lines"][0]
    assert line["reference"].startswith("MIYAKO-") and line["delivered_on"]
    fee = aoki_statement.fee_invoice
    assert fee.kind == DocumentKind.FEE_INVOICE and fee.recipient_company_id == aoki.pk
    assert (fee.net_yen, fee.tax_yen, fee.total_yen) == (6000, 600, 6600)
    assert fee.xml  # a qualified invoice, also as an e-invoice
    assert aoki_statement.payable_yen == 66000 - 6600
    assert issued[sakura.pk].payable_yen == 16500 - 1650
    # Paid under the member terms (month end, next month end), within 取適法's 60 days.
    assert aoki_statement.pay_on.day >= 28 and aoki_statement.pay_on > timezone.localdate()
    assert aoki_statement.deemed_on == timezone.localdate() + dt.timedelta(days=7)
    assert AuditEntry.objects.filter(action="settlement.statement.payable").count() == 2


def test_statements_without_netting_have_no_fee_invoice(alice, group, accepted_settlement,
                                                        billing, terms, month, aoki):  # fmt: skip
    terms.net_fee_in_statements = False
    terms.save()
    made = {s.company_id: s for s in issue_statements(actor=alice, group=group, month=month)}
    assert made[aoki.pk].fee_invoice is None
    assert made[aoki.pk].payable_yen == 66000


def test_issuing_again_issues_nothing_new(issued, alice, group, month):
    assert issue_statements(actor=alice, group=group, month=month) == []
    assert Statement.objects.filter(group=group, month=month).count() == 2


def test_pure_lines_agree_with_the_database_totals(issued, group, month, accepted_settlement):
    # Issued members drop out of the month's rows; the arithmetic is checked on fresh rows.
    Statement.objects.all().delete()
    rows = month_share_rows(group, month)
    lines = statement_lines(rows)
    in_db = month_totals_in_db(group, month)
    assert {c: (m.net, m.fee) for c, m in lines.items()} == in_db
    assert all(m.order_ids == (accepted_settlement.pk,) for m in lines.values())


def test_member_admin_confirms_with_an_event_and_audit(client, issued, bob, aoki, group):
    statement = issued[aoki.pk]
    client.force_login(bob)
    page = client.get(reverse("settlement:statement", args=[group.slug, statement.pk]))
    assert page.status_code == 200 and "confirm-statement" in page.content.decode()
    response = client.post(reverse("settlement:statement_confirm", args=[group.slug, statement.pk]))
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.state == StatementState.CONFIRMED and statement.answered_by == bob
    assert DocumentEvent.objects.filter(
        document=statement.document, kind=DocumentEventKind.CONFIRMED, actor=bob
    ).exists()
    assert AuditEntry.objects.filter(action="settlement.statement.confirm", actor=bob).exists()


def test_member_staff_sees_but_cannot_confirm(client, issued, emi, sakura, group):
    statement = issued[sakura.pk]
    client.force_login(emi)
    page = client.get(reverse("settlement:statement", args=[group.slug, statement.pk]))
    assert page.status_code == 200 and "confirm-statement" not in page.content.decode()
    response = client.post(reverse("settlement:statement_confirm", args=[group.slug, statement.pk]))
    assert response.status_code == 403
    statement.refresh_from_db()
    assert statement.state == StatementState.ISSUED


def test_member_sees_only_its_own_statements(client, issued, bob, aoki, sakura, group):
    client.force_login(bob)
    listing = client.get(reverse("settlement:statements", args=[group.slug])).content.decode()
    assert issued[aoki.pk].document.number in listing
    assert issued[sakura.pk].document.number not in listing
    other = client.get(reverse("settlement:statement", args=[group.slug, issued[sakura.pk].pk]))
    assert other.status_code == 404


def test_dispute_tells_the_coordinator(client, issued, hana, alice, sakura, group):
    statement = issued[sakura.pk]
    client.force_login(hana)
    empty = client.post(
        reverse("settlement:statement_dispute", args=[group.slug, statement.pk]), {"note": " "}
    )
    assert empty.status_code == 400
    assert "明細書のどこが違うかをご記入ください。" in empty.content.decode()
    client.post(
        reverse("settlement:statement_dispute", args=[group.slug, statement.pk]),
        {"note": "数量が4個のはずです"},
    )
    statement.refresh_from_db()
    assert statement.state == StatementState.DISPUTED
    assert statement.dispute_note == "数量が4個のはずです"
    assert Notice.objects.filter(user=alice, text__contains="数量が4個").exists()
    deem_confirmed(statement.deemed_on + dt.timedelta(days=1))
    statement.refresh_from_db()
    assert statement.state == StatementState.DISPUTED  # a disputed statement is never deemed


def test_unanswered_statements_are_deemed_confirmed_after_the_days(issued, aoki, group):
    statement = issued[aoki.pk]
    assert deem_confirmed(statement.deemed_on - dt.timedelta(days=1)) == 0
    now = timezone.now() + dt.timedelta(days=7)
    assert deem_statements(now) == {"deemed": 2}
    statement.refresh_from_db()
    assert statement.state == StatementState.DEEMED
    assert DocumentEvent.objects.filter(
        document=statement.document, kind=DocumentEventKind.DEEMED_CONFIRMED
    ).exists()
    assert deem_statements(now) == {"deemed": 0}


def test_the_pdf_downloads_and_is_audited(client, issued, bob, aoki, group):
    statement = issued[aoki.pk]
    client.force_login(bob)
    for which in ("statement", "fee"):
        response = client.get(
            reverse("settlement:statement_pdf", args=[group.slug, statement.pk, which])
        )
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="settlement.document.download").count() == 2
    assert DocumentEvent.objects.filter(kind=DocumentEventKind.DOWNLOADED).count() == 2


def test_books_issue_the_month_after_a_confirm_step(client, alice, group, accepted_settlement,
                                                    billing, month):  # fmt: skip
    client.force_login(alice)
    url = reverse("settlement:statements_issue", args=[group.slug])
    step = client.get(url, {"month": f"{month:%Y-%m}"})
    assert step.status_code == 200 and "issue-confirm" in step.content.decode()
    assert Statement.objects.count() == 0
    response = client.post(url, {"month": f"{month:%Y-%m}", "confirm": "1"})
    assert response.status_code == 302
    assert Statement.objects.filter(group=group).count() == 2
    listing = client.get(reverse("settlement:statements", args=[group.slug])).content.decode()
    assert "株式会社青木精工" in listing and "¥59,400" in listing
    bad = client.post(url, {"month": "2026-13", "confirm": "1"})
    assert bad.status_code == 400 and Statement.objects.count() == 2


def test_staff_and_members_cannot_issue(client, bob, emi, group, accepted_settlement, month):
    for user in (bob, emi):
        client.force_login(user)
        url = reverse("settlement:statements_issue", args=[group.slug])
        assert client.post(url, {"month": f"{month:%Y-%m}", "confirm": "1"}).status_code == 404
    assert Statement.objects.count() == 0


def test_another_groups_statement_ids_404(client, issued, dave, aoki, group, other_group):
    statement = issued[aoki.pk]
    client.force_login(dave)
    for url in (
        reverse("settlement:statement", args=[group.slug, statement.pk]),
        reverse("settlement:statement", args=[other_group.slug, statement.pk]),
        reverse("settlement:statement_pdf", args=[other_group.slug, statement.pk, "statement"]),
        reverse("settlement:statements", args=[group.slug]),
    ):
        assert client.get(url).status_code == 404
    response = client.post(reverse("settlement:statement_confirm", args=[other_group.slug,
                                                                        statement.pk]))  # fmt: skip
    assert response.status_code == 404
