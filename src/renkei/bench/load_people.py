"""The simulated people of `renkei bench load`: visitors, customers, coordinators and members.

Each person is a thread with a cookie jar of its own, as a browser is: it signs in through the
real login form (CSRF token and all) when it has an account, then asks for one page after
another, waiting 1–3 s between them, as a person reading does. One request in ten across
everyone is a customer's inquiry with a drawing, sent to the public API with an
Idempotency-Key; its tracking page joins the pages people look at afterwards.

Only the standard library speaks HTTP here (``urllib``): the bench must not need a client the
platform does not otherwise use. Redirects are not followed, so each sample is one request.
"""

import io
import json
import random
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from typing import Any

from pypdf import PdfWriter

from renkei.demo.data import PASSWORD

REQUEST_TIMEOUT = 30.0
THINK_SECONDS = (1.0, 3.0)
INQUIRY_EVERY = 10  # one request in ten across all people is an inquiry POST
LOCKED = b"database is locked"
BENCH_DOMAIN = "bench-load.example"  # the customers' addresses: how the bench finds its own
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
DIRECTORY_QUERIES = ("5軸 A7075", "SUS304", "溶接", "めっき", "旋盤 φ100", "アルミ 試作")
KNOWLEDGE_QUERIES = ("溶接", "めっき", "SUS304", "開先", "TIG 溶接", "研究会 議事録")
# Where customers send (the demo's groups, most to the prototyping network).
INQUIRY_GROUPS = (("rakunan-shisaku", 6), ("hitachi-hyomen", 2), ("echigo-migaki", 2))


@dataclass(frozen=True)
class Facts:
    """What the people need to know about the demo: read from its database before the load."""

    groups: list[str]
    companies: list[int]
    coordinator: tuple[str, str]  # (login, group slug)
    member: tuple[str, str]


@dataclass(frozen=True)
class Sample:
    kind: str
    ms: float
    status: int  # 0: no answer (refused, reset, timed out)
    error: str  # "" when fine; else why it counts as an error
    at: float  # when it was sent, time.monotonic()


