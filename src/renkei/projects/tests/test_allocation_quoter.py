"""The allocation proposal keeps the member whose answer the quote used, offers only member
manufacturers someone can be reached at, and explains itself in yen, days and reasons."""

import re

import pytest
from django.urls import reverse

from renkei.capabilities.models import Equipment, Process
from renkei.capabilities.services import save_equipment, set_processes
from renkei.conftest_helpers import login
from renkei.orgs.choices import CompanyKind
from renkei.orgs.services import create_company
from renkei.projects import services
from renkei.projects.choices import PackageState
from renkei.projects.tests.conftest import make_order

pytestmark = pytest.mark.django_db


def _shop(group, name, *, kind=CompanyKind.MANUFACTURER, email="", machine="five_axis"):
    """A company of the group that owns the machine for ``machine``: a better fit than aoki,
    which only lists the process."""
    company = create_company(actor=None, group=group, name=name, kind=kind, email=email)
    process = Process.objects.get(code=machine)
    set_processes(actor=None, company=company, processes=[process])
    save_equipment(
        actor=None, equipment=Equipment(company=company, kind="5軸", process=process, axes=5)
    )
    return company


@pytest.fixture
def rivals(group):
    return {
        "reachable": _shop(group, "北村製作所", email="info@kitamura.example"),
        "unreachable": _shop(group, "連絡先なし工業"),
        "city": _shop(group, "みやこ市産業振興課", kind=CompanyKind.CITY, email="city@example.jp"),
        "university": _shop(
            group, "みやこ工業大学", kind=CompanyKind.UNIVERSITY, email="lab@example.ac.jp"
        ),
    }


@pytest.fixture
def quoted(group, alice, bob, aoki, hana, sakura, rivals):
    """aoki answered "can do" for ¥48,000 in 9 days, and the quote used it."""
    order = make_order(group, alice, answers=[(aoki, bob, 48000, 9)])
    project, _created = services.start_order_project(actor=alice, order=order)
    services.publish_packages(actor=alice, project=project)
    return project


def _select(page, package):
    return re.search(rf'name="pkg-{package.pk}".*?</select>', page, re.S).group(0)


def test_the_quoting_member_keeps_the_line_over_a_better_fit(client, alice, aoki, quoted, rivals):
    login(client, alice)

    page = client.post(reverse("projects:allocate", args=["miyako"]), {"action": "propose"})

    text = page.content.decode()
    machining, _plating, inspection = quoted.packages.order_by("position")
    assert re.search(rf'value="{aoki.pk}" selected', _select(text, machining))
    assert re.search(rf'value="{aoki.pk}" selected', _select(text, inspection))  # its line
    row = re.search(rf'id="line-{machining.pk}".*?</tr>', text, re.S).group(0)
    assert "quoted for this order (¥48,000・9 business days)" in row
    assert "next best: 北村製作所 (did not quote)" in row


def test_supporters_and_unreachable_companies_are_never_offered(client, alice, quoted, rivals):
    login(client, alice)
    url = reverse("projects:allocate", args=["miyako"])

    text = client.post(url, {"action": "propose"}).content.decode()

    for name in ("unreachable", "city", "university"):
        assert f'value="{rivals[name].pk}"' not in text, name
    assert f'value="{rivals["reachable"].pk}"' in text

    # Sent anyway, the offer is not made.
    machining = quoted.packages.get(position=1)
    client.post(url, {"action": "accept", f"pkg-{machining.pk}": rivals["city"].pk})
    machining.refresh_from_db()
    assert machining.state == PackageState.OPEN and machining.company is None


def test_the_proposal_speaks_yen_days_and_reasons_in_japanese(client, alice, quoted):
    login(client, alice)

    text = client.post(
        reverse("projects:allocate", args=["miyako"]),
        {"action": "propose"},
        HTTP_ACCEPT_LANGUAGE="ja",
    ).content.decode()

    assert "見積回答した会社（¥48,000・9営業日）" in text
    assert re.search(r"期日（\d\d-\d\d）まで \d+ 日の余裕", text)
    assert "回答額の計 ¥48,000" in text
    assert "コスト" not in text and "cost" not in text.lower()
