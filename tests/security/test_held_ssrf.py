"""Webhook SSRF: an endpoint on loopback, a private or link-local network, a name resolving
there, or another scheme than http(s) is refused when it is saved, on the page and in the
service; one that slipped through is refused again when connecting. The guard is on
(RENKEI_WEBHOOK_ALLOW_PRIVATE off), as in production."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from renkei.conftest_helpers import login, run_worker

PAGE = reverse("webhooks:manage", args=["miyako"])
REFUSED = [
    "http://127.0.0.1/hook",
    "http://127.0.0.1:8000/admin/",
    "https://10.0.0.1/hook",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::1]/hook",
    "http://[::ffff:169.254.169.254]/",
    "http://[fe80::1]/",
    "http://localhost/hook",
    "http://LOCALHOST./hook",
    "http://127.1/",  # short forms the resolver reads as 127.0.0.1
    "http://2130706433/",
    "http://0x7f000001/",
    "http://0177.0.0.1/",
    "http://evil.example@127.0.0.1/",
    "http://100.64.0.1/",
    "http://0.0.0.0/",
    "file:///etc/passwd",
    "gopher://127.0.0.1:70/_GET",
    "ftp://93.184.215.14/",
    "dict://127.0.0.1:11211/",
    "javascript:alert(1)",
    "//127.0.0.1/hook",
]


@pytest.fixture(autouse=True)
def _guard_on(settings):
    settings.RENKEI_WEBHOOK_ALLOW_PRIVATE = False


@pytest.mark.django_db
@pytest.mark.parametrize("url", REFUSED)
def test_the_page_refuses_the_endpoint_with_a_message(client, group, alice, url):
    from renkei.webhooks.models import Endpoint

    login(client, alice)
    response = client.post(
        PAGE, {"action": "create", "url": url, "events": ["inquiry.created"]},
        headers={"Accept-Language": "en"},
    )  # fmt: skip
    assert response.status_code == 400
    page = response.content.decode()
    assert "public Internet" in page or "http:// or https://" in page or "valid URL" in page
    assert not Endpoint.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("url", REFUSED)
def test_the_service_refuses_the_endpoint(group, alice, url):
    from renkei.webhooks.models import Endpoint
    from renkei.webhooks.services import create_endpoint

    with pytest.raises(ValidationError):
        create_endpoint(actor=alice, group=group, url=url, events=["inquiry.created"])
    assert not Endpoint.objects.exists()


@pytest.mark.django_db
def test_the_message_does_not_reveal_what_a_name_resolved_to(client, group, alice):
    login(client, alice)
    page = client.post(
        PAGE, {"action": "create", "url": "http://localhost/hook", "events": ["inquiry.created"]}
    ).content.decode()
    assert "localhost" in page and "127.0.0.1" not in page


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_an_endpoint_on_loopback_that_slipped_past_the_save_is_never_connected(group, alice):
    """E.g. saved while the guard was off, or its name re-pointed since: the ping fails at
    once with the reason, and nothing reaches the listener."""
    from renkei.webhooks.choices import DeliveryStatus
    from renkei.webhooks.models import Delivery, Endpoint
    from renkei.webhooks.services import send_ping
    from renkei.webhooks.tests.receiver import Receiver, start

    found = Receiver()
    server = start(found)
    try:
        endpoint = Endpoint.objects.create(group=group, url=found.url, events=["inquiry.created"])
        send_ping(actor=alice, endpoint=endpoint)
        run_worker()
    finally:
        server.shutdown()
        server.server_close()
    assert found.received == []
    delivery = Delivery.objects.get(endpoint=endpoint)
    assert delivery.status == DeliveryStatus.FAILED
    assert "public Internet" in delivery.last_error or "公開" in delivery.last_error
