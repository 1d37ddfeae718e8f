"""A group's private pages answer 404 to everyone outside it, whatever id they try."""

import pytest
from django.test import Client
from django.urls import reverse

from renkei.conftest_helpers import login
from renkei.orgs.models import Group

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_group(region, aoki):
    group = Group.objects.create(region=region, name="非公開研究会", slug="secret", is_public=False)
    from renkei.orgs.services import add_member

    add_member(actor=None, group=group, company=aoki)
    return group


def _private_urls(group, membership_id):
    return [
        reverse("orgs:manage_members", args=[group.slug]),
        reverse("orgs:edit_membership", args=[group.slug, membership_id]),
        reverse("orgs:settings", args=[group.slug]),
    ]


def test_another_groups_coordinator_gets_404_on_private_pages(client, group, aoki, alice, dave):
    membership = aoki.memberships.get(group=group)
    login(client, dave)
    for url in _private_urls(group, membership.pk):
        assert client.get(url).status_code == 404, url
    login(client, alice)
    for url in _private_urls(group, membership.pk):
        assert client.get(url).status_code == 200, url


def test_membership_id_of_another_group_is_404_even_for_a_coordinator(
    client, group, other_group, alice, dave
):
    from renkei.orgs.services import add_member, create_company

    foreign = create_company(actor=None, name="よその会社")
    foreign_membership = add_member(actor=None, group=other_group, company=foreign)
    login(client, alice)
    url = reverse("orgs:edit_membership", args=[group.slug, foreign_membership.pk])
    assert client.get(url).status_code == 404


def test_member_and_supporter_cannot_manage(client, group, bob, carol):
    for user in (bob, carol):
        login(client, user)
        assert client.get(reverse("orgs:manage_members", args=[group.slug])).status_code == 404


def test_private_group_is_invisible_to_outsiders(client, private_group, bob, dave):
    for url in (
        reverse("orgs:group", args=["secret"]),
        reverse("directory:members", args=["secret"]),
    ):
        assert client.get(url).status_code == 404
        login(client, dave)
        assert client.get(url).status_code == 404
        client.logout()
    assert "非公開研究会" not in client.get(reverse("home")).content.decode()


def test_private_group_is_visible_to_its_people(client, private_group, alice):
    from renkei.orgs.services import grant_role

    grant_role(actor=None, user=alice, group=private_group, role="coordinator")
    login(client, alice)
    assert client.get(reverse("orgs:group", args=["secret"])).status_code == 200
    assert "非公開研究会" in client.get(reverse("home")).content.decode()


def test_post_without_csrf_token_is_refused(group, alice):
    csrf_client = Client(enforce_csrf_checks=True)
    login(csrf_client, alice)
    response = csrf_client.post(reverse("orgs:add_member", args=[group.slug]), {"name": "X社"})
    assert response.status_code == 403
    assert not group.memberships.filter(company__name="X社").exists()
