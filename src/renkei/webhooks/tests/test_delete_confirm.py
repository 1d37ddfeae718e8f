"""Deleting an endpoint takes its delivery history with it, so renkei asks first and says so;
a failed delivery is explained in plain words, not with the exception's text."""

import pytest
from django.urls import reverse
from django.utils import translation

from renkei.conftest_helpers import login
from renkei.core.models import AuditEntry
from renkei.webhooks.choices import DeliveryStatus
from renkei.webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.django_db

MANAGE = reverse("webhooks:manage", args=["miyako"])


@pytest.fixture
def endpoint(group):
    endpoint = Endpoint.objects.create(
        group=group, url="https://hook.example.jp/renkei", events=["inquiry.created"]
    )
    Delivery.objects.create(endpoint=endpoint, event="ping", status=DeliveryStatus.DELIVERED)
    Delivery.objects.create(endpoint=endpoint, event="ping", status=DeliveryStatus.PENDING)
    return endpoint


def confirm_url(endpoint):
    return reverse("webhooks:delete", args=["miyako", endpoint.pk])


def test_the_delete_button_leads_to_a_summary_and_deletes_nothing(client, alice, endpoint):
    login(client, alice)

    page = client.get(MANAGE).content.decode()
    asked = client.post(MANAGE, {"action": "delete", "endpoint": endpoint.pk})
    summary = client.get(confirm_url(endpoint)).content.decode()

    assert f'href="{confirm_url(endpoint)}"' in page
    assert asked.status_code == 302 and asked["Location"] == confirm_url(endpoint)
    assert "https://hook.example.jp/renkei" in summary and "2 deliveries" in summary
    assert "1 delivery still waiting to be sent is dropped." in summary
    assert Endpoint.objects.filter(pk=endpoint.pk).exists() and Delivery.objects.count() == 2


def test_confirming_deletes_the_endpoint_and_its_history_with_an_audit_entry(
    client, alice, endpoint
):
    login(client, alice)

    response = client.post(confirm_url(endpoint))

    assert response.status_code == 302 and response["Location"] == MANAGE
    assert not Endpoint.objects.exists() and not Delivery.objects.exists()
    assert AuditEntry.objects.filter(action="webhook.delete").count() == 1


def test_the_confirmation_page_is_the_coordinators_only(client, bob, carol, dave, endpoint):
    for user in (bob, carol, dave):
        login(client, user)
        assert client.get(confirm_url(endpoint)).status_code == 404, user
        assert client.post(confirm_url(endpoint)).status_code == 404, user
    client.logout()
    assert client.post(confirm_url(endpoint)).status_code == 302
    assert Endpoint.objects.filter(pk=endpoint.pk).exists()


def test_another_groups_endpoint_has_no_confirmation_page(client, alice, other_group):
    theirs = Endpoint.objects.create(group=other_group, url="https://x.jp/", events=["ping"])
    login(client, alice)

    assert client.get(confirm_url(theirs)).status_code == 404
    assert client.post(confirm_url(theirs)).status_code == 404
    assert Endpoint.objects.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize(
    ("error", "code", "japanese"),
    [
        ("URLError: [Errno -2] Name or service not known", None, "名前解決できません"),
        ("URLError: [Errno 111] Connection refused", None, "接続できません"),
        ("TimeoutError: timed out", None, "タイムアウト"),
        ("HTTP 500 Internal Server Error", 500, "HTTP 500 を返しました"),
    ],
)
def test_a_failed_delivery_is_explained_in_plain_japanese(
    client, alice, endpoint, error, code, japanese
):
    Delivery.objects.filter(endpoint=endpoint).update(
        status=DeliveryStatus.FAILED, last_error=error, response_code=code
    )
    login(client, alice)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ja"

    with translation.override("ja"):
        page = client.get(MANAGE).content.decode()

    assert japanese in page
    assert "Errno" not in page and "URLError" not in page and "TimeoutError" not in page
