"""The group's fee comes either on top of the customer's price (a margin: the quote's fee) or
out of the members' prices (a percentage or a fixed amount kept back): never both, and only a
fee kept back is netted in the members' statements."""

from decimal import Decimal

import pytest
from django.utils import timezone

from renkei.settlement.choices import FeeKind, OrderState
from renkei.settlement.models import MemberShare, OrderSettlement
from renkei.settlement.services.orders import confirm_order
from renkei.settlement.services.statements import issue_statements

pytestmark = pytest.mark.django_db


def _accept(settlement: OrderSettlement) -> None:
    OrderSettlement.objects.filter(pk=settlement.pk).update(
        state=OrderState.ACCEPTED, accepted_at=timezone.now()
    )


def test_a_margin_is_the_quotes_fee_and_never_netted(alice, group, accepted_order, terms, billing):
    terms.fee_kind = FeeKind.MARGIN
    terms.save()
    settlement = confirm_order(order=accepted_order)
    shares = list(settlement.shares.order_by("pk"))
    assert [s.fee_yen for s in shares] == [6000, 1500]  # the quote's 10 % on top, per line
    assert [s.kept_yen for s in shares] == [0, 0]
    _accept(settlement)
    made = issue_statements(actor=alice, group=group, month=timezone.localdate())
    aoki = next(s for s in made if s.company_id == shares[0].company_id)
    assert aoki.fee_invoice is None
    assert aoki.payable_yen == 60000 + 6000  # the member's price and its tax, in full


def test_a_percentage_is_kept_back_and_netted(alice, group, accepted_order, terms, billing):
    terms.fee_kind = FeeKind.PERCENT
    terms.fee_value = Decimal("8")
    terms.save()
    settlement = confirm_order(order=accepted_order)
    shares = list(settlement.shares.order_by("pk"))
    assert [s.kept_yen for s in shares] == [4800, 1200]  # 8 % of ¥60,000 and of ¥15,000
    _accept(settlement)
    made = issue_statements(actor=alice, group=group, month=timezone.localdate())
    aoki = next(s for s in made if s.company_id == shares[0].company_id)
    assert aoki.fee_invoice is not None and aoki.fee_invoice.net_yen == 4800
    assert aoki.payable_yen == 66000 - (4800 + 480)


def test_a_fixed_fee_is_shared_over_the_members_in_proportion(group, accepted_order, terms):
    terms.fee_kind = FeeKind.FIXED
    terms.fee_value = Decimal("5000")
    terms.save()
    confirm_order(order=accepted_order)
    kept = list(MemberShare.objects.order_by("pk").values_list("kept_yen", flat=True))
    assert kept == [4000, 1000] and sum(kept) == 5000


def test_the_quote_form_charges_no_fee_on_top_when_it_is_kept_back(client, group, alice, terms):
    import re
    import uuid

    from django.urls import reverse

    from renkei.conftest_helpers import login
    from renkei.inquiries.services import submit_inquiry

    inquiry, _ = submit_inquiry(
        group=group, key=uuid.uuid4(),
        header={"customer_company": "株式会社テスト", "contact_name": "試験 太郎",
                "email": "t@example.com", "title": "部品", "description": "試作"},
        lines=[{"part_name": "部品", "quantity": 1}],
    )  # fmt: skip
    login(client, alice)
    url = reverse("inquiries:quote", args=[group.slug, inquiry.pk])

    def fee_shown() -> str:
        page = client.get(url).content.decode()
        found = re.search(r'name="fee_percent"[^>]*value="([^"]*)"', page)
        assert found is not None
        return found.group(1)

    terms.fee_kind = FeeKind.PERCENT
    terms.save()
    assert fee_shown() == "0"
    terms.fee_kind = FeeKind.MARGIN
    terms.save()
    assert Decimal(fee_shown()) == terms.fee_value
