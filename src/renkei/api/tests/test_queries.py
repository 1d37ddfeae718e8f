"""Lists cost the same number of queries for 2 rows as for 20 (NetBox-style recorded counts),
so an N+1 slipped into a schema resolver fails here."""

import pytest

from renkei.capabilities.models import Certification, Equipment, Material, Process
from renkei.capabilities.services import save_certification, save_equipment, set_processes
from renkei.directory.search import vocabulary
from renkei.orgs.models import Group
from renkei.orgs.services import add_member, create_company, grant_role

pytestmark = pytest.mark.django_db

# Token lookup, the last-used stamp, and the caller's roles.
AUTH = 3


@pytest.fixture
def crowd(region, group, other_group, aoki, sakura, hidden_member, alice):
    """Twenty more members across several groups, each with a profile, and more groups."""
    processes = list(Process.objects.filter(code__in=["turning", "five_axis"]))
    for n in range(20):
        company = create_company(
            actor=None, group=group, name=f"会社{n:02}", kana=f"かいしゃ{n:02}"
        )
        add_member(actor=None, group=other_group, company=company)
        set_processes(actor=None, company=company, processes=processes)
        save_equipment(actor=None, equipment=Equipment(company=company, kind="旋盤", x_mm=n + 1))
        save_certification(
            actor=None, certification=Certification(company=company, standard="ISO 9001")
        )
    for n in range(10):
        extra = Group.objects.create(region=region, name=f"グループ{n}", slug=f"g{n}")
        grant_role(actor=None, user=alice, group=extra, role="coordinator")
    # The search vocabulary is read once per change of the taxonomy; warm it so counts do not
    # depend on which test happens to run first.
    vocabulary()


@pytest.mark.parametrize(
    ("url", "max_queries"),
    [
        ("/api/v1/groups", 2),
        ("/api/v1/groups/miyako/members", 3),
        # A search first reads the matching ids, once, for the page, its count and its facets;
        # and the taxonomy's change stamp, since an operator extends the vocabulary at run time.
        ("/api/v1/groups/miyako/members?q=旋盤", 6),
        ("/api/v1/companies", 3),
        # search_directory counts its matches once more.
        ("/api/v1/companies?group=miyako&q=旋盤", 7),
        ("/api/v1/processes", 2),
        ("/api/v1/materials", 2),
    ],
)
def test_list_query_counts_for_visitors(
    client, crowd, url, max_queries, django_assert_max_num_queries
):
    with django_assert_max_num_queries(max_queries):
        response = client.get(url)
    assert response.status_code == 200
    assert response.json()["count"] >= 2


@pytest.mark.parametrize(
    ("url", "max_queries"),
    [
        ("/api/v1/groups", 2),
        ("/api/v1/groups/miyako/members", 3),
        ("/api/v1/companies", 3),
        ("/api/v1/companies?group=hokko", 4),
    ],
)
def test_list_query_counts_with_a_token(
    client, crowd, alice, token_for, url, max_queries, django_assert_max_num_queries
):
    headers = {"Authorization": f"Bearer {token_for(alice)}"}

    with django_assert_max_num_queries(AUTH + max_queries):
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    assert response.json()["count"] >= 2


def test_capabilities_query_count_does_not_grow_with_the_profile(
    client, aoki, django_assert_max_num_queries
):
    set_processes(actor=None, company=aoki, processes=Process.objects.all()[:30])
    from renkei.capabilities.services import set_materials

    set_materials(actor=None, company=aoki, materials=Material.objects.all()[:30])
    for n in range(10):
        save_equipment(actor=None, equipment=Equipment(company=aoki, kind=f"機械{n}"))

    # The company with its memberships, then processes, materials, equipment, certificates.
    with django_assert_max_num_queries(6):
        response = client.get(f"/api/v1/companies/{aoki.pk}/capabilities")
    assert len(response.json()["processes"]) == 30
