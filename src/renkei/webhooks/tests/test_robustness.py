"""Webhooks survive a worker that dies mid-POST, and never go into private networks."""

import datetime as dt
import io
import socket
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from renkei.conftest_helpers import CUSTOMER, login, run_worker
from renkei.core.models import AuditEntry
from renkei.inquiries.services import submit_inquiry
from renkei.webhooks import addresses, services
from renkei.webhooks.choices import DeliveryStatus, Event
from renkei.webhooks.delivery import MAX_ATTEMPTS, claim, requeue_stalled
from renkei.webhooks.models import Delivery, Endpoint

HEADER = CUSTOMER
URL = reverse("webhooks:manage", args=["miyako"])
REFUSED = [
    ("http://127.0.0.1:8080/hook", "127.0.0.1", "loopback"),
    ("http://localhost/hook", "localhost", "loopback"),
    ("http://[::1]/hook", "::1", "loopback"),
    ("https://10.1.2.3/hook", "10.1.2.3", "private"),
    ("http://192.168.0.10/hook", "192.168.0.10", "private"),
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254", "link-local"),
    ("http://224.0.0.1/hook", "224.0.0.1", "multicast"),
    ("http://240.0.0.1/hook", "240.0.0.1", "reserved"),
    ("http://0.0.0.0/hook", "0.0.0.0", "unspecified"),  # noqa: S104 (refused, never bound)
    ("http://[::ffff:127.0.0.1]/hook", "::ffff:127.0.0.1", "loopback"),
]
NOT_PUBLIC = "is not on the public Internet ({} address)"


def send(group):
    submit_inquiry(group=group, key=uuid.uuid4(), header=HEADER, lines=[{"part_name": "シャフト"}])


def endpoint_for(group, url):
    return services.create_endpoint(
        actor=None, group=group, url=url, events=[Event.INQUIRY_CREATED]
    )


def stall(delivery, attempts):
    """What a worker killed mid-POST leaves behind: the attempt claimed, never settled."""
    Delivery.objects.filter(pk=delivery.pk).update(attempts=attempts - 1)
    assert claim(delivery.pk, attempts) is not None
    Delivery.objects.filter(pk=delivery.pk).update(
        sending_until=timezone.now() - dt.timedelta(seconds=1)
    )


# A worker that dies mid-POST


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_a_delivery_left_sending_by_a_dead_worker_is_sent_by_the_next_tick(group, receiver):
    endpoint_for(group, receiver.url)
    send(group)
    delivery = Delivery.objects.get()
    assert claim(delivery.pk, 1) is not None  # a worker takes attempt 1 …
    run_worker()  # … and dies: the queued task finds the attempt taken and does nothing
    assert receiver.received == []
    assert requeue_stalled() == {
        "requeued": 0,
        "failed": 0,
        "resent": 0,
    }  # its claim has not run out yet

    Delivery.objects.update(sending_until=timezone.now() - dt.timedelta(seconds=1))
    out = io.StringIO()
    call_command("tick", "--once", stdout=out, stderr=io.StringIO())
    run_worker()

    assert (
        "renkei.webhooks.delivery.requeue_stalled: {'requeued': 1, 'failed': 0, 'resent': 0}"
        in (out.getvalue())
    )
    assert len(receiver.received) == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 2
    assert AuditEntry.objects.filter(action="webhook.requeue").count() == 1
    assert requeue_stalled() == {"requeued": 0, "failed": 0, "resent": 0}  # nothing is sent twice
    run_worker()
    assert len(receiver.received) == 1


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_a_dead_last_attempt_leaves_the_delivery_failed(group, receiver):
    endpoint_for(group, receiver.url)
    send(group)
    delivery = Delivery.objects.get()
    stall(delivery, MAX_ATTEMPTS)

    assert requeue_stalled() == {"requeued": 0, "failed": 1, "resent": 0}
    run_worker()

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.next_attempt_at is None
    assert "worker stopped" in delivery.last_error
    assert receiver.received == []


