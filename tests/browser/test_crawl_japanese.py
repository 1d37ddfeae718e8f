"""Every page the demo's people can reach reads as Japanese.

Django's test client renders the real pages (the visible text is what matters, and no page here
builds its text in JavaScript): starting from each person's landing page, every same-site link
is followed breadth-first, GET only, and each HTML page is checked for English words outside the
allow-list (tests/browser/japanese_text.py), seed references and Python exception text.
"""

import datetime as dt
import re
import uuid
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from renkei.conftest_helpers import CUSTOMER, compose_test_quote, login, login_with_second_factor
from renkei.orgs.models import Group
from tests.browser.japanese_text import findings

# The admin's index shows the task queue's models, which live in their own database. The demo
# is loaded once for the module (conftest_helpers.committed_for_module), so one xdist worker.
pytestmark = [pytest.mark.django_db(databases="__all__"), pytest.mark.xdist_group("crawl")]

PAGES_PER_PERSON = 400
# Pages of one URL shape (the same view, other records): a few of each are enough to read every
# template and status with the demo's data, and keep the crawl well under a minute and a half.
PER_SHAPE = 4

# Never followed: leaving (log out), another language, and files rather than pages.
SKIPPED = re.compile(
    r"^/(i18n|static|media)/|/logout|\.(pdf|csv|xlsx|zip|png|jpe?g|svg|step|stp|dxf)$"
    r"|/(drawings|files|photos|attachments|export|download)(/|$|\?)|/drawings/\d+|template"
    r"|/api/v1/(?!docs)|[?&]lang=en(&|$)"
)


def _shape(url: str) -> str:
    path = urlsplit(url).path
    return re.sub(r"/[0-9]+(?=/|$)|/t/[^/]+", "/#", path) + ("?" if "?" in url else "")


class _Links:
    pattern = re.compile(r"""<a\b[^>]*?\bhref=["']([^"'#][^"']*)["']""", re.I)

    @classmethod
    def of(cls, html: str, base: str) -> list[str]:
        found = []
        for href in cls.pattern.findall(html):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                if parts.netloc not in {"testserver"}:
                    continue
                href = parts.path + (f"?{parts.query}" if parts.query else "")
            elif not href.startswith("/"):
                href = base.rsplit("/", 1)[0] + "/" + href
            found.append(href)
        return found


def _crawl(client: Client, starts: list[str], allowed: set[str]) -> tuple[list[str], int]:
    queue, seen, shapes = deque(starts), set(starts), dict[str, int]()
    problems: list[str] = []
    pages = 0
    while queue and pages < PAGES_PER_PERSON:
        url = queue.popleft()
        response = client.get(url, follow=True, headers={"accept-language": "ja"})
        if response.status_code >= 500:
            problems.append(f"{url}: {response.status_code}")
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        html = response.content.decode()
        problems += [f"{url}: {problem}" for problem in findings(html, allowed)]

        here = response.redirect_chain[-1][0] if response.redirect_chain else url
        for link in _Links.of(html, here):
            if link in seen or SKIPPED.search(link):
                continue
            seen.add(link)
            shape = _shape(link)
            shapes[shape] = shapes.get(shape, 0) + 1
            if shapes[shape] <= PER_SHAPE:
                queue.append(link)
    return problems, pages


def _data_words() -> set[str]:
    """Latin-letter words the records themselves hold: names and codes people or the taxonomy
    wrote (a company's English name, a machine's model, a certificate's issuer, number and
    standard, a material symbol, TIG溶接 and DLC in the taxonomy, the reference canvases' group
    names, a glossary entry's English synonym, a login name). Content, not the UI's words."""
    from django.db import models

    from renkei.capabilities import models as capabilities
    from renkei.capabilities.choices import Standard
    from renkei.cockpit.models import Canvas
    from renkei.knowledge.models import Article
    from renkei.lib.canvases import EXAMPLES
    from renkei.orgs.models import Company

    # The certification standards are data an operator extends (HACCP, JGAP, 有機JAS …).
    texts: list[str] = [str(label) for label in Standard.labels]
    texts += list(capabilities.CertificationStandard.objects.values_list("name_ja", flat=True))
    for example in EXAMPLES:
        texts += [example.name, *example.blocks.values()]
    for model in (
        Company,
        Group,
        capabilities.Equipment,
        capabilities.Certification,
        capabilities.Material,
        capabilities.MaterialFamily,
        capabilities.Process,
        capabilities.ProcessCategory,
        Canvas,
        Article,
    ):
        fields = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        for row in model._default_manager.values_list(*fields):
            texts += [str(value) for value in row if value]
    texts += get_user_model().objects.values_list("username", flat=True)
    return {word for text in texts for word in re.findall(r"[A-Za-z][A-Za-z0-9_'.+-]*", text)}


