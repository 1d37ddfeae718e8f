"""The money API: read scoped as on the web (books all, a member its own, other groups 404),
and recording a payment with an Idempotency-Key."""

import json
import uuid

import pytest
from django.utils import timezone

from renkei.api.services import create_api_token
from renkei.settlement.models import Payment
from renkei.settlement.services import payments as service
from renkei.settlement.services.invoices import issue_invoice

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate().isoformat()


@pytest.fixture
def invoice(alice, accepted_settlement):
    [issued] = issue_invoice(actor=alice, settlements=[accepted_settlement])
    return issued


def _token(user):
    return create_api_token(actor=user, name="books")[1]


def _get(client, url, user=None):
    headers = {"Authorization": f"Bearer {_token(user)}"} if user else {}
    response = client.get(url, headers=headers)
    assert response["Content-Type"].startswith("application/json")
    return response.status_code, json.loads(response.content)


def _post(client, url, user, body, key=None):
    headers = {"Authorization": f"Bearer {_token(user)}"}
    if key:
        headers["Idempotency-Key"] = key
    response = client.post(url, body, content_type="application/json", headers=headers)
    return response.status_code, json.loads(response.content)


def test_the_books_read_invoices_orders_and_payments(client, group, alice, kei, invoice):
    base = f"/api/v1/groups/{group.slug}"
    for person in (alice, kei):
        status, body = _get(client, f"{base}/invoices", person)
        assert status == 200 and body["count"] == 1
        [item] = body["items"]
        assert item["number"] == invoice.number and item["total"] == 90750
        assert item["state"] == "open" and item["open"] == 90750

    status, body = _get(client, f"{base}/invoices/{invoice.pk}", alice)
    assert status == 200 and body["id"] == invoice.pk
    status, body = _get(client, f"{base}/orders", alice)
    assert status == 200 and len(body["items"][0]["shares"]) == 2
    assert body["items"][0]["state"] == "invoiced"
    status, body = _get(client, f"{base}/statements", alice)
    assert status == 200 and body["count"] == 0
    status, body = _get(client, f"{base}/invoices?kind=credit_note", alice)
    assert status == 200 and body["count"] == 0


def test_a_member_sees_only_its_own(client, group, bob, alice, invoice, accepted_settlement, aoki):
    base = f"/api/v1/groups/{group.slug}"
    service.record_payment(
        actor=alice, group=group, received_on=invoice.issued_on, amount_yen=1000, payer_name="X"
    )
    status, body = _get(client, f"{base}/invoices", bob)
    assert status == 200 and body["count"] == 0  # the customer's invoice is the group's
    assert _get(client, f"{base}/invoices/{invoice.pk}", bob)[0] == 404
    status, body = _get(client, f"{base}/payments", bob)
    assert status == 200 and body["count"] == 0
    status, body = _get(client, f"{base}/orders", bob)
    [order] = body["items"]
    assert [s["company_id"] for s in order["shares"]] == [aoki.pk]  # not sakura's price
    status, body = _get(client, f"{base}/orders/{accepted_settlement.pk}", bob)
    assert status == 200 and len(body["shares"]) == 1


def test_other_groups_supporters_and_visitors_get_404(
    client, group, other_group, carol, dave, invoice, accepted_settlement
):
    for user in (carol, dave, None):
        for path in (
            "invoices",
            f"invoices/{invoice.pk}",
            "payments",
            "statements",
            "orders",
            f"orders/{accepted_settlement.pk}",
        ):
            assert _get(client, f"/api/v1/groups/{group.slug}/{path}", user)[0] == 404, (user, path)
    # dave's own group does not hold this group's invoice either
    assert _get(client, f"/api/v1/groups/{other_group.slug}/invoices/{invoice.pk}", dave)[0] == 404


def test_recording_a_payment_with_a_key_twice_records_one(client, group, alice, invoice):
    url = f"/api/v1/groups/{group.slug}/payments"
    body = {
        "received_on": TODAY,
        "amount": 100000,
        "payer_name": "ｶ)ﾛｹﾂﾄｺｳﾎﾞｳ",
        "allocations": [{"invoice_id": invoice.pk, "amount": 90750}],
    }
    key = str(uuid.uuid4())

    status, first = _post(client, url, alice, body, key)
    assert status == 201, first
    assert first["unallocated"] == 9250 and first["allocations"][0]["number"] == invoice.number
    status, again = _post(client, url, alice, body, key)
    assert status == 200 and again["id"] == first["id"]
    assert Payment.objects.count() == 1
    status, refused = _post(client, url, alice, {**body, "amount": 95000}, key)
    assert status == 409 and "Idempotency-Key" in refused["detail"]
    assert service.balance_of(invoice).state == service.InvoiceState.PAID

    status, read = _get(client, f"{url}/{first['id']}", alice)
    assert status == 200 and read == first


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"amount": 0}, 422),
        ({"amount": -100}, 422),
        ({"amount": 10**30}, 422),
        ({"amount": "lots"}, 422),
        ({"amount": 1.5}, 422),
        ({"received_on": "yesterday"}, 422),
        ({"received_on": "2999-01-01"}, 400),
        ({"payer_name": ""}, 422),
        ({"payer_name": "a\x00b"}, 422),
        ({"allocations": [{"invoice_id": 2**70, "amount": 1}]}, 422),
        ({"allocations": [{"invoice_id": 999999, "amount": 1}]}, 400),
        ({"allocations": [{"invoice_id": "x", "amount": 1}]}, 422),
        ({"allocations": "x"}, 422),
    ],
)
def test_bad_payments_are_refused_and_nothing_recorded(
    client, group, alice, invoice, change, status
):
    body = {"received_on": TODAY, "amount": 1000, "payer_name": "X", **change}
    got, answer = _post(client, f"/api/v1/groups/{group.slug}/payments", alice, body)
    assert got == status, answer
    assert answer["detail"] and isinstance(answer["errors"], dict)
    assert not Payment.objects.exists()


def test_an_allocation_above_the_invoice_is_400_by_field(client, group, alice, invoice):
    body = {
        "received_on": TODAY,
        "amount": 100000,
        "payer_name": "X",
        "allocations": [{"invoice_id": invoice.pk, "amount": 100000}],
    }
    status, answer = _post(client, f"/api/v1/groups/{group.slug}/payments", alice, body)
    assert status == 400 and "allocations[0].amount" in answer["errors"]
    assert not Payment.objects.exists()


def test_members_and_other_groups_cannot_record_payments(
    client, group, other_group, bob, dave, invoice
):
    body = {"received_on": TODAY, "amount": 1000, "payer_name": "X"}
    assert _post(client, f"/api/v1/groups/{group.slug}/payments", bob, body)[0] == 404
    assert _post(client, f"/api/v1/groups/{group.slug}/payments", dave, body)[0] == 404
    allocation = {**body, "allocations": [{"invoice_id": invoice.pk, "amount": 1000}]}
    assert _post(client, f"/api/v1/groups/{other_group.slug}/payments", dave, allocation)[0] == 400
    assert not Payment.objects.exists()


def test_the_openapi_schema_lists_the_money_endpoints(client):
    schema = json.loads(client.get("/api/v1/openapi.json").content)
    for path in ("invoices", "invoices/{invoice_id}", "statements", "payments", "orders"):
        assert f"/api/v1/groups/{{slug}}/{path}" in schema["paths"], path
    assert "post" in schema["paths"]["/api/v1/groups/{slug}/payments"]