@pytest.mark.django_db
def test_a_delivery_still_within_its_claim_or_already_settled_is_left_alone(group):
    endpoint = Endpoint.objects.create(group=group, url="https://x.jp/", events=["ping"])
    soon = timezone.now() + dt.timedelta(seconds=20)
    busy = Delivery.objects.create(endpoint=endpoint, event="ping", status="sending")
    Delivery.objects.filter(pk=busy.pk).update(sending_until=soon, attempts=1)
    done = Delivery.objects.create(endpoint=endpoint, event="ping", status="delivered")

    assert requeue_stalled() == {"requeued": 0, "failed": 0, "resent": 0}

    assert Delivery.objects.get(pk=busy.pk).status == DeliveryStatus.SENDING
    assert Delivery.objects.get(pk=done.pk).status == DeliveryStatus.DELIVERED


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_a_late_outcome_of_an_attempt_taken_over_is_ignored(group, receiver):
    from renkei.webhooks.delivery import settle

    endpoint_for(group, receiver.url)
    send(group)
    delivery = Delivery.objects.get()
    stall(delivery, 1)  # attempt 1 outlives its claim …
    requeue_stalled()
    run_worker()  # … attempt 2 delivers
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 2
    # Attempt 1's worker wakes up and reports a failure: nothing changes.
    assert settle(delivery.pk, 1, False, 500, "late") == "superseded"
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.last_error != "late"


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_a_pending_delivery_whose_task_was_lost_is_sent_by_a_later_tick(group, receiver):
    from django_tasks_db.models import DBTaskResult

    endpoint_for(group, receiver.url)
    send(group)
    DBTaskResult.objects.all().delete()  # the queue's write failed after the event was saved
    run_worker()
    assert receiver.received == []
    assert requeue_stalled()["resent"] == 0  # not yet long enough past its time
    Delivery.objects.update(next_attempt_at=timezone.now() - dt.timedelta(minutes=6))
    assert requeue_stalled()["resent"] == 1
    assert requeue_stalled()["resent"] == 0  # one copy, not one per tick
    run_worker()
    assert len(receiver.received) == 1
    assert Delivery.objects.get().status == DeliveryStatus.DELIVERED


# Private addresses


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "host", "kind"), REFUSED)
def test_a_private_address_is_refused_on_the_page_by_name(
    client, group, alice, guarded, url, host, kind
):
    login(client, alice)

    response = client.post(URL, {"action": "create", "url": url, "events": ["inquiry.created"]})

    assert response.status_code == 400
    page = response.content.decode()
    assert host in page and NOT_PUBLIC.format(kind) in page, page
    assert "renkei sends webhooks only to public addresses" in page
    assert not Endpoint.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["http://127.0.0.1/hook", "http://10.0.0.5/", "http://[fd00::1]/"])
def test_the_service_refuses_a_private_address_too(group, guarded, url):
    with pytest.raises(ValidationError) as refused:
        endpoint_for(group, url)

    assert "url" in refused.value.message_dict
    assert not Endpoint.objects.exists()


@pytest.mark.django_db
def test_public_addresses_and_names_not_resolving_yet_are_accepted(group, guarded):
    endpoint_for(group, "https://93.184.215.14/hook")
    endpoint_for(group, "https://hooks.renkei-not-registered.invalid/hook")

    assert Endpoint.objects.count() == 2


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_an_endpoint_that_turns_private_after_the_save_fails_at_delivery_with_a_clear_error(
    settings, group, receiver, later
):
    endpoint_for(group, receiver.url)  # saved while private addresses were allowed
    settings.RENKEI_WEBHOOK_ALLOW_PRIVATE = False
    send(group)

    run_worker()
    later()
    run_worker()

    assert receiver.received == []
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 1
    assert "127.0.0.1 " + NOT_PUBLIC.format("loopback") in delivery.last_error
    assert delivery.next_attempt_at is None


@pytest.fixture
def rebinding(monkeypatch, receiver):
    """hook.example.test resolves to the receiver on 127.0.0.1 — an attacker's DNS that answers
    with a public address when the endpoint is saved and a private one when it is used."""
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host == "hook.example.test":
            return real("127.0.0.1", port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(addresses.socket, "getaddrinfo", getaddrinfo)
    return receiver.url.replace("127.0.0.1", "hook.example.test")


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_a_name_rebound_to_a_private_address_is_refused_when_connecting(
    settings, group, receiver, rebinding
):
    endpoint = Endpoint.objects.create(group=group, url=rebinding, events=["inquiry.created"])
    settings.RENKEI_WEBHOOK_ALLOW_PRIVATE = False
    send(group)

    run_worker()

    assert receiver.received == []
    delivery = Delivery.objects.get(endpoint=endpoint)
    assert delivery.status == DeliveryStatus.FAILED
    assert "hook.example.test " + NOT_PUBLIC.format("loopback") in delivery.last_error
    assert "127.0.0.1" not in delivery.last_error  # the internal address is never shown


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_with_private_addresses_allowed_the_checked_address_is_the_one_used(
    group, receiver, rebinding
):
    endpoint_for(group, rebinding)
    send(group)

    run_worker()

    assert len(receiver.received) == 1
    assert receiver.received[0].headers["Host"].startswith("hook.example.test:")
    assert Delivery.objects.get().status == DeliveryStatus.DELIVERED