@dataclass
class Shared:
    """What all the people's threads write: samples, the inquiry count, tracking links."""

    samples: list[Sample] = field(default_factory=list)
    tracking: list[str] = field(default_factory=list)
    inquiries_201: int = 0
    inquiry_statuses: dict[int, int] = field(default_factory=dict)
    logins_failed: int = 0
    counter: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_number(self) -> int:
        with self.lock:
            self.counter += 1
            return self.counter

    def add(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # the 3xx comes back as it is, measured as one request


def timed_get(url: str, timeout: float = REQUEST_TIMEOUT) -> tuple[float, int, bytes]:
    """One GET without cookies: (milliseconds, status, body); status 0 when nothing answered."""
    opener = urllib.request.build_opener(_NoRedirect())
    return _timed(opener, urllib.request.Request(url), timeout)  # noqa: S310 (our server)


def _timed(
    opener: urllib.request.OpenerDirector, request: urllib.request.Request, timeout: float
) -> tuple[float, int, bytes]:
    started = time.perf_counter()
    try:
        with opener.open(request, timeout=timeout) as response:
            body: bytes = response.read()
            status: int = response.status
    except urllib.error.HTTPError as answer:
        body, status = answer.read(), answer.code
    except (OSError, urllib.error.URLError) as failure:
        body, status = repr(failure).encode(), 0
    return (time.perf_counter() - started) * 1000, status, body


def error_of(status: int, body: bytes) -> str:
    """Why a response counts as an error: the bench's targets allow none of these."""
    if status == 0:
        return "no answer"
    if LOCKED in body:
        return "database is locked"
    if status >= 500:
        return f"{status}"
    return ""


def drawing_pdf() -> bytes:
    """A real one-page PDF, as a customer's drawing (it passes the window's checks)."""
    writer = PdfWriter()
    writer.add_blank_page(width=842, height=595)  # A4 landscape, as drawings are
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _multipart(data: dict[str, Any], pdf: bytes, name: str) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="data"\r\n'
        "Content-Type: application/json\r\n\r\n".encode(),
        json.dumps(data, ensure_ascii=False).encode(),
        f'\r\n--{boundary}\r\nContent-Disposition: form-data; name="files"; '
        f'filename="{name}"\r\nContent-Type: application/pdf\r\n\r\n'.encode(),
        pdf,
        f"\r\n--{boundary}--\r\n".encode(),
    ]
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Person:
    """One simulated person; ``role`` is ``visitor``, ``coordinator`` or ``member``."""

    def __init__(
        self,
        *,
        number: int,
        role: str,
        base_url: str,
        facts: Facts,
        seed: int,
        shared: Shared,
        pdf: bytes,
        think: tuple[float, float] = THINK_SECONDS,
    ) -> None:
        self.number = number
        self.role = role
        self.base_url = base_url
        self.facts = facts
        self.rng = random.Random(seed * 1000 + number)
        self.shared = shared
        self.pdf = pdf
        self.think = think  # (0, 0) for `--saturate`: the next request as soon as one is answered
        self.own_tracking: list[str] = []
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect()
        )

    # -- requests --------------------------------------------------------------------------

    def fetch(
        self,
        kind: str,
        path: str,
        *,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
        opener: urllib.request.OpenerDirector | None = None,
    ) -> tuple[int, bytes]:
        url = self.base_url + path  # http://127.0.0.1:<port>, the bench's own server
        request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310
        at = time.monotonic()
        ms, status, body = _timed(opener or self.opener, request, REQUEST_TIMEOUT)
        self.shared.add(Sample(kind, ms, status, error_of(status, body), at))
        return status, body

    def log_in(self) -> bool:
        """The login form as a browser fills it: the page first (CSRF cookie and token)."""
        login = self.facts.coordinator if self.role == "coordinator" else self.facts.member
        status, page = self.fetch("login", "/accounts/login/")
        token = CSRF_INPUT.search(page)
        if status != 200 or token is None:
            return False
        form = {
            "username": login[0],
            "password": PASSWORD,
            "csrfmiddlewaretoken": token.group(1).decode(),
        }
        status, _body = self.fetch(
            "login",
            "/accounts/login/",
            data=urllib.parse.urlencode(form).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        return status == 302  # a wrong password answers the form again with 200

    def send_inquiry(self, n: int) -> None:
        """A customer's system posts an inquiry with a drawing: no cookies, a fresh key."""
        slug = self.rng.choices(
            [g for g, _w in INQUIRY_GROUPS], weights=[w for _g, w in INQUIRY_GROUPS]
        )[0]
        data = {
            "company": f"株式会社負荷試験{self.number:02d}",
            "contact_name": "計測 花子",
            "email": f"load-{self.number:02d}-{n:05d}@{BENCH_DOMAIN}",
            "title": f"ブラケット試作 {n}",
            "description": "図面の通り。数量 20 個、アルマイト仕上げ。",
            "quantity": 20,
            "material": "A5052",
            "nda": False,
        }
        body, content_type = _multipart(data, self.pdf, f"bracket-{n}.pdf")
        headers = {"Content-Type": content_type, "Idempotency-Key": str(uuid.uuid4())}
        status, answer = self.fetch(
            "inquiry_post",
            f"/api/v1/groups/{slug}/inquiries",
            data=body,
            headers=headers,
            opener=urllib.request.build_opener(_NoRedirect()),
        )
        with self.shared.lock:
            self.shared.inquiry_statuses[status] = self.shared.inquiry_statuses.get(status, 0) + 1
        if status != 201:
            return
        path = urllib.parse.urlsplit(json.loads(answer)["tracking_url"]).path
        self.own_tracking.append(path)
        with self.shared.lock:
            self.shared.inquiries_201 += 1
            self.shared.tracking.append(path)

    # -- what a person looks at ------------------------------------------------------------

    def _tracking_path(self) -> str | None:
        if self.own_tracking and self.rng.random() < 0.7:
            return self.rng.choice(self.own_tracking)
        with self.shared.lock:
            return self.rng.choice(self.shared.tracking) if self.shared.tracking else None

    def _pages(self) -> list[tuple[str, Callable[[], str | None], int]]:
        """(page kind, path, weight) for this person's role."""
        rng, facts = self.rng, self.facts
        q = urllib.parse.quote

        def group_path(tail: str) -> Callable[[], str]:
            return lambda: f"/g/{rng.choice(facts.groups)}/{tail}"

        def search(tail: str, queries: tuple[str, ...]) -> Callable[[], str]:
            return lambda: tail.format(g=rng.choice(facts.groups), q=q(rng.choice(queries)))

        knowledge = ("knowledge_search", search("/knowledge/?q={q}", KNOWLEDGE_QUERIES), 2)
        directory_search = (
            "directory_search",
            search("/g/{g}/members/?q={q}", DIRECTORY_QUERIES),
            3,
        )
        if self.role == "coordinator":
            slug = facts.coordinator[1]
            return [
                ("board", lambda: f"/g/{slug}/manage/inquiries/", 5),
                ("notices", lambda: "/notices/", 2),
                ("today", lambda: "/today/", 1),
                knowledge,
                directory_search,
            ]
        if self.role == "member":
            slug = facts.member[1]
            return [
                ("today", lambda: "/today/", 2),
                ("work", lambda: f"/g/{slug}/work/inquiries/", 3),
                ("notices", lambda: "/notices/", 2),
                knowledge,
                ("directory", lambda: f"/g/{slug}/members/", 1),
            ]
        return [
            ("home", lambda: "/", 2),
            ("regions", lambda: "/regions/", 1),
            ("group", group_path(""), 2),
            ("directory", group_path("members/"), 3),
            directory_search,
            ("company", lambda: f"/companies/{rng.choice(facts.companies)}/", 2),
            knowledge,
            ("tracking", self._tracking_path, 3),
        ]

    def step(self) -> None:
        n = self.shared.next_number()
        if n % INQUIRY_EVERY == 1:
            self.send_inquiry(n)
            return
        pages = self._pages()
        kind, make_path, _weight = self.rng.choices(pages, weights=[w for *_r, w in pages])[0]
        path = make_path()
        if path is None:  # no tracking link yet: the visitor looks at the front page instead
            kind, path = "home", "/"
        self.fetch(kind, path)

    def sign_in(self) -> None:
        if self.role != "visitor" and not self.log_in():
            with self.shared.lock:
                self.shared.logins_failed += 1
            self.role = "visitor"  # still loads the server, as a person who gave up would

    def visit_each(self) -> None:
        """Every page of the role once, one after the other: the warm-up before the load."""
        self.sign_in()
        for kind, make_path, _weight in self._pages():
            path = make_path()
            if path is not None:
                self.fetch(kind, path)

    def run(self, arrive: float, until: float) -> None:
        """Arrives at the monotonic ``arrive``, signs in if the role has an account, then
        works until ``until``."""
        time.sleep(max(0.0, arrive - time.monotonic()))
        self.sign_in()
        while time.monotonic() < until:
            self.step()
            pause = self.rng.uniform(*self.think)
            if time.monotonic() + pause >= until:
                break
            time.sleep(pause)
