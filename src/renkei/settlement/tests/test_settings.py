"""The group's settlement terms and a member's billing details, through the pages."""

import pytest
from django.urls import reverse

from renkei.conftest_helpers import login
from renkei.settlement.models import GroupSettlement, MemberBilling
from renkei.settlement.tests.conftest import AOKI_T_NUMBER, GROUP_T_NUMBER

pytestmark = pytest.mark.django_db


def _terms_form(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "mode": "joint", "entity_form": "kigyo_kumiai", "fee_kind": "percent_of_member",
        "fee_value": "8", "closing_day": "0", "customer_pay_months": "1",
        "customer_pay_day": "0", "member_pay_months": "1", "member_pay_day": "0",
        "deemed_days": "7", "net_fee_in_statements": "on", "zengin_requester_code": "0000012345",
        "reserve_percent": "10", "education_percent": "5", "capital_dividend_percent": "0",
        "legal_name": "企業組合みやこ試作", "registration_number": GROUP_T_NUMBER,
        "account_kind": "1", "rounding": "down", "fiscal_year_start_month": "4",
    }  # fmt: skip
    data.update(changes)
    return data


def test_coordinator_saves_the_terms(client, group, alice):
    login(client, alice)
    response = client.post(reverse("settlement:terms", args=[group.slug]), _terms_form())
    assert response.status_code == 302
    terms = GroupSettlement.objects.get(group=group)
    assert terms.fee_value == 8
    assert terms.registration_number == GROUP_T_NUMBER


def test_a_wrong_check_digit_is_refused_in_japanese_and_nothing_changes(client, group, alice):
    login(client, alice)
    client.post(reverse("settlement:terms", args=[group.slug]), _terms_form())
    wrong = GROUP_T_NUMBER[:-1] + str((int(GROUP_T_NUMBER[-1]) + 1) % 10)
    response = client.post(
        reverse("settlement:terms", args=[group.slug]),
        _terms_form(registration_number=wrong, fee_value="30"),
        HTTP_ACCEPT_LANGUAGE="ja",
    )
    assert response.status_code == 400
    assert "登録番号" in response.content.decode()
    terms = GroupSettlement.objects.get(group=group)
    assert terms.registration_number == GROUP_T_NUMBER and terms.fee_value == 8


def test_full_width_registration_number_is_normalised(client, group, alice):
    login(client, alice)
    full_width = "Ｔ" + "".join(chr(ord(c) + 0xFEE0) for c in GROUP_T_NUMBER[1:])
    response = client.post(
        reverse("settlement:terms", args=[group.slug]), _terms_form(registration_number=full_width)
    )
    assert response.status_code == 302
    assert GroupSettlement.objects.get(group=group).registration_number == GROUP_T_NUMBER


def test_terms_are_the_coordinators_only(client, group, bob, dave):
    for person in (bob, dave):
        login(client, person)
        assert client.get(reverse("settlement:terms", args=[group.slug])).status_code == 404


def test_member_admin_saves_its_billing_details(client, group, bob, aoki):
    login(client, bob)
    url = reverse("settlement:billing", args=[group.slug, aoki.pk])
    response = client.post(
        url,
        {
            "legal_name": "株式会社青木精工", "registration_number": AOKI_T_NUMBER,
            "bank_name": "京都銀行", "bank_code": "0158", "branch_name": "西陣支店",
            "branch_code": "123", "account_kind": "1", "account_number": "7654321",
            "account_holder_kana": "ｶ)ｱｵｷｾｲｺｳ", "rounding": "down", "fiscal_year_start_month": "4",
        },
    )  # fmt: skip
    assert response.status_code == 302
    billing = MemberBilling.objects.get(company=aoki)
    assert billing.bank_account() is not None and billing.bank_account().number == "7654321"


def test_bank_details_must_be_complete(client, group, bob, aoki):
    login(client, bob)
    url = reverse("settlement:billing", args=[group.slug, aoki.pk])
    response = client.post(
        url, {"bank_code": "0158", "account_kind": "1", "rounding": "down",
              "fiscal_year_start_month": "4"}, HTTP_ACCEPT_LANGUAGE="ja",
    )  # fmt: skip
    assert response.status_code == 400
    assert not MemberBilling.objects.filter(company=aoki, bank_code="0158").exists()


def test_another_members_billing_is_not_found(client, group, bob, sakura, dave, aoki):
    login(client, bob)
    assert (
        client.get(reverse("settlement:billing", args=[group.slug, sakura.pk])).status_code == 404
    )
    login(client, dave)
    assert client.get(reverse("settlement:billing", args=[group.slug, aoki.pk])).status_code == 404
