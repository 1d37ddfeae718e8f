"""The coordinator's webhooks page: add an endpoint, see its secret once, ping, retry, remove."""

import pytest
from django.urls import reverse

from renkei.conftest_helpers import login, run_worker
from renkei.core.models import AuditEntry
from renkei.webhooks.choices import DeliveryStatus
from renkei.webhooks.models import Delivery, Endpoint

URL = reverse("webhooks:manage", args=["miyako"])


def add(client, url, events=("inquiry.created", "inquiry.status_changed")):
    return client.post(URL, {"action": "create", "url": url, "events": list(events)})


@pytest.mark.django_db
def test_another_groups_coordinator_and_members_get_404(client, group, alice, bob, carol, dave):
    endpoint = Endpoint.objects.create(group=group, url="https://example.jp/hook", events=["ping"])
    for user in (dave, bob, carol):
        login(client, user)
        assert client.get(URL).status_code == 404, user
        posted = client.post(URL, {"action": "delete", "endpoint": endpoint.pk})
        assert posted.status_code == 404, user
    assert Endpoint.objects.filter(pk=endpoint.pk).exists()
    client.logout()
    assert client.get(URL).status_code == 302  # to the login page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["ftp://example.jp/hook", "file:///etc/passwd", "javascript:alert(1)", "example.jp"]
)
def test_a_non_http_url_is_refused_with_a_clear_message(client, group, alice, url):
    login(client, alice)

    response = add(client, url)

    assert response.status_code == 400
    assert "Use an address that starts with http:// or https://." in response.content.decode()
    assert not Endpoint.objects.exists()


@pytest.mark.django_db
def test_an_endpoint_needs_an_event(client, group, alice):
    login(client, alice)

    response = add(client, "https://example.jp/hook", events=[])

    assert response.status_code == 400
    assert not Endpoint.objects.exists()


@pytest.mark.django_db
def test_the_secret_is_shown_once_when_the_endpoint_is_added(client, group, alice):
    login(client, alice)

    response = add(client, "https://example.jp/hook")

    endpoint = Endpoint.objects.get()
    assert response.status_code == 200
    assert endpoint.secret.startswith("whsec_") and endpoint.secret in response.content.decode()
    assert endpoint.created_by == alice and endpoint.group == group
    assert endpoint.secret not in client.get(URL).content.decode()
    assert AuditEntry.objects.filter(action="webhook.create", actor=alice).exists()


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_ping_retry_now_turn_off_and_delete(client, group, alice, receiver):
    login(client, alice)
    add(client, receiver.url)
    endpoint = Endpoint.objects.get()
    receiver.answers = [500]

    client.post(URL, {"action": "ping", "endpoint": endpoint.pk})
    run_worker()
    delivery = Delivery.objects.get()
    assert delivery.event == "ping" and delivery.status == DeliveryStatus.PENDING
    page = client.get(URL).content.decode()
    assert "Retry now" in page and "HTTP 500" in page

    client.post(URL, {"action": "retry", "delivery": delivery.pk})
    run_worker()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 2
    assert [r.signed_with(endpoint.secret) for r in receiver.received] == [True, True]
    refused = client.post(URL, {"action": "retry", "delivery": delivery.pk}, follow=True)
    assert "already delivered" in refused.content.decode()

    client.post(URL, {"action": "deactivate", "endpoint": endpoint.pk})
    endpoint.refresh_from_db()
    assert not endpoint.active
    asked = client.post(URL, {"action": "delete", "endpoint": endpoint.pk})
    assert Endpoint.objects.exists()  # only the confirmation page deletes
    client.post(asked["Location"])
    assert not Endpoint.objects.exists() and not Delivery.objects.exists()


@pytest.mark.django_db
def test_another_groups_delivery_cannot_be_retried(client, group, other_group, alice):
    theirs = Endpoint.objects.create(group=other_group, url="https://x.jp/", events=["ping"])
    delivery = Delivery.objects.create(endpoint=theirs, event="ping", status="failed")
    login(client, alice)

    for data in (
        {"action": "retry", "delivery": delivery.pk},
        {"action": "ping", "endpoint": theirs.pk},
        {"action": "delete", "endpoint": "not-a-number"},
    ):
        assert client.post(URL, data).status_code == 404
    delivery.refresh_from_db()
    assert delivery.status == "failed"


@pytest.mark.django_db
def test_the_page_is_in_japanese_first(client, group, alice):
    from django.utils import translation

    login(client, alice)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ja"
    with translation.override("ja"):
        page = client.get(URL).content.decode()
        refused = add(client, "ftp://example.jp/").content.decode()

    assert "送信先を追加" in page and "新しい引き合いが届いた" in page
    assert "http:// または https:// で始まるアドレスを入力してください。" in refused
