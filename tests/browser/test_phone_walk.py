"""A walk at 390×844 through the member's and the coordinator's main pages: none scrolls sideways.

The data is made to be wide on purpose — a long customer company, a long title without spaces,
a long URL in an article — since that is what pushes a phone's page wider than the screen.
"""

import tempfile
import uuid
from pathlib import Path

import pytest
from django.urls import reverse

from renkei.inquiries import referrals
from renkei.inquiries.models import Inquiry, Referral
from renkei.inquiries.services import submit_inquiry
from renkei.knowledge.choices import ArticleKind
from renkei.knowledge.services import Draft, create_article
from renkei.projects import claims, services
from renkei.projects.models import WorkPackage
from renkei.projects.tests.conftest import make_order
from tests.browser.conftest import log_in

SHOTS = Path(tempfile.gettempdir())  # screenshots to look at, never in the repository

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]

PHONE_WIDTH = 390
ONE_LINE_HEADER = 80  # px: one row of 44 px tap targets and its padding
LONG_COMPANY = "株式会社ロケット工房 RocketKoubouAerospaceInternationalLaboratories"
LONG_TITLE = "とても長い名前の引き合い Ti6Al4V-ELI-SHAFT-PROTOTYPE-WITH-ANODIZING-REV-C の試作"
LONG_URL = "https://example.jp/" + "a-very-long-path-segment-without-any-break" * 3


def _wide_region(group, alice, bob, aoki, sakura):
    """An inquiry referred to aoki, an order whose project aoki works on, a notice each and an
    article: every page of the walk has something wide on it."""
    inquiry, _ = submit_inquiry(
        group=group,
        key=uuid.uuid4(),
        header={
            "customer_company": LONG_COMPANY,
            "contact_name": "宇宙 太郎",
            "email": "taro.uchuu.long-address-for-testing@rocket-koubou.example",
            "title": LONG_TITLE,
            "description": f"図面の通り。参考: {LONG_URL}",
        },
        lines=[{"part_name": "SHAFT-ASSEMBLY-A7075-T651-REV-C-000123456789", "quantity": 5}],
    )
    referrals.refer(actor=alice, inquiry=inquiry, companies=[aoki], reasons={})
    order = make_order(group, alice, title=LONG_TITLE)
    project, _created = services.start_order_project(actor=alice, order=order)
    services.publish_packages(actor=alice, project=project)
    package = WorkPackage.objects.get(project=project, position=1)
    claims.claim_package(actor=bob, package=package, company=aoki)
    create_article(
        actor=alice,
        group=group,
        kind=ArticleKind.MANUAL,
        draft=Draft(title=LONG_TITLE, body=f"手順はこちら: {LONG_URL}", tags=["5軸"]),
    )
    return inquiry, Referral.objects.get(inquiry=inquiry, company=aoki), project, package


def _overflows(phone, who, paths):
    """The pages of ``paths`` that are wider than the phone (with how wide) or whose header
    takes more than one line."""
    wide = {}
    for path in paths:
        response = phone.goto(path)
        assert response is not None and response.status == 200, path
        slug = path.strip("/").replace("/", "_") or "home"
        phone.screenshot(path=SHOTS / f"renkei-phone-walk-{who}-{slug}.png", full_page=True)
        width = phone.evaluate("document.documentElement.scrollWidth")
        # A phone browser widens its layout viewport to a page that is too wide (innerWidth
        # grows with it), so the page is held to the phone's own width as well.
        fits = phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        if not fits or width > PHONE_WIDTH:
            wide[path] = width
        # One line of header: the brand and the person's menu side by side (the sections are
        # in the bottom bar), not a header that wraps into three rows of links.
        header = phone.locator("header.topbar").bounding_box()
        if header is None or header["height"] > ONE_LINE_HEADER:
            wide[path] = f"header {header and header['height']} px high"
    return wide


def test_the_members_pages_fit_a_phone(phone, group, alice, bob, aoki, sakura):
    _inquiry, referral, project, package = _wide_region(group, alice, bob, aoki, sakura)

    log_in(phone, "bob")

    assert phone.url.endswith("/today/")
    assert not _overflows(
        phone,
        "bob",
        [
            reverse("orgs:today"),
            reverse("inquiries:work", args=[group.slug]),
            reverse("inquiries:referral", args=[group.slug, referral.pk]),
            reverse("projects:list", args=[group.slug]),
            reverse("projects:detail", args=[group.slug, project.pk]),
            reverse("projects:board", args=[group.slug]),
            reverse("projects:package", args=[group.slug, package.pk]),
            reverse("notices:list"),
            reverse("knowledge:search") + "?q=シャフト",
            reverse("knowledge:group", args=[group.slug]),
            reverse("orgs:my_company"),
        ],
    )


def test_the_coordinators_pages_fit_a_phone(phone, group, alice, bob, aoki, sakura):
    inquiry, _referral, project, package = _wide_region(group, alice, bob, aoki, sakura)
    assert Inquiry.objects.filter(group=group).count() == 2

    log_in(phone, "alice")

    assert not _overflows(
        phone,
        "alice",
        [
            reverse("orgs:today"),
            reverse("inquiries:board", args=[group.slug]),
            reverse("inquiries:detail", args=[group.slug, inquiry.pk]),
            reverse("projects:list", args=[group.slug]),
            reverse("projects:detail", args=[group.slug, project.pk]),
            reverse("projects:board", args=[group.slug]),
            reverse("projects:package", args=[group.slug, package.pk]),
            reverse("notices:list"),
            reverse("knowledge:search") + "?q=シャフト",
            reverse("knowledge:group", args=[group.slug]),
            reverse("cockpit:home", args=[group.slug]),
        ],
    )
