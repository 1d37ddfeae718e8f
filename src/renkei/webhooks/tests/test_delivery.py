"""Events reach the group's endpoint signed, once, and are retried when the endpoint fails."""

import uuid

import pytest

from renkei.conftest_helpers import CUSTOMER, run_worker
from renkei.inquiries.models import Inquiry
from renkei.inquiries.referrals import refer
from renkei.inquiries.services import submit_inquiry
from renkei.webhooks import services
from renkei.webhooks.choices import DeliveryStatus, Event
from renkei.webhooks.delivery import MAX_ATTEMPTS, deliver
from renkei.webhooks.models import Delivery

pytestmark = pytest.mark.django_db(databases="__all__", transaction=True)

HEADER = CUSTOMER


def send(group, key=None):
    inquiry, _ = submit_inquiry(
        group=group, key=key or uuid.uuid4(), header=HEADER, lines=[{"part_name": "シャフト"}]
    )
    return inquiry


def endpoint_for(group, receiver, events=tuple(Event.values)):
    return services.create_endpoint(actor=None, group=group, url=receiver.url, events=events)


def test_a_new_inquiry_is_posted_once_signed(group, receiver):
    endpoint = endpoint_for(group, receiver)
    key = uuid.uuid4()

    inquiry = send(group, key)
    send(group, key)  # the same form sent twice is one inquiry, one event
    run_worker()
    run_worker()

    [got] = receiver.received
    assert got.signed_with(endpoint.secret)
    assert not got.signed_with("whsec_another")
    assert got.headers["Content-Type"] == "application/json"
    assert got.headers["X-Renkei-Event"] == "inquiry.created"
    body = got.payload
    assert got.headers["X-Renkei-Delivery"] == body["id"]
    assert body["event"] == "inquiry.created" and body["group"] == "miyako"
    assert body["inquiry"]["id"] == inquiry.pk
    assert body["inquiry"]["reference"] == inquiry.reference
    assert body["inquiry"]["status"] == "new" and body["inquiry"]["title"] == "シャフト試作"
    assert "occurred_at" in body
    assert "taro@rocket.example" not in got.body.decode()  # no customer contact details
    assert Delivery.objects.get().status == DeliveryStatus.DELIVERED


def test_a_status_change_is_posted_with_old_and_new(group, aoki, receiver):
    endpoint_for(group, receiver, events=[Event.INQUIRY_STATUS_CHANGED])
    inquiry = send(group)

    refer(actor=None, inquiry=inquiry, companies=[aoki], reasons={})
    run_worker()

    assert receiver.events() == ["inquiry.status_changed"]
    body = receiver.received[0].payload
    assert body["change"] == {"old": "new", "new": "reviewing"}
    assert body["inquiry"]["status"] == "reviewing"


def test_a_failing_receiver_is_tried_again_later_and_gets_it_once(group, receiver, later):
    endpoint_for(group, receiver)
    receiver.answers = [500]
    send(group)

    run_worker()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.attempts == 1 and delivery.response_code == 500
    assert "500" in delivery.last_error
    assert delivery.next_attempt_at > delivery.updated_at.replace(microsecond=0)
    run_worker()  # the retry is not due yet
    assert len(receiver.received) == 1

    later()
    run_worker()
    run_worker()

    first, second = receiver.received
    assert first.headers["X-Renkei-Delivery"] == second.headers["X-Renkei-Delivery"]
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 2
    assert delivery.response_code == 200 and delivery.delivered_at is not None


def test_running_the_delivery_task_twice_posts_once(group, receiver):
    endpoint_for(group, receiver)
    send(group)
    delivery = Delivery.objects.get()

    deliver.enqueue(delivery.pk, 1)  # a duplicate of the task submit_inquiry enqueued
    run_worker()
    deliver.enqueue(delivery.pk, 1)
    run_worker()

    assert len(receiver.received) == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and delivery.status == DeliveryStatus.DELIVERED


def test_after_six_failed_attempts_the_delivery_has_failed(group, receiver, later):
    endpoint_for(group, receiver)
    receiver.answers = [503] * 10
    send(group)

    for _ in range(MAX_ATTEMPTS + 2):
        run_worker()
        later()

    assert len(receiver.received) == MAX_ATTEMPTS == 6
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED and delivery.next_attempt_at is None


def test_an_unreachable_endpoint_records_the_error(group):
    from renkei.conftest_helpers import free_port

    services.create_endpoint(
        actor=None,
        group=group,
        url=f"http://127.0.0.1:{free_port()}/nobody-listens",
        events=[Event.INQUIRY_CREATED],
    )
    send(group)

    run_worker()

    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and delivery.response_code is None
    assert "refused" in delivery.last_error.lower()


def test_an_inactive_endpoint_and_another_groups_endpoint_get_nothing(group, other_group, receiver):
    endpoint = endpoint_for(group, receiver)
    services.set_endpoint_active(actor=None, endpoint=endpoint, active=False)
    endpoint_for(other_group, receiver)

    send(group)
    run_worker()

    assert receiver.received == []
    assert not Delivery.objects.exists()


def test_a_rolled_back_status_change_announces_nothing(group, receiver):
    from django.db import transaction

    from renkei.inquiries.status import change_status

    endpoint_for(group, receiver, events=[Event.INQUIRY_STATUS_CHANGED])
    inquiry = send(group)
    with pytest.raises(RuntimeError), transaction.atomic():
        change_status(inquiry, "declined")
        raise RuntimeError

    run_worker()

    assert receiver.received == []
    assert Inquiry.objects.get().status == "new"
    assert change_status(inquiry, "declined", only_from=["reviewing"]) is False
