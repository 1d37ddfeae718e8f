"""Follow-ups of a committed write: each enqueued on its own, and none lost when the queue fails.

The queue's failure is injected at ``Task.enqueue`` (a locked or full queue database raises
there); everything else — the writes, the worker, the mail server — is real.
"""

import ast
import datetime as dt
import uuid
from pathlib import Path

import pytest
from django.db import OperationalError
from django.utils import timezone
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

from renkei.conftest_helpers import CUSTOMER, run_worker
from renkei.inquiries.models import Inquiry
from renkei.inquiries.referrals import refer
from renkei.inquiries.replies import post_message
from renkei.inquiries.services import submit_inquiry
from renkei.outbox.followups import requeue_lost
from renkei.outbox.mail import sweep
from renkei.outbox.models import FollowUp

SOURCE = Path(__file__).resolve().parents[2]


@pytest.fixture
def broken_queue(monkeypatch):
    """Makes the enqueue of the named tasks (all, with "*") fail as a locked database does."""
    real = Task.enqueue
    failing: set[str] = set()

    def enqueue(self, *args, **kwargs):
        if "*" in failing or self.name in failing:
            raise OperationalError("database is locked")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Task, "enqueue", enqueue)
    return failing


def _later() -> dt.datetime:
    return timezone.now() + dt.timedelta(minutes=2)


def _queued() -> list[str]:
    return sorted(
        p.rpartition(".")[2] for p in DBTaskResult.objects.values_list("task_path", flat=True)
    )


def _submit(group) -> Inquiry:
    inquiry, _ = submit_inquiry(group=group, key=uuid.uuid4(), header=CUSTOMER, lines=[])
    return inquiry


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_one_failed_enqueue_does_not_skip_the_others_and_is_repaired(
    group, alice, smtp, broken_queue
):
    group.inquiry_routing = "auto"
    group.save(update_fields=["inquiry_routing"])
    broken_queue.add("acknowledge_inquiry")
    inquiry = _submit(group)
    # The customer's acknowledgement could not be queued; the coordinators' mail and the
    # routing were queued all the same, and the lost one is remembered.
    assert _queued() == ["route_inquiry", "tell_coordinators"]
    assert list(FollowUp.objects.values_list("task_path", "args")) == [
        ("renkei.inquiries.tasks.acknowledge_inquiry", [inquiry.pk])
    ]
    broken_queue.clear()
    assert requeue_lost() == {"requeued": 0, "failing": 0, "dropped": 0}  # not lost yet
    assert requeue_lost(_later()) == {"requeued": 1, "failing": 0, "dropped": 0}
    assert not FollowUp.objects.exists()
    run_worker()
    to = sorted(rcpt for rcpts, _body in smtp.messages for rcpt in rcpts)
    assert to == ["alice@example.com", "taro@rocket.example"]


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_with_the_queue_down_every_mail_kind_still_goes_out_once(
    group, alice, bob, aoki, smtp, broken_queue
):
    broken_queue.add("*")
    inquiry = _submit(group)
    refer(actor=alice, inquiry=inquiry, companies=[aoki], reasons={})
    post_message(actor=alice, inquiry=inquiry, body="図面を拝見しました。")
    assert _queued() == []
    assert FollowUp.objects.count() == 4  # acknowledgement, coordinators, referral, message
    # The queue still down at the first sweep: kept, counted, tried again.
    assert requeue_lost(_later())["failing"] == 4
    broken_queue.clear()
    assert requeue_lost(_later())["requeued"] == 4
    run_worker()  # the four mail tasks file their mail; the outbox's deliveries follow
    sent = sorted((tuple(to), body.count("\n") > 0) for to, body in smtp.messages)
    assert [to for to, _ in sent] == [
        ("alice@example.com",), ("bob@example.com",),
        ("taro@rocket.example",), ("taro@rocket.example",),
    ]  # fmt: skip
    # Sweeps after the fact add nothing: each mail once.
    assert requeue_lost(_later()) == {"requeued": 0, "failing": 0, "dropped": 0}
    assert sweep(_later())["queued"] == 0
    run_worker()
    assert len(smtp.messages) == 4


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_a_mail_whose_delivery_could_not_be_queued_is_swept(group, smtp, broken_queue):
    broken_queue.add("deliver")
    _submit(group)
    run_worker()  # files the acknowledgement; its delivery task could not be queued
    assert smtp.messages == []
    broken_queue.clear()
    FollowUp.objects.all().delete()  # as if the process had died with the record unwritten
    assert sweep(timezone.now() + dt.timedelta(minutes=2))["queued"] == 1
    run_worker()
    assert [to for to, _ in smtp.messages] == [["taro@rocket.example"]]


def _on_commit_enqueues(path: Path) -> list[int]:
    """Lines where a task is enqueued from a bare ``transaction.on_commit`` callback."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Call) or getattr(node.func, "attr", "") != "on_commit":
            continue
        if "enqueue" in ast.unparse(node.args[0]):
            lines.append(node.lineno)
    return lines


def test_every_follow_up_of_a_write_goes_through_the_outbox():
    # Webhook deliveries keep their own record (a Delivery row) that their periodic check
    # re-sends, so they enqueue through after_commit; everything else goes through follow_up.
    own_record = {"outbox"}
    found = {
        f"{path.relative_to(SOURCE)}:{line}"
        for path in SOURCE.rglob("*.py")
        if "tests" not in path.parts and path.parent.name not in own_record
        for line in _on_commit_enqueues(path)
    }
    assert found == set()
