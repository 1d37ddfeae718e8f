"""`renkei bench board`: the coordinator's board rendered for groups with many inquiries.

For each ``--inquiries`` count a group of its own gets that many generated inquiries (every
status, a quarter of them with a running reply clock, some flagged by the boundary screening),
and its coordinator asks for the board through Django's test client — the whole view,
middleware, queries and template — ``--repeat`` times: first page, a status filter, a later
page. The same-run baseline is the board as it was before it had pages: the same view with
200 rows on one page (``PAGE_SIZE = 200``, what it used to cut at). Its groups are private
ones of the benchmark region (bench.dataset), made again when their count differs.
"""

import datetime as dt
import random
import statistics
import time
import uuid
from collections.abc import Callable
from typing import Any

from renkei.bench.dataset import BenchDataError
from renkei.bench.directory import percentile

TARGET_GROWTH = 1.5  # p95 at the largest count may be at most this many times the smallest's
OLD_PAGE_SIZE = 200


def add_arguments(parser: Any) -> None:
    parser.add_argument(
        "--inquiries", default="200,2000", help="comma-separated inquiry counts of one group"
    )
    parser.add_argument("--repeat", type=int, default=20, help="board requests per case")


def make_inquiries(group: Any, count: int, *, seed: int = 1) -> None:
    """``count`` inquiries of ``group`` received over the last year, newest last."""
    from django.utils import timezone

    from renkei.inquiries.choices import InquiryStatus
    from renkei.inquiries.models import Inquiry

    start = group.inquiries.count()
    # Keys and tokens differ between groups and between batches of one group.
    rng = random.Random(f"{seed}-{group.pk}-{start}")
    now = timezone.now()
    statuses = list(InquiryStatus.values)
    rows = []
    for i in range(count):
        key = uuid.UUID(int=rng.getrandbits(128))
        open_clock = rng.random() < 0.25
        rows.append(
            Inquiry(
                group=group,
                number=start + i + 1,
                tracking_token=f"bench-{key.hex}",
                submission_key=key,
                status=InquiryStatus.NEW if open_clock else rng.choice(statuses),
                customer_company=f"株式会社試験{i % 97:02d}",
                contact_name="架空 花子",
                email=f"board-{i}@bench.example",
                title=f"ブラケット試作 {i + 1}",
                description="ベンチマークの引き合い",
                reply_due_at=now + dt.timedelta(hours=rng.randint(1, 40)) if open_clock else None,
                screening=[{"ok": rng.random() > 0.1, "rule": "材料", "reason": "対象外"}],
            )
        )
    made = Inquiry.objects.bulk_create(rows, batch_size=500)
    # received_at is auto_now_add: spread it over the year afterwards, as real arrivals are.
    for n, inquiry in enumerate(made):
        inquiry.received_at = now - dt.timedelta(minutes=(count - n) * 60 * 24 * 365 // count)
    Inquiry.objects.bulk_update(made, ["received_at"], batch_size=500)


def _time_board(client: Any, url: str, repeat: int) -> list[float]:
    times = []
    for n in range(repeat):
        # The first page most of the time, as a coordinator mostly looks at what is new.
        query = ("", "?status=new", "?page=2")[n % 3]
        started = time.perf_counter()
        response = client.get(url + query)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise BenchDataError(f"the board answered {response.status_code}")
    return times


def run(*, out: Callable[[str], None], **options: Any) -> dict[str, Any]:
    try:
        counts = [int(v) for v in str(options["inquiries"]).split(",") if v.strip()]
    except ValueError as error:
        raise BenchDataError("--inquiries takes whole numbers, e.g. 200,2000") from error
    if not counts or min(counts) < 1 or options["repeat"] < 1:
        raise BenchDataError("--inquiries and --repeat must be at least 1.")
    from django.conf import settings
    from django.db import connection

    # The test client's host; the bench's own groups live in the benchmark region.
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    report = _run(counts, options["repeat"], out)
    report["database"] = connection.vendor
    return report


def _coordinator(group: Any) -> Any:
    from django.contrib.auth import get_user_model

    from renkei.orgs.choices import PersonRole
    from renkei.orgs.services import grant_role

    user, made = get_user_model().objects.get_or_create(username=f"bench-{group.slug}")
    if made:
        grant_role(actor=None, user=user, group=group, role=PersonRole.COORDINATOR)
    return user


def _run(counts: list[int], repeat: int, out: Callable[[str], None]) -> dict[str, Any]:
    from django.test import Client

    from renkei.bench.dataset import _bench_group
    from renkei.inquiries import board

    report: dict[str, Any] = {"repeat": repeat, "page_size": board.PAGE_SIZE}
    p95s = []
    for count in counts:
        group = _bench_group(f"bench-board-{count}")
        if group.inquiries.count() != count:
            group.inquiries.all().delete()
            started = time.perf_counter()
            make_inquiries(group, count)
            out(f"{count} inquiries made in {time.perf_counter() - started:.1f} s")
        client = Client(HTTP_ACCEPT_LANGUAGE="ja")
        client.force_login(_coordinator(group))
        url = f"/g/{group.slug}/manage/inquiries/"
        _time_board(client, url, 3)  # warm: templates compiled, the calendar cached
        paged = _time_board(client, url, repeat)
        saved = board.PAGE_SIZE
        board.PAGE_SIZE = OLD_PAGE_SIZE  # the board as it was: up to 200 rows on one page
        try:
            old = _time_board(client, url, repeat)
        finally:
            board.PAGE_SIZE = saved
        p95 = round(percentile(paged, 95), 1)
        p95s.append(p95)
        report[f"board_{count}_p50_ms"] = round(statistics.median(paged), 1)
        report[f"board_{count}_p95_ms"] = p95
        report[f"baseline_{count}_p50_ms"] = round(statistics.median(old), 1)
        report[f"baseline_{count}_p95_ms"] = round(percentile(old, 95), 1)
        out(
            f"{count:>7} inquiries: board p50 {report[f'board_{count}_p50_ms']:7.1f} ms  "
            f"p95 {p95:7.1f} ms   ({OLD_PAGE_SIZE} rows on one page: p50 "
            f"{report[f'baseline_{count}_p50_ms']:7.1f} ms  p95 "
            f"{report[f'baseline_{count}_p95_ms']:7.1f} ms)"
        )
    report["growth"] = round(p95s[-1] / max(p95s[0], 1e-6), 2)
    report["target_growth"] = TARGET_GROWTH
    report["met"] = report["growth"] <= TARGET_GROWTH
    out(f"p95 at {counts[-1]} / at {counts[0]}: {report['growth']}× (target ≤ {TARGET_GROWTH}×)")
    return report
