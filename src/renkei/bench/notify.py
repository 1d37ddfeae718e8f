"""`renkei bench notify`: from a customer's submit to the member's mail arriving, worker running.

The bench starts a local SMTP server in this process and `renkei db_worker` in its own process,
as `renkei serve` does, on a group that passes every new inquiry to all its members (MNI's way).
It submits inquiries one at a time through the same service as the window and times each
member's mail from the submit until the SMTP server has it. The same-run baseline is the floor:
the same mail sent directly from this process, with no queue, worker or routing in between.
"""

import email
import email.policy
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from functools import partial
from typing import Any

from aiosmtpd.controller import Controller
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import connection

from renkei.bench.dataset import ensure_bench_data
from renkei.bench.directory import percentile
from renkei.conftest_helpers import free_port
from renkei.inquiries.models import Inquiry
from renkei.inquiries.services import submit_inquiry
from renkei.orgs.choices import InquiryRouting, PersonRole
from renkei.orgs.models import Company, GroupRole

TARGET_P95_S = 5.0
HEADER = {
    "customer_company": "株式会社ベンチ工業",
    "contact_name": "計測 太郎",
    "email": "bench-customer@example.com",
    "title": "シャフト試作 φ20×120 SUS304",
    "description": "図面の通り。数量 10 本。",
}


def add_arguments(parser: Any) -> None:
    parser.add_argument("--inquiries", type=int, default=10, help="inquiries submitted")
    parser.add_argument("--members", type=int, default=3, help="member companies mailed each")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for a mail")
    parser.add_argument("--group-slug", default="bench-notify", help="slug of the bench group")


class Arrivals:
    """The SMTP server's handler: when each mail arrived, by recipient and subject."""

    def __init__(self) -> None:
        self.mails: list[tuple[float, str, str]] = []
        self.changed = threading.Condition()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        arrived = time.perf_counter()
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.changed:
            for to in envelope.rcpt_tos:
                self.mails.append((arrived, to, str(message["subject"])))
            self.changed.notify_all()
        return "250 OK"

    def wait_for(self, test: Callable[[], bool], timeout: float) -> bool:
        with self.changed:
            return self.changed.wait_for(test, timeout=timeout)


def _members(group_slug: str, members: int) -> tuple[Any, list[str]]:
    data = ensure_bench_data(companies=members, group_slug=group_slug, seed=7)
    group = data.group
    group.inquiry_routing = InquiryRouting.ALL
    group.save(update_fields=["inquiry_routing"])
    addresses = []
    users = get_user_model().objects
    for company in Company.objects.filter(memberships__group=group).order_by("pk"):
        username = f"bench-notify-{company.pk}"
        user, _ = users.get_or_create(username=username, defaults={"email": f"{username}@x.test"})
        GroupRole.objects.get_or_create(
            user=user, group=group, company=company, role=PersonRole.MEMBER_ADMIN
        )
        addresses.append(user.email)
    return group, addresses


def _worker(port: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ, EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(port))
    command = [sys.executable, "-m", "renkei", "db_worker", "--queue-name", "*"]
    command += ["--interval", "0.5", "--no-reload"]  # as `renkei serve` runs it
    return subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _submit_and_wait(group: Any, addresses: list[str], inbox: Arrivals, timeout: float):
    started = time.perf_counter()
    inquiry, _ = submit_inquiry(group=group, key=uuid.uuid4(), header=HEADER, lines=[])
    reference = Inquiry.objects.get(pk=inquiry.pk).reference

    def arrived() -> dict[str, float]:
        return {to: at for at, to, subject in inbox.mails if reference in subject}

    inbox.wait_for(lambda: set(addresses) <= set(arrived()), timeout)
    return [at - started for to, at in arrived().items() if to in addresses]


def _has_subject(inbox: Arrivals, subject: str) -> bool:
    return any(mail[2] == subject for mail in inbox.mails)


def _direct(addresses: list[str], inbox: Arrivals, port: int, rounds: int) -> list[float]:
    """The floor: the same kind of mail sent straight from here, one at a time."""
    saved = settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_BACKEND
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    times = []
    try:
        for n in range(rounds):
            for address in addresses:
                subject = f"baseline {n} {address}"
                started = time.perf_counter()
                send_mail(subject, HEADER["description"], None, [address])
                inbox.wait_for(partial(_has_subject, inbox, subject), 10)
                times += [at - started for at, _to, s in inbox.mails if s == subject]
    finally:
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_BACKEND = saved
    return times


def run(*, out: Callable[[str], None], **options: Any) -> dict[str, Any]:
    group, addresses = _members(options["group_slug"], max(1, options["members"]))
    inbox = Arrivals()
    port = free_port()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    worker = _worker(port)
    rounds = max(1, options["inquiries"])
    out(f"{rounds} inquiries to {len(addresses)} members each; worker pid {worker.pid}")
    latencies: list[float] = []
    try:
        time.sleep(1.0)  # the worker starts up, as it is already running under `renkei serve`
        for _n in range(rounds):
            latencies += _submit_and_wait(group, addresses, inbox, options["timeout"])
        baseline = _direct(addresses, inbox, port, rounds)
    finally:
        worker.terminate()
        worker.wait(timeout=10)
        server.stop()
    sent = rounds * len(addresses)
    ours = latencies or [float("inf")]
    report = {
        "p50_s": round(percentile(ours, 50), 3),
        "p95_s": round(percentile(ours, 95), 3),
        "sent": sent,
        "received": len(latencies),
        "baseline_p50_s": round(percentile(baseline, 50), 4),
        "baseline_p95_s": round(percentile(baseline, 95), 4),
        "mean_s": round(statistics.fmean(ours), 3),
        "target_p95_s": TARGET_P95_S,
        "database": connection.vendor,
    }
    report["ratio"] = round(report["p95_s"] / max(report["baseline_p95_s"], 1e-6), 1)
    report["meets_target"] = report["p95_s"] <= TARGET_P95_S and len(latencies) == sent
    out(f"renkei   p50 {report['p50_s']:.3f} s   p95 {report['p95_s']:.3f} s")
    out(f"baseline p50 {report['baseline_p50_s']:.4f} s   p95 {report['baseline_p95_s']:.4f} s")
    out(f"received {report['received']} of {sent} member mails")
    verdict = "met" if report["meets_target"] else "MISSED"
    out(f"target p95 ≤ {TARGET_P95_S:.0f} s with every mail received: {verdict}")
    return report