@pytest.fixture(scope="module")
def _demo_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded once for the module's tests (seconds each time): every test reads it in
    its own rolled-back transaction, with the demo's files where the pages look for them."""
    from renkei.conftest_helpers import committed_for_module

    media = tmp_path_factory.mktemp("crawl-demo")
    yield from committed_for_module(django_db_blocker, media, lambda: (_working_day(), media))


@pytest.fixture
def demo(_demo_once, db, settings):
    group_id, media = _demo_once
    settings.MEDIA_ROOT = media
    return Group.objects.get(pk=group_id)


def _working_day() -> int:
    """The demo region, plus what a working day adds to it: a new inquiry waiting for the
    coordinator and one with a composed quote waiting to be sent."""
    from renkei.inquiries.services import submit_inquiry

    call_command("load_demo", stdout=None)
    group = Group.objects.get(slug="rakunan-shisaku")
    coordinator = get_user_model().objects.get(username="coordinator")
    submit_inquiry(
        group=group,
        key=uuid.uuid4(),
        header={**CUSTOMER, "desired_delivery": timezone.localdate() + dt.timedelta(days=30)},
        lines=[{"part_name": "シャフト", "quantity": 4, "material": "A5052"}],
    )
    quoted, _ = submit_inquiry(
        group=group,
        key=uuid.uuid4(),
        header={**CUSTOMER, "title": "ブラケット試作"},
        lines=[{"part_name": "ブラケット", "quantity": 2}],
    )
    compose_test_quote(coordinator, quoted, [("ブラケット", 2, 9000)])
    return group.pk


def _sending_summary(group: Group) -> str:
    """The summary a coordinator confirms before a quote goes (reached by a button, not a link)."""
    from renkei.inquiries.models import Quote

    quote = Quote.objects.get(inquiry__group=group, sent_at__isnull=True)
    return f"/g/{group.slug}/manage/inquiries/{quote.inquiry_id}/quote-{quote.revision}/send"


def _client() -> Client:
    # A page that fails is a finding with its address, not the end of the crawl.
    return Client(raise_request_exception=False)


def _person(username: str) -> Client:
    client = _client()
    user = get_user_model().objects.get(username=username)
    user.set_password("correct-horse-42")
    user.save()
    login(client, user)
    return client


@pytest.mark.parametrize("username", ["coordinator", "member", "supporter"])
def test_every_page_a_person_reaches_reads_as_japanese(demo, username):
    starts = ["/today/", "/"]
    if username == "coordinator":
        starts.append(_sending_summary(demo))
    problems, pages = _crawl(_person(username), starts, _data_words())
    assert pages > 10
    assert not problems, "\n".join(problems)


def test_every_page_a_visitor_reaches_reads_as_japanese(demo):
    from renkei.inquiries.models import Inquiry

    tracking = [inquiry.get_tracking_url() for inquiry in Inquiry.objects.all()]
    starts = ["/", f"/g/{demo.slug}/inquiry/", "/accounts/login/", *tracking]
    problems, pages = _crawl(_client(), starts, _data_words())
    assert pages > 5
    assert not problems, "\n".join(problems)


def test_the_admin_names_every_app_and_model_in_japanese(demo):
    """The operators' admin in Japanese: our apps and models and the third-party ones (two-factor
    devices, login attempts, the task queue) are named in Japanese on the index and each app's
    page. (The change lists are Django's own, translated by Django.)"""
    client = _client()
    admin = get_user_model().objects.get(username="admin")
    admin.set_password("correct-horse-42")
    admin.save()
    login_with_second_factor(client, admin)
    index = client.get("/admin/", headers={"accept-language": "ja"}).content.decode()
    apps = sorted(set(re.findall(r'href="(/admin/[a-z_]+/)"', index)))
    assert "/admin/otp_totp/" in apps and "/admin/axes/" in apps
    assert "/admin/django_tasks_database/" in apps
    allowed = _data_words()
    problems = [f"/admin/: {problem}" for problem in findings(index, allowed)]
    for link in apps:
        page = client.get(link, headers={"accept-language": "ja"})
        problems += [f"{link}: {problem}" for problem in findings(page.content.decode(), allowed)]
    assert not problems, "\n".join(problems)


def test_the_reader_finds_what_a_japanese_page_must_not_show():
    """The crawl's reader itself: it sees English in text and in the attributes people read,
    seed references and exception text, and lets through codes, units, addresses and keys."""
    page = (
        '<p title="Open it">加工 Process: A7075 5 mm JIS Q 9100 <a href="/x">x@example.com</a></p>'
        "<p>seed l.120 と l.33</p><pre>Traceback: KeyError: 'a'</pre>"
        '<script>var English = "hidden";</script><code>Authorization: Bearer</code>'
    )
    found = findings(page)
    assert found[0] == "English: KeyError, Open, Process, Traceback, a, it, seed"
    assert sum(f.startswith("seed reference") for f in found) == 2
    assert any("Traceback" in f for f in found) and any("KeyError:" in f for f in found)
    assert (
        findings("<p>ISO 9001 の STEP と PDF、renkei@example.jp、https://renkei.example/</p>") == []
    )
