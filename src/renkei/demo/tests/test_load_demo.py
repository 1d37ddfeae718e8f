"""`renkei load_demo`: the demo region, its logins, and running it again."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Model
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from renkei.capabilities.models import (
    Certification,
    CompanyMaterial,
    CompanyProcess,
    Equipment,
)
from renkei.core.models import AuditEntry
from renkei.directory.search import search_directory
from renkei.lib.houjin import corporate_number_error
from renkei.orgs.models import Company, Group, GroupRole, Membership, Region
from renkei.orgs.permissions import can_edit_company

DEMO_PASSWORD = "renkei-demo"
COUNTED: list[type[Model]] = [
    Region,
    Group,
    Company,
    Membership,
    CompanyProcess,
    CompanyMaterial,
    Equipment,
    Certification,
    GroupRole,
    get_user_model(),
    AuditEntry,
]


def _load() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in COUNTED}


# The demo is loaded once for the module (committed; emptied at its end) rather than once per
# test: a load takes seconds. Every test reads it inside its own rolled-back transaction, so a
# test that changes or loads it again leaves the next one the demo as first loaded. Loading
# queues tasks (the task queue is a database of its own on SQLite): hence every database; and
# one xdist worker, so that it is loaded once in a run.
pytestmark = [pytest.mark.django_db(databases="__all__"), pytest.mark.xdist_group("demo_load")]


@pytest.fixture(scope="module")
def _demo_once(django_db_setup, django_db_blocker, tmp_path_factory):
    from renkei.conftest_helpers import committed_for_module

    yield from committed_for_module(django_db_blocker, tmp_path_factory.mktemp("demo"), _load)


@pytest.fixture
def demo(_demo_once, db):
    return _demo_once


def test_loading_the_demo_twice_changes_nothing(demo):
    before = _counts()
    output = _load()
    assert _counts() == before
    assert "nothing was changed" in output


def test_every_demo_login_is_printed_and_signs_in(demo):
    from renkei.demo.data import PASSWORD

    output = _load()
    logins = [line.split()[0] for line in output.splitlines() if f"  {PASSWORD}  " in line]
    # The 幹事企業's admin of the lead-company group (inquiries.demo) is among them.
    assert {"coordinator", "member", "supporter", "migaki", "kanji", "admin"} <= set(logins)
    people = get_user_model().objects.filter(username__in=logins, is_active=True)
    assert sorted(p.username for p in people if p.check_password(PASSWORD)) == sorted(logins)


def test_the_demo_has_four_groups_of_the_planned_sizes(demo):
    sizes = {
        group.slug: Membership.objects.for_group(group)
        .current()
        .exclude(circle="supporter")
        .count()
        for group in Group.objects.filter(region__slug="kinki")
    }
    assert sizes == {
        # 12, the company admitted from an application (joining) and two people in their own
        # name (capabilities.demo)
        "rakunan-shisaku": 15,
        "hitachi-hyomen": 8,
        "echigo-migaki": 10,
        "tamba-shoku": 4,
    }
    prototyping = Group.objects.get(slug="rakunan-shisaku")
    assert prototyping.stage in {"development", "product"}
    assert prototyping.reply_promise_hours == 2
    assert {c["name"] for c in prototyping.closures} == {"お盆", "年末年始"}


def test_supporters_sit_in_the_supporters_circle(demo):
    supporters = Membership.objects.filter(circle="supporter").select_related("company")
    assert {m.company.kind for m in supporters} >= {"city", "chamber", "bank", "university"}


def test_every_demo_company_has_a_distinct_valid_corporate_number(demo):
    # A person in their own name has no 法人番号 (capabilities.demo).
    numbers = list(
        Company.objects.exclude(kind="individual").values_list("corporate_number", flat=True)
    )
    assert all(number and corporate_number_error(number) is None for number in numbers)
    assert len(set(numbers)) == len(numbers)


def test_members_have_searchable_profiles_and_gating_certificates(demo):
    from renkei.joining.models import Application

    # A company admitted through an application brings processes and certificates, and adds
    # its machines later on its own profile page (joining.demo).
    admitted = Application.objects.exclude(company=None).values("company")
    members = Company.objects.filter(kind="manufacturer").exclude(pk__in=admitted)
    for company in members:
        assert 2 <= company.company_processes.count() <= 6, company.name
        assert 1 <= company.equipment.count() <= 3, company.name
        assert company.search_text, company.name
    valid = Certification.objects.valid_on(timezone.localdate())
    assert valid.filter(standard="JIS Q 9100").count() >= 2
    assert Certification.objects.filter(expires_on__lt=timezone.localdate()).count() == 1
    assert {"IATF 16949", "ISO 14001", "EA21"} <= set(valid.values_list("standard", flat=True))


def test_the_loader_puts_back_what_was_changed(demo):
    company = Company.objects.get(name="桂川精工株式会社")
    Company.objects.filter(pk=company.pk).update(employees=999)
    output = _load()
    company.refresh_from_db()
    assert company.employees == 22
    assert "updated: companies 1" in output


@pytest.mark.parametrize("username", ["coordinator", "member", "supporter", "migaki", "admin"])
def test_every_demo_login_works_and_is_printed(client, demo, username):
    assert client.login(request=HttpRequest(), username=username, password=DEMO_PASSWORD)
    assert username in demo
    assert DEMO_PASSWORD in demo


def test_demo_logins_have_their_intended_roles(demo):
    users = get_user_model().objects
    prototyping = Group.objects.get(slug="rakunan-shisaku")
    coordinator = users.get(username="coordinator")
    assert not coordinator.is_staff and not coordinator.is_superuser
    assert GroupRole.objects.filter(
        user=coordinator, group=prototyping, role="coordinator"
    ).exists()
    member = users.get(username="member")
    grant = GroupRole.objects.get(user=member)
    assert (grant.group, grant.role, grant.company.name) == (
        prototyping,
        "member_admin",
        "桂川精工株式会社",
    )
    supporter = users.get(username="supporter")
    assert set(GroupRole.objects.filter(user=supporter).values_list("role", flat=True)) == {
        "supporter"
    }
    assert not can_edit_company(supporter, grant.company)
    assert GroupRole.objects.filter(
        user__username="migaki", group__slug="echigo-migaki", role="coordinator"
    ).exists()
    assert users.get(username="admin").is_superuser


def test_the_coordinator_is_kept_out_of_the_admin(client, demo):
    # The admin is for platform operators: it is not scoped by group.
    assert client.login(request=HttpRequest(), username="coordinator", password=DEMO_PASSWORD)
    assert client.get(reverse("admin:index")).status_code == 302
    response = client.get(reverse("admin:orgs_company_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_demo_directory_finds_five_axis_aluminium_shops(client, demo):
    group = Group.objects.get(slug="rakunan-shisaku")
    result = search_directory(group=group, text="5軸 A7075")
    names = set(result.companies.values_list("name", flat=True))
    assert result.total >= 1
    assert "株式会社伏見精機製作所" in names
    page = client.get(reverse("directory:members", args=[group.slug]), {"q": "5軸 A7075"})
    assert "株式会社伏見精機製作所" in page.content.decode()


def test_the_food_group_stands_beside_the_manufacturers_after_loading_twice(demo):
    from renkei.inquiries.matching import match_inquiry
    from renkei.inquiries.models import Inquiry

    _load()
    food = Group.objects.get(slug="tamba-shoku")
    sectors = set(
        CompanyProcess.objects.filter(company__memberships__group=food).values_list(
            "process__category__sector__code", flat=True
        )
    )
    assert sectors == {"food_processing", "agriculture"}
    inquiries = Inquiry.objects.filter(group=food)
    assert inquiries.count() == 2  # sent once, however often the demo is loaded
    curry = inquiries.get(title__contains="カレー")
    (line,) = match_inquiry(curry)
    passing = [c.company.name for c in line.candidates if c.passes]
    assert passing[0] == "株式会社丹波レトルト食品"
    response = Client().get(reverse("inquiries:window", args=["tamba-shoku"]))
    body = response.content.decode()
    # The window of a food group names food processes first (its datalist and its example).
    assert body.index("殺菌・レトルト") < body.index("砂型鋳造")


def test_the_region_view_is_filled_for_the_city(client, demo):
    """Three groups share their figures with the region, one does not; the rollups are built,
    so the city's supporter opens the region view and sees figures, none of a single job."""
    from renkei.region.models import DemandCell, RegionSharing

    sharing = set(RegionSharing.objects.filter(shares=True).values_list("group__slug", flat=True))
    assert sharing == {"rakunan-shisaku", "echigo-migaki", "tamba-shoku"}
    assert DemandCell.objects.exists()
    assert client.login(request=HttpRequest(), username="supporter", password=DEMO_PASSWORD)
    page = client.get("/r/kinki/")
    assert page.status_code == 200
    assert "株式会社" not in page.content.decode()  # no customer's name
